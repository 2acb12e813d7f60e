import { describe, expect, it } from 'vitest';
import { searchAggregator, searchesOf } from '../benchmarks/searchqa/aggregate.js';
import type { JsonObject, RecordAccumulator, SampleRecord, TraceStep } from '../harness/types.js';

function fold(acc: RecordAccumulator, records: Iterable<SampleRecord>): JsonObject {
  for (const r of records) acc.add(r);
  return acc.finish();
}

describe('searchAggregator', () => {
  const step = (meta?: TraceStep['meta'], tool = 'search'): TraceStep => ({ turn: 1, tool, input: null, output: '', ...(meta ? { meta } : {}) });
  const ok = { doc_ids: ['1', '2', '3'] };
  const rec = (trace: TraceStep[], em: number, turns: number, tokens: number, extra: Partial<SampleRecord> = {}): SampleRecord => ({
    id: String(Math.random()), sample: 0, output: null, trace, turns, tool_calls: trace.length,
    usage: { prompt_tokens: tokens - 10, completion_tokens: 10, total_tokens: tokens }, latency_ms: 0, attempts: 1,
    scores: { em, f1: em, acc: em }, error: null, finished_at: '', extra: { tagged: true }, ...extra,
  });

  it('counts only searches the retriever answered', () => {
    expect(searchesOf({ trace: [step(ok), step(undefined), step(ok, 'other'), step({ query: 'q' }), step(ok)] })).toBe(2);
  });

  it('means per question, limit rates and accuracy by number of searches; error records left out', () => {
    const records = [
      rec([], 0, 1, 100, { extra: { tagged: false } }),
      rec([step(ok)], 1, 2, 200),
      rec([step(ok)], 0, 2, 300),
      rec([step(ok), step(ok), step(ok)], 1, 5, 600, { limit_hit: 'max_turns' }),
      rec([step(ok), step(undefined)], 1, 3, 400, { limit_hit: 'max_searches' }),
      { ...rec([step(ok)], 0, 9, 9999), scores: null, error: 'model: http 500' },
    ];
    const agg = fold(searchAggregator({ protocol: 'tags' }), records);
    expect(agg).toEqual({
      protocol: 'tags',
      questions: 5,
      scored_samples: 5,
      searches_per_question: 1.2,
      turns_per_question: 2.6,
      tokens_per_question: 320,
      prompt_tokens_per_question: 310,
      completion_tokens_per_question: 10,
      answered_rate: 0.8,
      limit_hit_rate: 0.4,
      limit_hits: { max_turns: 1, max_searches: 1 },
      by_searches: [
        { searches: 0, n: 1, share: 0.2, em: 0, f1: 0, acc: 0 },
        { searches: 1, n: 3, share: 0.6, em: 0.6667, f1: 0.6667, acc: 0.6667 },
        { searches: 3, n: 1, share: 0.2, em: 1, f1: 1, acc: 1 },
      ],
    });
    expect(fold(searchAggregator({}), [])).toMatchObject({ protocol: null, questions: 0, searches_per_question: null, by_searches: [] });
  });

  it('counts questions as problems, not samples (n = 4 samples of 2 problems)', () => {
    const records = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'].map((id, i) => ({ ...rec([step(ok)], 1, 2, 100), id, sample: i % 4 }));
    expect(fold(searchAggregator({}), records)).toMatchObject({ questions: 2, scored_samples: 8, searches_per_question: 1 });
  });
});

describe('searchAggregator at scale', () => {
  const ok = { doc_ids: ['1', '2', '3'] };
  const step: TraceStep = { turn: 1, tool: 'search', input: null, output: '', meta: ok };
  it('folds 300,000 records in one pass, in any order, to the same digits', () => {
    const rec = (i: number): SampleRecord => ({
      id: String(i >> 4), sample: i & 15, output: null, trace: Array.from({ length: i % 4 }, () => step), turns: 1 + (i % 4), tool_calls: i % 4,
      usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 }, latency_ms: 0, attempts: 1,
      scores: { em: i % 3 === 0 ? 1 : 0, f1: (i % 7) / 7, acc: i % 2 }, error: null, finished_at: '', extra: { tagged: true },
    });
    const N = 300_000;
    const forward = fold(searchAggregator({ protocol: 'tags' }), (function* () { for (let i = 0; i < N; i++) yield rec(i); })());
    const backward = fold(searchAggregator({ protocol: 'tags' }), (function* () { for (let i = N - 1; i >= 0; i--) yield rec(i); })());
    expect(forward).toEqual(backward);
    expect(forward).toMatchObject({ questions: N / 16, scored_samples: N, searches_per_question: 1.5 });
    expect((forward.by_searches as JsonObject[]).map((b) => b.n)).toEqual([N / 4, N / 4, N / 4, N / 4]);
  });
});
