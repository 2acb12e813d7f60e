// Uncertainty for per-problem scores: standard error, percentile bootstrap CIs, paired
// bootstrap for A/B comparisons. Everything is deterministic for a fixed seed.
import { multinomialBootstrapMeans } from './binomial.js';

/**
 * mulberry32: a tiny, fast 32-bit seeded PRNG (Tommy Ettinger's public-domain generator).
 * Returns floats in [0, 1). The seed is taken modulo 2^32.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard error of the mean: sample std (ddof = 1) / sqrt(n); 0 when n < 2. */
export function stderr(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i]!;
  const m = s / n;
  let ss = 0; // two-pass: no catastrophic cancellation for near-constant data
  for (let i = 0; i < n; i++) ss += (xs[i]! - m) * (xs[i]! - m);
  return Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
}

/** Linear-interpolated quantile of sorted data, p in [0, 1] (numpy method='linear'). */
function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  // numpy/lib/function_base.py: linear → virtual index (n − 1) * quantile, previous =
  // floor, next = previous + 1 clipped to n − 1, gamma = index − previous, then _lerp.
  const idx = (n - 1) * p;
  const lo = Math.floor(idx);
  const hi = Math.min(lo + 1, n - 1);
  const g = idx - lo;
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  // numpy's _lerp: a + (b − a)·g, but b − (b − a)·(1 − g) where g ≥ 0.5 (monotone, exact at b).
  const d = b - a;
  return g >= 0.5 ? b - d * (1 - g) : a + d * g;
}

/**
 * q-th percentile (q in [0, 100]) of ALREADY SORTED data with numpy's default linear
 * interpolation (np.percentile divides q by 100 first, then as quantileSorted).
 * NaN for empty input; RangeError for q outside [0, 100].
 */
export function percentile(sortedXs: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 100)) throw new RangeError(`percentile: q must be in [0, 100], got ${q}`);
  return quantileSorted(sortedXs, q / 100);
}

export interface BootstrapOptions {
  /** Resamples; default 2000. */
  iterations?: number;
  /** PRNG seed; default 1234. */
  seed?: number;
  /** Two-sided level: the CI is [alpha/2, 1 − alpha/2]; default 0.05 (95% CI). */
  alpha?: number;
}

function resolveOpts(opts: BootstrapOptions | undefined): Required<BootstrapOptions> {
  const iterations = opts?.iterations ?? 2000;
  const seed = opts?.seed ?? 1234;
  const alpha = opts?.alpha ?? 0.05;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`bootstrap: iterations must be an integer ≥ 1, got ${iterations}`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`bootstrap: seed must be finite, got ${seed}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`bootstrap: alpha must be in (0, 1), got ${alpha}`);
  return { iterations, seed, alpha };
}

function toFinite(name: string, xs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (!Number.isFinite(x)) throw new RangeError(`${name}: non-finite value ${x} at index ${i}`);
    out[i] = x;
  }
  return out;
}

/**
 * Sorted means of `iterations` resamples (with replacement, size n) of `v`.
 * The PRNG is inlined and nothing is allocated per iteration: 10k values × 2000 resamples
 * is 20M draws, well under a second.
 */
function bootstrapMeans(v: Float64Array, iterations: number, seed: number): Float64Array {
  const n = v.length;
  const means = new Float64Array(iterations);
  let a = seed >>> 0; // mulberry32 state, same sequence as mulberry32(seed)
  for (let b = 0; b < iterations; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      s += v[(u * n) | 0] as number;
    }
    means[b] = s / n;
  }
  means.sort();
  return means;
}

/**
 * Percentile bootstrap CI of the mean: resample problems with replacement, take the
 * alpha/2 and 1 − alpha/2 quantiles (numpy linear) of the resampled means.
 * Empty input gives NaN bounds; non-finite values throw.
 */
export function bootstrapCI(values: ArrayLike<number>, opts?: BootstrapOptions): { low: number; high: number } {
  const { iterations, seed, alpha } = resolveOpts(opts);
  const v = toFinite('bootstrapCI', values);
  if (v.length === 0) return { low: NaN, high: NaN };
  const levels = distinctLevels(v, MAX_LEVELS);
  let means: Float64Array;
  if (levels && v.length > levels.values.length * 8) {
    // Few distinct values (0/1 scores, avg@n fractions): draw the resample counts per value
    // (multinomial) instead of P indices — the same bootstrap distribution at O(levels·√P).
    means = multinomialBootstrapMeans(levels.values, levels.counts, iterations, mulberry32(seed));
    means.sort();
  } else {
    means = bootstrapMeans(v, iterations, seed);
  }
  return { low: quantileSorted(means, alpha / 2), high: quantileSorted(means, 1 - alpha / 2) };
}

const MAX_LEVELS = 64;

/** Distinct values with their counts, or null when there are more than `max`. */
function distinctLevels(v: Float64Array, max: number): { values: number[]; counts: number[] } | null {
  const counts = new Map<number, number>();
  for (const x of v) {
    counts.set(x, (counts.get(x) ?? 0) + 1);
    if (counts.size > max) return null;
  }
  const values = [...counts.keys()].sort((a, b) => a - b);
  return { values, counts: values.map((x) => counts.get(x)!) };
}

export interface Summary {
  value: number;
  stderr: number;
  ci_low: number;
  ci_high: number;
  n: number;
}

/** Mean, standard error and bootstrap CI of per-problem values. */
export function summarize(values: ArrayLike<number>, opts?: BootstrapOptions): Summary {
  const ci = bootstrapCI(values, opts);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return {
    value: values.length === 0 ? NaN : s / values.length,
    stderr: stderr(values),
    ci_low: ci.low,
    ci_high: ci.high,
    n: values.length,
  };
}

export interface PairedResult {
  delta: number;
  ci_low: number;
  ci_high: number;
  p_value: number;
}

/**
 * Paired bootstrap over problems of mean(cand − base). Both arms are resampled with the SAME
 * indices (we resample the per-problem differences, which is the same thing), fixed seed.
 *
 * p_value (two-sided, bootstrap): with observed delta d and B resampled deltas d*,
 *   d > 0: p = min(1, 2 · #{d* ≤ 0} / B)
 *   d < 0: p = min(1, 2 · #{d* ≥ 0} / B)
 *   d = 0: p = 1
 * Resampled deltas exactly at 0 count as "on the other side" (conservative). Its resolution
 * is 2/B; p = 0 means no resample crossed 0, i.e. p < 1/B, not p = 0.
 * Throws if the arms differ in length or hold non-finite values; NaN everything when empty.
 */
export function pairedBootstrap(
  base: readonly number[],
  cand: readonly number[],
  opts?: BootstrapOptions,
): PairedResult {
  if (base.length !== cand.length) {
    throw new RangeError(`pairedBootstrap: arms differ in length (${base.length} vs ${cand.length})`);
  }
  const { iterations, seed, alpha } = resolveOpts(opts);
  const b = toFinite('pairedBootstrap(base)', base);
  const c = toFinite('pairedBootstrap(cand)', cand);
  const n = b.length;
  if (n === 0) return { delta: NaN, ci_low: NaN, ci_high: NaN, p_value: NaN };
  const diffs = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    diffs[i] = (c[i] as number) - (b[i] as number);
    s += diffs[i] as number;
  }
  const delta = s / n;
  const deltas = bootstrapMeans(diffs, iterations, seed);
  let other = 0;
  if (delta > 0) {
    for (const d of deltas) if (d <= 0) other++;
  } else if (delta < 0) {
    for (const d of deltas) if (d >= 0) other++;
  }
  const p_value = delta === 0 ? 1 : Math.min(1, (2 * other) / iterations);
  return {
    delta,
    ci_low: quantileSorted(deltas, alpha / 2),
    ci_high: quantileSorted(deltas, 1 - alpha / 2),
    p_value,
  };
}
