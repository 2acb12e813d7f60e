// Score-table columns as bfcl_eval's generate_leaderboard_csv computes them: non-live unweighted
// over its four categories, live weighted by entry count, irrelevance the plain mean of the two
// irrelevance categories, overall with BFCL v4's 10/10/10/30/40 weights (absent sections = 0).
import { describe, expect, it } from 'vitest';
import { bfclAggregator } from '../benchmarks/bfcl/aggregate.js';
import type { JsonObject, SampleRecord } from '../harness/types.js';

function rec(category: string, id: string, acc: number, sample = 0, error: string | null = null): SampleRecord {
  return {
    id, sample, groups: { category }, output: '', trace: [], turns: 1, tool_calls: 0,
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, latency_ms: 0, attempts: 1,
    scores: error ? null : { acc }, error, finished_at: '',
  };
}

function fill(out: SampleRecord[], category: string, n: number, correct: number) {
  for (let i = 0; i < n; i++) out.push(rec(category, `${category}_${i}`, i < correct ? 1 : 0));
}

const v = (r: JsonObject, k: string) => ((r.metrics as JsonObject)[k] as JsonObject).value as number;

describe('BFCL aggregates', () => {
  it('computes each column as the official code does', () => {
    const records: SampleRecord[] = [];
    fill(records, 'simple_python', 10, 5); // 0.5
    fill(records, 'multiple', 4, 4); // 1
    fill(records, 'parallel', 2, 1); // 0.5
    fill(records, 'parallel_multiple', 5, 0); // 0
    fill(records, 'live_simple', 10, 10); // 1
    fill(records, 'live_multiple', 30, 0); // 0
    fill(records, 'live_parallel', 2, 2);
    fill(records, 'live_parallel_multiple', 8, 4);
    fill(records, 'irrelevance', 4, 3); // 0.75
    fill(records, 'live_irrelevance', 20, 5); // 0.25
    fill(records, 'live_relevance', 5, 4);
    records.push(rec('simple_python', 'errored', 0, 0, 'model: timeout'));
    const acc = bfclAggregator();
    // order must not matter
    for (const r of [...records].reverse()) acc.add(r);
    const out = acc.finish();
    expect(v(out, 'non_live')).toBeCloseTo((0.5 + 1 + 0.5 + 0) / 4, 12);
    expect(v(out, 'live')).toBeCloseTo((10 + 0 + 2 + 4) / 50, 12);
    expect(v(out, 'irrelevance')).toBeCloseTo(0.5, 12);
    expect(v(out, 'relevance')).toBeCloseTo(0.8, 12);
    expect(v(out, 'overall')).toBeCloseTo(0.1 * 0.5 + 0.1 * 0.32 + 0.1 * 0.5, 12);
    expect(((out.score_table as JsonObject).single_turn_mean as number)).toBeCloseTo((0.5 + 0.32 + 0.5) / 3, 12);
    expect(((out.categories as JsonObject).simple_python as JsonObject).entries).toBe(10);
  });

  it('averages an entry over its samples (avg@n), and leaves out columns it cannot compute', () => {
    const acc = bfclAggregator();
    acc.add(rec('live_simple', 'a', 1, 0));
    acc.add(rec('live_simple', 'a', 0, 1));
    acc.add(rec('live_simple', 'b', 1, 0));
    acc.add(rec('live_simple', 'b', 1, 1));
    const out = acc.finish();
    expect(((out.categories as JsonObject).live_simple as JsonObject).accuracy).toBeCloseTo(0.75, 12);
    expect(out.metrics).toEqual({});
    expect((out.score_table as JsonObject).missing_columns).toEqual(['non_live', 'live', 'irrelevance', 'relevance', 'overall']);
  });
});
