// Exact rational fast path (scorers/math/exact.ts) and double-precision evaluation (float-eval.ts).
import { describe, expect, it } from 'vitest';
import { decimalToQ, exactValue, q, roundEq6 } from '../scorers/math/exact.js';
import { floatEval } from '../scorers/math/float-eval.js';
import { parseLatex } from '../scorers/math/latex-parse.js';

const v = (s: string) => exactValue(parseLatex(s, false));

describe('exactValue', () => {
  it('evaluates rationals, decimals, powers, exact roots, percentages, factorials', () => {
    expect(v('\\frac{15}{3}')).toEqual(q(5n));
    expect(v('0.125')).toEqual(q(1n, 8n));
    expect(v('2^{10} - 24')).toEqual(q(1000n));
    expect(v('\\sqrt{4}')).toEqual(q(2n));
    expect(v('50\\%')).toEqual(q(1n, 2n));
    expect(v('5!')).toEqual(q(120n));
    expect(v('2^{1009}')?.n).toBe(2n ** 1009n);
  });
  it('gives up on irrationals and symbols', () => {
    expect(v('\\sqrt{2}')).toBeNull();
    expect(v('\\pi')).toBeNull();
    expect(v('2n')).toBeNull();
  });
  it('parses decimal literals exactly', () => {
    expect(decimalToQ('-12.500')).toEqual(q(-25n, 2n));
    expect(decimalToQ('1e-3')).toEqual(q(1n, 1000n));
  });
});

describe('roundEq6 (SymPy a.round(6) == b.round(6))', () => {
  it('compares at 6 decimal places', () => {
    expect(roundEq6(q(3n, 56n), decimalToQ('0.053571')!)).toBe(true);
    expect(roundEq6(q(1n, 3n), decimalToQ('0.3333')!)).toBe(false);
  });
});

describe('floatEval', () => {
  it('evaluates constants and functions in double precision', () => {
    expect(floatEval(parseLatex('\\sin\\frac{\\pi}{6}', false))).toBeCloseTo(0.5, 15);
    expect(floatEval(parseLatex('3\\sqrt{13}', false))).toBeCloseTo(Math.sqrt(117), 12);
    expect(floatEval(parseLatex('x+1', false), new Map([['x', 2]]))).toBe(3);
    expect(Number.isNaN(floatEval(parseLatex('(-8)^{1/3}', false)))).toBe(true);
  });
});
