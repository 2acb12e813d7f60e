// The latex2sympy2-style parser (scorers/math/latex-parse.ts): quirks checked against
// latex2sympy2_extended 1.11.0 run locally (expected trees noted as SymPy srepr).
import { describe, expect, it } from 'vitest';
import { show } from '../scorers/math/ast.js';
import { parseLatex } from '../scorers/math/latex-parse.js';

const p = (s: string): string => show(parseLatex(s, false));

describe('parseLatex', () => {
  it('reads numbers like latex2sympy2: e is Euler, E scientific, spaces multiply or mix', () => {
    expect(p('9e11')).toBe('(11*9*E)'); // Mul(9, E, 11)
    expect(p('1.5E3')).toBe('1500'); // Float 1500.0
    expect(p('1\\,000')).toBe('(0*1)'); // Mul(1, 0)
    expect(p('2\\,220')).toBe('222'); // mixed number 2 + 220
    expect(p('2\\frac{1}{2}')).toBe('5/2');
    expect(p('1,000')).toBe('1000');
    expect(p('0,111')).toBe('0.111');
  });
  it('binds implicit products tighter than / and lower-cases symbols', () => {
    expect(p('1/2x')).toBe('(((2*x))^(-1)*1)'); // Mul(1, Pow(Mul(2, x), -1))
    expect(p('AB')).toBe('(a*b)');
    expect(p('2^23')).toBe('(2)^(23)');
  });
  it('tells function calls from products', () => {
    expect(p('f(x)')).toBe('f(x)');
    expect(p('n(n+1)')).toBe('((1 + n)*n)');
    expect(p('f(2x)')).toBe('(2*f*x)'); // Mul(2, f, x)
  });
  it('builds sets, intervals, tuples, relations and matrices', () => {
    expect(p('(1,2)')).toBe('(1, 2)');
    expect(parseLatex('(1,2)', false).k).toBe('interval');
    expect(parseLatex('(3,1)', false).k).toBe('tuple');
    expect(p('[1,2)')).toBe('[1, 2)');
    expect(p('69,84')).toBe('{69, 84}');
    expect(p('\\pm 3')).toBe('{-3, 3}');
    expect(p('1 < x < 2')).toBe('1 < x & x < 2');
    expect(p('x = 1, 2')).toBe('x = {1, 2}');
    expect(p('x \\in [-2,7]')).toBe('x = [-2, 7]');
    expect(p('x = 5+5+1 = 7 \\approx 11')).toBe('x = (1 + 5 + 5) & (1 + 5 + 5) = 7');
    expect(p('\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}')).toBe('[1, 2; 3, 4]');
  });
  it('drops degrees, keeps percentages, reads functions', () => {
    expect(p('90^\\circ')).toBe('90');
    expect(p('50\\%')).toBe('50%');
    expect(p('\\tan^{-1}(2)')).toBe('atan(2)');
    expect(p('\\log_2 8')).toBe('log(8, 2)');
    expect(p('\\sin 2x')).toBe('sin((2*x))');
  });
  it('rejects what latex2sympy2 cannot parse', () => {
    expect(() => parseLatex('2^-1', false)).toThrow();
    expect(() => parseLatex('\\frac12', false)).toThrow();
    expect(() => parseLatex('(2,4)^\\circ', false)).toThrow();
    expect(() => parseLatex('90°', false)).toThrow();
  });
});
