// latex2sympy2_extended's normalize_latex / extract_boxed_content as ported in scorers/math/latex-normalize.ts.
import { describe, expect, it } from 'vitest';
import { extractBoxedContent, normalizeLatex } from '../scorers/math/latex-normalize.js';

describe('extractBoxedContent', () => {
  it('reads the last box with nested braces, \\fbox too', () => {
    expect(extractBoxedContent('x \\boxed{\\frac{a}{b^{2}}} y', 'last')).toBe('\\frac{a}{b^{2}}');
    expect(extractBoxedContent('so \\fbox{5}', 'last')).toBe('5');
  });
  it('keeps earlier boxes that sit close before the last one, deduplicating repeats', () => {
    expect(extractBoxedContent('\\boxed{1}, \\boxed{2}', 'last')).toBe('1,2');
    expect(extractBoxedContent('\\boxed{3} and then a long detour ' + 'x'.repeat(80) + ' \\boxed{5}', 'last')).toBe('5');
    expect(extractBoxedContent('\\boxed{3} long detour ' + 'x'.repeat(80) + ' \\boxed{5}', 'all')).toBe('3,5');
    expect(extractBoxedContent('\\boxed{5}\\boxed{5}', 'last')).toBe('5');
  });
  it('returns an unclosed box to the end, and the text itself without any box', () => {
    expect(extractBoxedContent('\\boxed{12', 'last')).toBe('{12');
    expect(extractBoxedContent('no box', 'last')).toBe('no box');
  });
});

describe('normalizeLatex', () => {
  it('drops \\left/\\right, \\dfrac, units in \\text{} and the unit list, leading "."', () => {
    expect(normalizeLatex('\\left( 3, \\dfrac{\\pi}{2} \\right)', 'all')).toBe('( 3, \\frac{\\pi}{2} )');
    expect(normalizeLatex('110\\text{ m}', 'all')).toBe('110');
    expect(normalizeLatex('45 \\text{ degrees}', 'all')).toBe('45');
    expect(normalizeLatex('.5', 'all')).toBe('\\frac{1}{2}');
  });
  it('rewrites percent words and malformed \\frac12 / \\sqrt2 / a/b', () => {
    expect(normalizeLatex('50 percent', 'all')).toBe('50\\%');
    expect(normalizeLatex('\\frac12', 'all')).toBe('\\frac{1}{2}');
    expect(normalizeLatex('\\sqrt2', 'all')).toBe('\\sqrt{2}');
    expect(normalizeLatex('2/3', 'all')).toBe('\\frac{2}{3}');
  });
  it('turns "and"/"or" into commas and keeps \\text{} that is the whole answer', () => {
    expect(normalizeLatex('1 and 2', 'all')).toBe('1, 2');
    expect(normalizeLatex('\\text{Evelyn}', 'all')).toBe('\\text{Evelyn}');
  });
});
