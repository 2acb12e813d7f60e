// Search-QA scoring: the oracle gets full marks on every bundled sample of every benchmark, answer
// extraction, per-benchmark F1, and the search-behaviour aggregates on constructed records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchQaBenchmarks } from '../benchmarks/searchqa/index.js';
import { METRICS, oracleOutput, scoreAnswer } from '../benchmarks/searchqa/scoring.js';
import { SPECS } from '../benchmarks/searchqa/specs.js';
import { answerOrWhole, coverExactMatch, exactMatch, extractTaggedAnswer, f1FlashRag, f1Hotpot, normalizeAnswer } from '../scorers/qa.js';
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


describe('one normalisation per string', () => {
  it('scoreAnswer gives exactly the official scorers’ numbers (EM, hotpot/FlashRAG F1, cover-EM)', () => {
    const cases: Array<[string, string[]]> = [
      ['<answer> The Beatles </answer>', ['the beatles', 'Beatles!']],
      ['<answer>no</answer>', ['no way', 'No']],
      ['<answer>yes it is</answer>', ['yes']],
      ['I think 1990, maybe', ['1', '1990s']],
      ['<answer>martin luther king</answer>', ['Martin Luther King Jr.', 'art', 'The']],
      ['', ['x']],
      ['<answer>a b a b</answer>', ['b a', 'a a b']],
      ['<answer>españa</answer>', ['Spain', 'España']],
    ];
    for (const [output, golds] of cases) {
      const answer = extractTaggedAnswer(output) ?? answerOrWhole(output);
      for (const spec of [SPECS.nq, SPECS.hotpotqa]) {
        const got = scoreAnswer(spec, golds, output);
        expect(got.scores).toEqual({ em: exactMatch(answer, golds), f1: f1Hotpot(answer, golds), acc: coverExactMatch(answer, golds) });
        expect(got.scores.f1).toBe(f1FlashRag(answer, golds));
        expect(got.vote).toBe(normalizeAnswer(answer));
      }
    }
  });
});
