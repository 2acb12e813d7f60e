// verifyMath / extractAnswer / answersEquivalent (scorers/math/verify.ts): the API contract,
// Math-Verify's own test cases and generated cross-check pairs (verdicts from Math-Verify 0.8.0,
// see test/fixtures/math/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answersEquivalent, extractAnswer, verifyMath, warmUpMathChecker } from '../scorers/math/index.js';

interface Case {
  gold: string;
  prediction: string;
  equivalent: boolean;
  source: string;
}
const load = (name: string): Case[] =>
  readFileSync(new URL(`./fixtures/math/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Case);

describe("Math-Verify's test suite cases (huggingface/Math-Verify tests/, default parse/verify settings)", () => {
  const cases = load('math_verify_test_cases.jsonl');
  it.each(cases.map((c) => [c.source, c.gold, c] as const))('%s gold=%s', (_s, _g, c) => {
    expect(verifyMath(c.gold, c.prediction).correct).toBe(c.equivalent);
  });
});

describe('generated cross-check pairs (resrl-math golds × rewritten answers)', () => {
  const cases = load('generated_crosscheck.jsonl');
  it.each(cases.map((c, i) => [i, c.source, c.gold, c] as const))('#%i %s gold=%s', (_i, _s, _g, c) => {
    expect(verifyMath(c.gold, c.prediction).correct).toBe(c.equivalent);
  });
});

describe('verifyMath verdict fields', () => {
  it('reports the extracted answer, a vote key and no reason when correct', () => {
    const v = verifyMath('\\frac{14}{3}', 'Thus the final answer is\n\\[\n\\boxed{\\dfrac{14}{3}}\n\\]');
    expect(v).toEqual({ correct: true, extracted: '\\frac{14}{3}', vote: '14/3', reason: null });
  });

  it('gives equivalent answers the same vote key', () => {
    const votes = ['\\boxed{0.5}', '\\boxed{\\frac{2}{4}}', '\\boxed{50\\%}', 'The answer is $x = \\frac12$.'].map((p) => verifyMath('1/2', p).vote);
    expect(new Set(votes)).toEqual(new Set(['1/2']));
    expect(verifyMath('2', '\\boxed{\\sqrt{2}}').vote).toBe(verifyMath('2', '\\boxed{\\frac{2}{\\sqrt{2}}}').vote);
    expect(verifyMath('2', '\\boxed{\\{3, 1\\}}').vote).toBe(verifyMath('2', '\\boxed{1, 3}').vote);
    expect(verifyMath('x', '\\boxed{\\text{Evelyn}}').vote).toBe(verifyMath('x', '\\boxed{Evelyn}').vote);
    expect(verifyMath('3', '\\boxed{AB = 3}').vote).toBe('3');
    expect(verifyMath('3', '\\boxed{2x + 4y - 3 = 0}').vote).not.toBe('0'); // an equation, not an assignment
  });

  it('names why an answer is not correct', () => {
    expect(verifyMath('5', 'I have no idea.')).toMatchObject({ correct: false, extracted: null, vote: null, reason: 'no_answer' });
    expect(verifyMath('5', 'So the final answer is \\boxed{}.').reason).toBe('no_answer');
    expect(verifyMath('5', 'The answer is \\boxed{\\text{five}\\%}')).toMatchObject({ reason: 'unparseable', extracted: '\\text{five}\\%' });
    expect(verifyMath('5', '\\boxed{6}')).toMatchObject({ reason: 'not_equivalent', extracted: '6', vote: '6' });
  });

  it('stops at the deadline with reason "timeout" instead of running on', () => {
    expect(verifyMath('5', '\\boxed{5}', { deadlineMs: -1 })).toMatchObject({ correct: false, reason: 'timeout' });
  });
});

describe('long responses', () => {
  const dev = load('equivalence_dev.jsonl');
  const filler = 'Let me think about this problem step by step. '.repeat(250); // > 8,000 chars, no numbers or math

  it('are scanned position by position with the same verdicts as the fast scan', () => {
    for (const r of dev.slice(0, 60)) {
      expect(verifyMath(r.gold, filler + r.prediction).correct).toBe(r.equivalent);
    }
  });

  it('end with reason "timeout" on looping output that makes the regexes backtrack quadratically', () => {
    const v = verifyMath('42', '1 '.repeat(100_000), { deadlineMs: 300 });
    expect(v).toMatchObject({ correct: false, reason: 'timeout' });
  });
});

describe('Math-Verify semantics the benchmarks rely on', () => {
  const ok = (gold: string, pred: string): boolean => verifyMath(gold, pred).correct;
  it('AIME integers: leading zeros, thousands separators, x = prefixes, units', () => {
    expect(ok('70', '\\boxed{070}')).toBe(true);
    expect(ok('2220', '\\boxed{2,220}')).toBe(true);
    expect(ok('821', 'so $\\boxed{AB=821}$')).toBe(true);
    expect(ok('110', '\\boxed{110\\text{ m}}')).toBe(true);
    expect(ok('809', '\\boxed{808}')).toBe(false);
  });
  it('fractions, decimals (6-place rounding), roots, π', () => {
    expect(ok('\\frac{3}{56}', '\\boxed{0.053571}')).toBe(true);
    expect(ok('\\sqrt{51}', '\\boxed{7.1414}')).toBe(false);
    expect(ok('3\\sqrt{13}', '\\boxed{\\sqrt{117}}')).toBe(true);
    expect(ok('\\pi', '\\boxed{π}')).toBe(true);
    expect(ok('\\frac{\\sqrt{3}}{2}', '\\boxed{\\sin\\frac{\\pi}{3}}')).toBe(true);
  });
  it('a plain-text "14/3." is 14·3.0⁻¹, equal to 14/3 only if the doubles coincide (as in SymPy)', () => {
    expect(ok('\\frac{2}{3}', 'the result is 2/3.')).toBe(true);
    expect(ok('\\frac{14}{3}', 'Therefore the final result is 14/3.')).toBe(false);
  });
  it('percentages and degrees as latex2sympy2 reads them', () => {
    expect(ok('36', '\\boxed{36\\%}')).toBe(false);
    expect(ok('0.36', '\\boxed{36\\%}')).toBe(true);
    expect(ok('90^\\circ', '\\boxed{90^\\circ}')).toBe(true);
    expect(ok('90', '\\boxed{90^{\\circ}}')).toBe(true);
  });
  it('intervals, tuples, unordered sets, matrices, equations', () => {
    expect(ok('[1,2)', '\\boxed{[1, 2)}')).toBe(true);
    expect(ok('[1,2)', '\\boxed{(1, 2]}')).toBe(false);
    expect(ok('(1,8,19), (2,7,13)', '\\boxed{(2,7,13), (1,8,19)}')).toBe(true);
    expect(ok('(2,4)', '\\boxed{(4, 2)}')).toBe(false);
    expect(ok('\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', '\\boxed{\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}}')).toBe(true);
    expect(ok('k=1', '\\boxed{1 = k}')).toBe(true);
    expect(ok('x^2+2x+1', '\\boxed{(x+1)^2}')).toBe(true);
    expect(ok('-2 \\le x \\le 7', '$x \\in [-2,7]$')).toBe(true);
  });
  it('several answers (OlympiadBench): "and"-joined boxes form one set', () => {
    expect(ok('$69$,$84$', 'The values are $\\boxed{84}$ and $\\boxed{69}$.')).toBe(true);
    expect(ok('$69$,$84$', 'The value is $\\boxed{84}$.')).toBe(false);
  });
});

describe('extractAnswer', () => {
  it('takes the last \\boxed{} with nested braces, or a \\fbox{} inside math', () => {
    expect(extractAnswer('First $\\boxed{1}$.\n\nLong detour ' + 'x'.repeat(80) + '\n\nFinally $\\boxed{\\frac{a}{b^{2}}}$.')).toBe('\\frac{a}{b^{2}}');
    expect(extractAnswer('So $\\fbox{5}$ it is.')).toBe('5');
  });
  it("falls back like Math-Verify: 'final answer is', then the last math or number", () => {
    expect(extractAnswer('Final Answer: The final answer is $\\frac{1}{3}$. I hope it is correct.')).toBe('\\frac{1}{3}');
    expect(extractAnswer('We get 12 apples and the answer is 7.')).toBe('7');
    expect(extractAnswer('No numbers here.')).toBeNull();
  });
  it('gives up (null) at its deadline on pathological output', () => {
    expect(extractAnswer('1 '.repeat(100_000), { deadlineMs: 300 })).toBeNull();
  });
});

describe('answersEquivalent', () => {
  it('groups equivalent extracted answers for maj@n', () => {
    expect(answersEquivalent('\\frac{1}{2}', '0.5')).toBe(true);
    expect(answersEquivalent('(x+1)^2', 'x^2+2x+1')).toBe(true);
    expect(answersEquivalent('2', '3')).toBe(false);
  });
});

describe('warmUpMathChecker', () => {
  it('boots the CAS and leaves verdicts unchanged', () => {
    warmUpMathChecker();
    expect(verifyMath('x^2+2x+1', '\\boxed{(x+1)^2}').correct).toBe(true);
  });
});
