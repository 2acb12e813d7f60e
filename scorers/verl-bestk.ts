// verl's bootstrap best@k, reproduced exactly: verl/trainer/ppo/metric_utils.py,
// `process_validation_metrics` → `bootstrap_metric(data=scores, subset_size=k, reduce_fns=[np.max],
// n_bootstrap=1000, seed=42)`. Per problem: reseed numpy's global RNG with 42, draw 1000 resamples
// of k indices *with replacement* from the problem's n responses (`np.random.choice`), take the max
// score of each, and average; then average over problems. It is not the unbiased pass@k estimator
// 1 − C(n−c, k)/C(n, k): with replacement, best@n < pass@n whenever some response is wrong (a
// problem with 1 correct answer in 16 has pass@16 = 1 but best@16 ≈ 0.64). Papers that report
// verl's numbers as "Pass@k" mean this; agenteval names it `best@k(verl)` so no table mixes them.
import { NumpyLegacyIntegers } from './mt19937.js';

export const VERL_BOOTSTRAP_RESAMPLES = 1000;
export const VERL_BOOTSTRAP_SEED = 42;

/** The k verl reports for n responses: 2, 4, 8, … below n, then n itself (none for n = 1). */
export function verlBestKs(n: number): number[] {
  if (!Number.isInteger(n) || n < 2) return [];
  const ks: number[] = [];
  for (let k = 2; k < n; k *= 2) ks.push(k);
  ks.push(n);
  return ks;
}

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
}

/**
 * verl's bootstrap best@k of one problem: the mean over `resamples` draws (numpy legacy MT19937,
 * reseeded with `seed` for every call, as verl does) of the max of k scores drawn with replacement.
 */
export function verlBestAtK(scores: readonly number[], k: number, opts: BootstrapOptions = {}): number {
  const n = scores.length;
  if (n === 0) throw new RangeError('verlBestAtK: no scores');
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`verlBestAtK: k must be a positive integer, got ${k}`);
  const resamples = opts.resamples ?? VERL_BOOTSTRAP_RESAMPLES;
  // Every resample of a constant vector has that max: skip the draws (they would not change the mean).
  if (scores.every((s) => s === scores[0])) return scores[0]!;
  const rng = new NumpyLegacyIntegers(opts.seed ?? VERL_BOOTSTRAP_SEED);
  let sum = 0;
  for (let r = 0; r < resamples; r++) {
    // All k indices are drawn before the max (numpy draws the whole resample at once).
    let best = -Infinity;
    for (let j = 0; j < k; j++) {
      const v = scores[rng.below(n)]!;
      if (v > best) best = v;
    }
    sum += best;
  }
  return sum / resamples;
}
