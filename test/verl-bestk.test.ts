import { describe, expect, it } from 'vitest';
import { MT19937, NumpyLegacyIntegers } from '../scorers/mt19937.js';
import { verlBestAtK, verlBestKs } from '../scorers/verl-bestk.js';
import { passAtK } from '../scorers/passk.js';

// Expected values computed with numpy 2.4.6 running verl's own definition
// (verl/trainer/ppo/metric_utils.py::bootstrap_metric with reduce_fns=[np.max], seed 42):
//   np.random.seed(42); idx = np.random.choice(len(d), size=k, replace=True); max(d[i] for i in idx) …
const correctAt = (n: number, hits: number[]) => Array.from({ length: n }, (_, i) => (hits.includes(i) ? 1 : 0));

describe('numpy legacy MT19937 stream', () => {
  it('reproduces np.random.seed(42) draws', () => {
    // np.random.seed(42); np.random.randint(0, 2**31, size=3)
    const ints = new NumpyLegacyIntegers(42);
    expect([ints.below(2 ** 31), ints.below(2 ** 31), ints.below(2 ** 31)]).toEqual([1608637542, 1273642419, 1935803228]);
    // np.random.seed(42); np.random.choice(16, size=8, replace=True)
    const a = new NumpyLegacyIntegers(42);
    expect(Array.from({ length: 8 }, () => a.below(16))).toEqual([6, 3, 12, 14, 10, 7, 12, 4]);
    // np.random.seed(42); np.random.choice(5, size=8, replace=True): rejection sampling on mask 7
    const b = new NumpyLegacyIntegers(42);
    expect(Array.from({ length: 8 }, () => b.below(5))).toEqual([3, 4, 2, 4, 4, 1, 2, 2]);
  });

  it('is the reference MT19937 (init_genrand(5489) first output)', () => {
    expect(new MT19937(5489).nextUint32()).toBe(3499211612);
  });
});

describe('verl bootstrap best@k', () => {
  it('uses verl\'s k ladder', () => {
    expect(verlBestKs(16)).toEqual([2, 4, 8, 16]);
    expect(verlBestKs(5)).toEqual([2, 4, 5]);
    expect(verlBestKs(2)).toEqual([2]);
    expect(verlBestKs(1)).toEqual([]);
  });

  it('matches numpy/verl on real score vectors', () => {
    const p16of3 = correctAt(16, [3, 7, 12]);
    expect(verlBestKs(16).map((k) => verlBestAtK(p16of3, k))).toEqual([0.322, 0.552, 0.811, 0.973]);
    const p16of1 = correctAt(16, [15]);
    expect(verlBestKs(16).map((k) => verlBestAtK(p16of1, k))).toEqual([0.109, 0.211, 0.39, 0.644]);
    expect(verlBestKs(4).map((k) => verlBestAtK([0, 1, 0, 1], k))).toEqual([0.754, 0.944]);
    expect(verlBestKs(5).map((k) => verlBestAtK([0, 0, 1, 0, 0], k))).toEqual([0.336, 0.579, 0.671]);
    expect(verlBestAtK(Array(16).fill(1), 16)).toBe(1);
    expect(verlBestAtK(Array(16).fill(0), 8)).toBe(0);
  });

  it('differs from the unbiased pass@k (resampling with replacement)', () => {
    // One correct answer in 16: pass@16 is 1, verl's best@16 is 0.644.
    expect(passAtK(16, 1, 16)).toBe(1);
    expect(verlBestAtK(correctAt(16, [15]), 16)).toBeLessThan(0.7);
  });
});
