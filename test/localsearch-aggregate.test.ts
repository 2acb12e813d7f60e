import { describe, expect, it } from 'vitest';
import { localSearchAggregator } from '../benchmarks/localsearch/aggregate.js';
import type { SampleRecord, TraceStep } from '../harness/types.js';

const rag: TraceStep = { turn: 1, tool: 'rag', input: null, output: '', meta: { success: true } };
const web: TraceStep = { turn: 2, tool: 'web_search', input: null, output: '', meta: { unavailable: true } };

function rec(i: number, extra: Partial<SampleRecord> = {}): SampleRecord {
  const judged = i % 4 !== 3;
  return {
    id: String(i >> 2), sample: i & 3, output: '', trace: i % 2 ? [rag, web] : [rag], turns: 1 + (i % 2), tool_calls: i % 2 ? 2 : 1,
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, latency_ms: 0, attempts: 1,
    scores: judged ? { correctness: i % 3 === 0 ? 1 : 0, tool_calls: 1, rounds: 1 } : { tool_calls: 1, rounds: 1 },
    extra: { answer_marker: i % 5 !== 0, judge: { cached: i % 10 === 0 } },
    error: null, finished_at: '', ...extra,
  };
}

function fold(records: Iterable<SampleRecord>) {
  const acc = localSearchAggregator();
  for (const r of records) acc.add(r);
  return acc.finish();
}

describe('localSearchAggregator', () => {
  it('divides totals over all samples by the samples with a judge verdict, as the official pipeline does', () => {
    const error = rec(1, { scores: null, error: 'model: timeout', extra: {} });
    const agg = fold([rec(0), rec(1), rec(2), rec(3), error]);
    // tool calls 1+2+1+2+2 = 8, rounds 1+2+1+2+2 = 8, over 3 judged samples.
    expect(agg).toMatchObject({ official_avg_tool_calls: 8 / 3, official_avg_rounds: 8 / 3, rag_calls: 5, web_search_calls: 3, web_search_unavailable: 3, judge_verdicts_from_cache: 1 });
    expect(agg.answer_marker_rate).toBe(3 / 4);
  });

  it('folds 400,000 records in one pass, the same in any order', () => {
    const N = 400_000;
    const a = fold((function* () { for (let i = 0; i < N; i++) yield rec(i); })());
    const b = fold((function* () { for (let i = N - 1; i >= 0; i--) yield rec(i); })());
    expect(a).toEqual(b);
    expect(a.rag_calls).toBe(N);
    expect(a.web_search_calls).toBe(N / 2);
  });
});
