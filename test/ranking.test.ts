import { describe, expect, test } from 'vitest';
import { dcgAtK, ndcgAtK, pairwiseAccuracy, topOneHit } from '../scorers/ranking.js';

describe('DCG / NDCG@k', () => {
  test('linear gain, log2(i + 2) discount', () => {
    expect(dcgAtK([3, 2, 0], 3)).toBeCloseTo(3 + 2 / Math.log2(3), 12);
    expect(dcgAtK([3, 2, 0], 1)).toBe(3);
    expect(() => dcgAtK([1], 0)).toThrow(RangeError);
  });

  test('a worked example, as a Map or a record', () => {
    const rel = { a: 3, b: 2, c: 0 };
    const expected = (2 + 3 / Math.log2(3)) / (3 + 2 / Math.log2(3));
    expect(ndcgAtK(['b', 'a', 'c'], rel, 3)).toBeCloseTo(expected, 12);
    expect(ndcgAtK(['b', 'a', 'c'], new Map(Object.entries(rel)), 3)).toBeCloseTo(expected, 12);
    expect(ndcgAtK(['b', 'a', 'c'], rel, 1)).toBeCloseTo(2 / 3, 12);
    expect(ndcgAtK(['a', 'b', 'c'], rel, 2)).toBe(1);
  });

  test('unknown ids gain nothing; no relevant item → undefined (null)', () => {
    expect(ndcgAtK(['x', 'a'], { a: 1, b: 0 }, 2)).toBeCloseTo(1 / Math.log2(3), 12);
    expect(ndcgAtK(['a', 'b'], { a: 0, b: 0 }, 2)).toBeNull();
  });
});

describe('pairwise accuracy', () => {
  test('pairs with different relevance, ordered right', () => {
    expect(pairwiseAccuracy(['b', 'a', 'c'], { a: 3, b: 2, c: 0 })).toBeCloseTo(2 / 3, 12);
    expect(pairwiseAccuracy(['a', 'b', 'c'], { a: 3, b: 2, c: 0 })).toBe(1);
    expect(pairwiseAccuracy(['c', 'b', 'a'], { a: 3, b: 2, c: 0 })).toBe(0);
  });

  test('equal relevance is skipped; unlisted items rank last, tied among themselves', () => {
    expect(pairwiseAccuracy(['a'], { a: 1, b: 0, c: 0 })).toBe(1);
    expect(pairwiseAccuracy([], { a: 1, b: 0 })).toBe(0.5);
    expect(pairwiseAccuracy(['a', 'b'], { a: 1, b: 1 })).toBeNull();
  });
});

describe('top-1 hit', () => {
  test('first item has the highest relevance (ties count)', () => {
    expect(topOneHit(['a', 'b'], { a: 1, b: 0 })).toBe(true);
    expect(topOneHit(['b', 'a'], { a: 1, b: 0 })).toBe(false);
    expect(topOneHit(['b', 'a'], { a: 1, b: 1 })).toBe(true);
    expect(topOneHit([], { a: 1 })).toBeNull();
  });
});
