import { describe, expect, it } from 'vitest';
import { text2sqlAggregator } from '../benchmarks/text2sql/aggregate.js';
import type { SampleRecord } from '../harness/types.js';

const rec = (reason: string, turns: number, toolCalls: number, extra: Partial<SampleRecord> = {}): SampleRecord => ({
  id: 'x', sample: 0, output: '', trace: [], turns, tool_calls: toolCalls, usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  latency_ms: 0, attempts: 1, scores: { ex: reason === 'match' ? 1 : 0 }, extra: { reason }, error: null, finished_at: '', ...extra,
});

function fold(records: Iterable<SampleRecord>) {
  const acc = text2sqlAggregator();
  for (const r of records) acc.add(r);
  return acc.finish();
}

describe('text2sqlAggregator', () => {
  it('aggregates error rates and effort over scored records', () => {
    const unscored = rec('match', 9, 9, { scores: null, error: 'model: http 500' });
    expect(fold([rec('match', 1, 0), rec('pred_error', 3, 2), unscored, rec('pred_timeout', 2, 1), rec('no_sql', 2, 1)])).toEqual({
      sql_error_rate: 0.25, sql_timeout_rate: 0.25, no_sql_rate: 0.25, mean_turns: 2, mean_tool_calls: 1,
    });
    expect(fold([])).toEqual({});
  });

  it('folds 400,000 records in one pass (a quadratic step would time the test out)', () => {
    const reasons = ['match', 'pred_error', 'pred_timeout', 'no_sql', 'mismatch'];
    function* records() {
      for (let i = 0; i < 400_000; i++) yield rec(reasons[i % 5]!, 1 + (i % 3), i % 2, { id: String(i >> 4), sample: i & 15 });
    }
    const agg = fold(records());
    expect(agg).toMatchObject({ sql_error_rate: 0.2, sql_timeout_rate: 0.2, no_sql_rate: 0.2 });
    expect(agg.mean_turns).toBeCloseTo(2, 4);
  });
});
