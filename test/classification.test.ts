import { describe, expect, test } from 'vitest';
import { accuracy, auc, aucEvaluator, macroF1, macroF1Codes, perClassF1 } from '../scorers/classification.js';

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

describe('weighted forms (bootstrap multiplicities)', () => {
  test('weights equal duplicating items', () => {
    const labels = [1, 0, 1, 0, 1] as const;
    const scores = [0.9, 0.8, 0.8, 0.3, 0.1];
    const w = [2, 0, 1, 3, 1];
    const dupL: (0 | 1)[] = [];
    const dupS: number[] = [];
    w.forEach((k, i) => {
      for (let j = 0; j < k; j++) {
        dupL.push(labels[i]!);
        dupS.push(scores[i]!);
      }
    });
    expect(aucEvaluator([...labels], scores)(w)).toBeCloseTo(auc(dupL, dupS)!, 12);
    expect(aucEvaluator([1, 0], [0.5, 0.4])([0, 3])).toBeNull();

    const gold = [0, 0, 1, 1, 2];
    const pred = [0, 1, 1, 1, 0];
    const dupG: number[] = [];
    const dupP: number[] = [];
    w.forEach((k, i) => {
      for (let j = 0; j < k; j++) {
        dupG.push(gold[i]!);
        dupP.push(pred[i]!);
      }
    });
    expect(macroF1Codes(gold, pred, 3, w)).toBeCloseTo(macroF1(dupG, dupP), 12);
    expect(macroF1Codes(gold, pred, 3)).toBeCloseTo(macroF1(gold, pred), 12);
  });
});
