import { describe, expect, it } from 'vitest';
import { bestKKey, mathAccumulator } from '../benchmarks/math/aggregate.js';
import type { JsonObject, SampleRecord } from '../harness/types.js';

function rec(id: string, sample: number, acc: number | null, extra: JsonObject = {}, completion = 100): SampleRecord {
  return {
    id, sample, output: '', trace: [], turns: 1, tool_calls: 0,
    usage: { prompt_tokens: 10, completion_tokens: completion, total_tokens: 10 + completion },
    latency_ms: 0, attempts: 1, scores: acc === null ? null : { acc }, extra,
    error: acc === null ? 'answer check timeout' : null, error_kind: acc === null ? 'scorer' : null, finished_at: '',
  };
}

/** Problem "a": correct at samples 3, 7, 12 of 16; problem "b": only sample 15 correct. */
function records(): SampleRecord[] {
  const out: SampleRecord[] = [];
  for (let i = 0; i < 16; i++) out.push(rec('a', i, [3, 7, 12].includes(i) ? 1 : 0, {}, 200));
  for (let i = 0; i < 16; i++) out.push(rec('b', i, i === 15 ? 1 : 0, i < 4 ? { truncated: true } : {}, 1000));
  return out;
}

function fold(rs: readonly SampleRecord[]): JsonObject {
  const acc = mathAccumulator();
  for (const r of rs) acc.add(r);
  return acc.finish();
}

describe('math aggregate', () => {
  it('contributes verl bootstrap best@k as its own metrics (mean over problems of numpy-exact values)', () => {
    const out = fold(records());
    const metrics = out.metrics as Record<string, JsonObject>;
    expect(Object.keys(metrics)).toEqual([bestKKey(2), bestKKey(4), bestKKey(8), bestKKey(16), 'response_tokens']);
    expect(bestKKey(16)).toBe('acc/best@16(verl)');
    // Per problem (numpy, verl's bootstrap_metric): a = 0.322, 0.552, 0.811, 0.973; b = 0.109, 0.211, 0.39, 0.644.
    expect(metrics[bestKKey(2)]!.value).toBeCloseTo((0.322 + 0.109) / 2, 12);
    expect(metrics[bestKKey(16)]!.value).toBeCloseTo((0.973 + 0.644) / 2, 12);
    expect(metrics[bestKKey(16)]).toMatchObject({ label: 'best@16 (verl bootstrap)', kind: 'best@16(verl)', n: 2, scale: 100, primary: false });
  });

  it('counts truncated samples and the mean response length', () => {
    const out = fold(records());
    expect(out.truncated).toMatchObject({ count: 4, rate: 0.125, samples: 32 });
    expect(out.response_tokens).toMatchObject({ mean: 600, mean_correct: (3 * 200 + 1000) / 4, samples: 32 });
    expect((out.metrics as Record<string, JsonObject>).response_tokens).toMatchObject({ value: 600, n: 2, scale: 1 });
  });

  it('does not depend on record order; error records are left out', () => {
    const rs = records();
    const reversed = [...rs].reverse();
    expect(fold(reversed)).toEqual(fold(rs));
    // An error record carries no score: that problem's bootstrap runs over its 15 scored samples.
    const withError = rs.map((r) => (r.id === 'a' && r.sample === 0 ? rec('a', 0, null) : r));
    const out = fold(withError);
    expect(Object.keys(out.metrics as JsonObject)).toContain(bestKKey(15));
    expect(out.truncated).toMatchObject({ samples: 31 });
  });
});
