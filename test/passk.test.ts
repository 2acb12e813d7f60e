import { describe, expect, it } from 'vitest';
import { passAtK, passAtKFromScores } from '../scorers/passk.js';

function comb(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

/** Fraction of k-subsets of n samples (c correct) holding at least one correct sample. */
function bruteForce(n: number, c: number, k: number): number {
  let hit = 0;
  let total = 0;
  const rec = (start: number, left: number, anyCorrect: boolean): void => {
    if (left === 0) {
      total++;
      if (anyCorrect) hit++;
      return;
    }
    for (let i = start; i <= n - left; i++) rec(i + 1, left - 1, anyCorrect || i < c);
  };
  rec(0, k, false);
  return hit / total;
}

describe('passAtK', () => {
  it('matches 1 − C(n−c,k)/C(n,k) on the hand-computed case n=5, c=2, k=2 → 0.7', () => {
    // C(3,2) = 3, C(5,2) = 10 → 1 − 0.3
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 14);
  });

  it('is c/n for k = 1', () => {
    expect(passAtK(16, 3, 1)).toBe(0.1875); // same double as human-eval's numpy product
    expect(passAtK(10, 7, 1)).toBeCloseTo(0.7, 14);
  });

  it('is 0 with no correct sample and 1 with all correct', () => {
    expect(passAtK(16, 0, 1)).toBe(0);
    expect(passAtK(16, 0, 8)).toBe(0);
    expect(passAtK(16, 16, 1)).toBe(1);
    expect(passAtK(16, 16, 16)).toBe(1);
  });

  it('returns exactly 1.0 when n − c < k (every k-subset holds a correct sample)', () => {
    expect(passAtK(10, 8, 3)).toBe(1);
    expect(passAtK(5, 1, 5)).toBe(1);
  });

  it('returns null when n < k (undefined, never guessed)', () => {
    expect(passAtK(4, 2, 5)).toBeNull();
    expect(passAtK(0, 0, 1)).toBeNull();
  });

  it('equals the exact combinatorial ratio for large n (n=200, c=37, k=10)', () => {
    const num = comb(163, 10);
    const den = comb(200, 10);
    const exact = 1 - Number((num * 10n ** 18n) / den) / 1e18;
    expect(passAtK(200, 37, 10)).toBeCloseTo(exact, 12);
    expect(passAtK(200, 37, 10)).toBe(0.8773745673794602); // numpy's product form, same order
  });

  it('is the fraction of k-subsets with a correct sample (unbiasedness, brute force)', () => {
    for (let n = 1; n <= 8; n++) {
      for (let c = 0; c <= n; c++) {
        for (let k = 1; k <= n; k++) {
          expect(passAtK(n, c, k)).toBeCloseTo(bruteForce(n, c, k), 12);
        }
      }
    }
  });

  it('throws RangeError on nonsense inputs', () => {
    expect(() => passAtK(5, 6, 1)).toThrow(RangeError);
    expect(() => passAtK(5, 2, 0)).toThrow(RangeError);
    expect(() => passAtK(5.5, 2, 1)).toThrow(RangeError);
    expect(() => passAtK(5, -1, 1)).toThrow(RangeError);
    expect(() => passAtK(-1, 0, 1)).toThrow(RangeError);
    expect(() => passAtK(5, 2, 1.5)).toThrow(RangeError);
    expect(() => passAtK(Number.NaN, 0, 1)).toThrow(RangeError);
  });
});

describe('passAtKFromScores', () => {
  it('counts scores ≥ 1 as correct', () => {
    expect(passAtKFromScores([1, 0, 1, 0, 0], 2)).toBeCloseTo(0.7, 14);
    expect(passAtKFromScores([0.5, 0.99, 0], 1)).toBe(0);
    expect(passAtKFromScores([1, 1, 1], 2)).toBe(1);
  });

  it('returns null with fewer samples than k', () => {
    expect(passAtKFromScores([], 1)).toBeNull();
    expect(passAtKFromScores([1, 0], 3)).toBeNull();
  });

  it('throws on non-finite scores instead of counting them as failures', () => {
    expect(() => passAtKFromScores([1, Number.NaN], 1)).toThrow(RangeError);
  });
});
