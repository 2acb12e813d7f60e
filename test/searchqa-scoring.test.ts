// Search-QA scoring: the oracle gets full marks on every bundled sample of every benchmark, answer
// extraction, per-benchmark F1, and the search-behaviour aggregates on constructed records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateSearch, searchesOf } from '../benchmarks/searchqa/aggregate.js';
import { searchQaBenchmarks } from '../benchmarks/searchqa/index.js';
import { METRICS, oracleOutput, scoreAnswer } from '../benchmarks/searchqa/scoring.js';
import { SPECS } from '../benchmarks/searchqa/specs.js';
import type { Episode, SampleRecord, TraceStep } from '../harness/types.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'searchqa-scoring-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const episode = (output: string): Episode => ({ output, trace: [], turns: 0, usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, latencyMs: 0, attempts: 0 });

describe('oracle', () => {
  it.each(searchQaBenchmarks.map((b) => [b.name, b] as const))('%s: EM = F1 = acc = 1 on every bundled sample', async (_name, bench) => {
    const session = await bench.open({ options: { protocol: 'direct' }, quiet: true, log: () => {}, cacheDir });
    try {
      expect(session.dataIssues).toEqual([]);
      expect(session.samples.length).toBeGreaterThanOrEqual(20);
      for (const s of session.samples) {
        const out = session.oracle(s);
        expect(out).toBe(`<answer>${s.golds[0]}</answer>`);
        const r = await session.score(s, episode(out));
        expect(r.scores, `${bench.name} ${s.id}`).toEqual({ em: 1, f1: 1, acc: 1 });
      }
    } finally {
      await session.close();
    }
  });
});

describe('scoreAnswer', () => {
  const hotpot = SPECS.hotpotqa;
  const nq = SPECS.nq;

  it('scores the last <answer> of the output, else the whole output', () => {
    const r = scoreAnswer(nq, ['Paris'], '<answer>Lyon</answer> wait <answer> The Paris. </answer>');
    expect(r.scores).toEqual({ em: 1, f1: 1, acc: 1 });
    expect(r.extra).toEqual({ answer: 'The Paris.', tagged: true });
    expect(r.vote).toBe('paris');
    const plain = scoreAnswer(nq, ['Paris'], '  paris  ');
    expect(plain.scores.em).toBe(1);
    expect(plain.extra).toEqual({ answer: 'paris', tagged: false });
  });

  it('max over aliases; cover-EM is substring match of a normalised gold', () => {
    expect(scoreAnswer(nq, ['Big Apple', 'New York City'], '<answer>new york city</answer>').scores.em).toBe(1);
    const cover = scoreAnswer(nq, ['Paris'], '<answer>Paris, France</answer>').scores;
    expect(cover.em).toBe(0);
    expect(cover.acc).toBe(1);
    expect(cover.f1).toBeCloseTo(2 / 3, 10);
  });

  it("HotpotQA F1 uses hotpot's yes/no rule (no partial credit)", () => {
    expect(scoreAnswer(hotpot, ['no'], '<answer>no way</answer>').scores).toEqual({ em: 0, f1: 0, acc: 1 });
    expect(scoreAnswer(hotpot, ['yes'], '<answer>no</answer>').scores.f1).toBe(0);
    expect(scoreAnswer(hotpot, ['Henry J. Kaiser'], '<answer>Kaiser</answer>').scores.f1).toBeCloseTo(2 * (1 * (1 / 3)) / (1 + 1 / 3), 10);
  });

  it('declares EM, F1 and cover-EM, all primary (papers report all three)', () => {
    expect(METRICS.map((m) => [m.key, m.binary, m.primary ?? false])).toEqual([['em', true, true], ['f1', false, true], ['acc', true, true]]);
    expect(oracleOutput(['a', 'b'])).toBe('<answer>a</answer>');
  });
});

describe('aggregate', () => {
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
    const agg = aggregateSearch(records, { protocol: 'tags' });
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
    expect(aggregateSearch([], {})).toMatchObject({ protocol: null, questions: 0, searches_per_question: null, by_searches: [] });
  });

  it('counts questions as problems, not samples (n = 4 samples of 2 problems)', () => {
    const records = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'].map((id, i) => ({ ...rec([step(ok)], 1, 2, 100), id, sample: i % 4 }));
    expect(aggregateSearch(records, {})).toMatchObject({ questions: 2, scored_samples: 8, searches_per_question: 1 });
  });
});
