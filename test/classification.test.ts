import { describe, expect, test } from 'vitest';
import { accuracy, auc, macroF1, perClassF1 } from '../scorers/classification.js';

describe('accuracy', () => {
  test('fraction of matches; NaN when empty; lengths must agree', () => {
    expect(accuracy(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'y'])).toBe(0.5);
    expect(accuracy([], [])).toBeNaN();
    expect(() => accuracy(['a'], [])).toThrow(RangeError);
  });
});

describe('macro-F1', () => {
  // sklearn: f1_score(['a','a','b','b','c'], ['a','b','b','b','a'], average='macro') == 0.4333…
  test('matches sklearn on a 3-class case with a class never predicted', () => {
    const gold = ['a', 'a', 'b', 'b', 'c'];
    const pred = ['a', 'b', 'b', 'b', 'a'];
    const per = perClassF1(gold, pred);
    expect(per.map((c) => c.label)).toEqual(['a', 'b', 'c']);
    expect(per.map((c) => c.f1)).toEqual([0.5, 0.8, 0]);
    expect(macroF1(gold, pred)).toBeCloseTo(1.3 / 3, 12);
  });

  test('classes default to the union of gold and predicted labels; explicit labels are honoured', () => {
    expect(macroF1(['yes', 'yes'], ['yes', 'yes'])).toBe(1);
    // With both classes listed, "no" has no support and no prediction: F1 0 (zero_division=0).
    expect(macroF1(['yes', 'yes'], ['yes', 'yes'], ['yes', 'no'])).toBe(0.5);
    expect(macroF1([1, 0, 1], ['1', '0', '0'])).toBeCloseTo((2 / 3 + 2 / 3) / 2, 12);
    expect(macroF1([], [])).toBeNaN();
  });
});

describe('AUC (Mann–Whitney)', () => {
  test('perfect, inverted and random-like rankings', () => {
    expect(auc([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1])).toBe(1);
    expect(auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
    expect(auc([true, false], [0.5, 0.5])).toBe(0.5);
  });

  test('ties count one half (sklearn roc_auc_score gives 0.625 here)', () => {
    expect(auc([1, 0, 1, 0], [0.8, 0.8, 0.3, 0.1])).toBe(0.625);
  });

  test('undefined without both classes; non-finite scores throw', () => {
    expect(auc([1, 1], [0.2, 0.3])).toBeNull();
    expect(auc([], [])).toBeNull();
    expect(() => auc([1, 0], [NaN, 0.1])).toThrow(RangeError);
  });
});
