import { describe, expect, it } from 'vitest';
import { recrmAggregator } from '../benchmarks/recrm/aggregate.js';
import type { JsonObject, SampleRecord } from '../harness/types.js';

const DIMS = ['instruction-following', 'factual-consistency', 'query-item-relevance', 'user-behavior-prediction'];

function rec(i: number): SampleRecord {
  const dimension = DIMS[i % 4]!;
  const yes = i % 3 === 0;
  const correct = i % 5 !== 0;
  const extra: JsonObject =
    dimension === 'user-behavior-prediction'
      ? { dimension, task: 'item-ranking', label_type: 'ranking', label: '', verdict: '', correct, ndcg: (i % 11) / 10, pairwise: (i % 7) / 6, k: 5 }
      : { dimension, task: dimension, label_type: 'binary', label: yes ? 'yes' : 'no', verdict: correct === yes ? 'yes' : 'no', correct, score: (i % 13) / 12 };
  return {
    id: `${dimension}/${i >> 2}`, sample: 0, output: '', trace: [], turns: 1, tool_calls: 0,
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, latency_ms: 0, attempts: 1,
    scores: { acc: correct ? 1 : 0 }, extra, error: null, finished_at: '',
  };
}

function fold(records: Iterable<SampleRecord>) {
  const acc = recrmAggregator({ dimensions: DIMS });
  for (const r of records) acc.add(r);
  return acc.finish();
}

describe('recrmAggregator', () => {
  it('does not depend on record order (merged shards give the unsharded CIs)', () => {
    const N = 2_000;
    const a = fold((function* () { for (let i = 0; i < N; i++) yield rec(i); })());
    // Interleaved "shards": odd records first, then even ones.
    const b = fold((function* () { for (let s = 1; s >= 0; s--) for (let i = s; i < N; i += 2) yield rec(i); })());
    expect(a).toEqual(b);
    expect((a.overall as JsonObject).accuracy_micro).toMatchObject({ value: 0.8, n: N });
  });

  // Its bootstraps resample entries (1000 × N draws per statistic, ~10 statistics): linear, but the
  // costliest aggregate per record, so fewer records than the others; N² would still take minutes.
  it('folds 40,000 records (bootstraps stay linear in entries)', () => {
    const N = 40_000;
    const agg = fold((function* () { for (let i = 0; i < N; i++) yield rec(i); })());
    expect((agg.overall as JsonObject).accuracy_micro).toMatchObject({ value: 0.8, n: N });
    const fc = ((agg.dimensions as JsonObject)['factual-consistency'] as JsonObject).tasks as JsonObject;
    expect((fc['factual-consistency'] as JsonObject).auc).not.toBeNull();
  });
});
