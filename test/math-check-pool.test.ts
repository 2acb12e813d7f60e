import { afterEach, describe, expect, it } from 'vitest';
import { MathCheckPool } from '../benchmarks/math/check-pool.js';
import { scoreMathSample, TRUNCATED_REASON } from '../benchmarks/math/scoring.js';

// The pool runs compiled code (dist/benchmarks/math/check-worker.js): `npm test` builds first.
const SCRIPTED = new URL('./fixtures/math/scripted-checker.mjs', import.meta.url).href;

let pool: MathCheckPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('MathCheckPool', () => {
  it('returns the checker\'s verdicts from worker threads', async () => {
    pool = new MathCheckPool({ checkerUrl: SCRIPTED, size: 2, timeoutMs: 5000 });
    const [a, b] = await Promise.all([pool.check('42', 'so \\boxed{42}'), pool.check('42', '\\boxed{41}')]);
    expect(a).toEqual({ ok: true, verdict: { correct: true, extracted: '42', vote: '42', reason: null } });
    expect(b.ok && b.verdict.correct).toBe(false);
  });

  it('kills a comparison at its hard limit, replaces the thread, and keeps serving', async () => {
    pool = new MathCheckPool({ checkerUrl: SCRIPTED, size: 1, timeoutMs: 300 });
    const hung = pool.check('1', 'HANG \\boxed{1}');
    const after = pool.check('7', '\\boxed{7}');
    expect(await hung).toMatchObject({ ok: false, kind: 'timeout' });
    expect(await after).toMatchObject({ ok: true, verdict: { correct: true } });
  });

  it('turns a checker exception into a failed outcome, not a rejection', async () => {
    pool = new MathCheckPool({ checkerUrl: SCRIPTED, size: 1, timeoutMs: 5000 });
    expect(await pool.check('1', 'THROW')).toMatchObject({ ok: false, kind: 'error', error: expect.stringContaining('scripted checker failure') });
    expect(await pool.check('3', '\\boxed{3}')).toMatchObject({ ok: true });
  });

  it('fails comparisons clearly when the checker module cannot load', async () => {
    pool = new MathCheckPool({ checkerUrl: new URL('./fixtures/math/no-such-checker.mjs', import.meta.url).href, size: 1, timeoutMs: 5000 });
    const out = await pool.check('1', '\\boxed{1}');
    expect(out.ok).toBe(false);
    expect(out.ok ? '' : out.error).toMatch(/cannot start|crashed|exited/);
  });
});

describe('scoreMathSample', () => {
  const check = async (gold: string, prediction: string) => {
    pool ??= new MathCheckPool({ checkerUrl: SCRIPTED, size: 1, timeoutMs: 300 });
    return pool.check(gold, prediction);
  };

  it('scores a truncated generation 0 without checking it', async () => {
    const r = await scoreMathSample('5', { output: '\\boxed{5}', extra: { finish_reason: 'length' } }, () => Promise.reject(new Error('not called')));
    expect(r).toEqual({ scores: { acc: 0 }, vote: '', extra: { extracted: null, reason: TRUNCATED_REASON, truncated: true } });
  });

  it('keeps the extracted answer and reason; unboxed answers vote as "no answer"', async () => {
    expect(await scoreMathSample('5', { output: 'it is \\boxed{5}', extra: { finish_reason: 'stop' } }, check)).toEqual({ scores: { acc: 1 }, vote: '5', extra: { extracted: '5', reason: null } });
    expect(await scoreMathSample('5', { output: 'it is 5' }, check)).toEqual({ scores: { acc: 0 }, vote: '', extra: { extracted: null, reason: 'no boxed answer' } });
  });

  it('throws on a checker timeout, so the engine writes a scorer error record', async () => {
    await expect(scoreMathSample('5', { output: 'HANG' }, check)).rejects.toThrow(/answer check timeout/);
  });
});
