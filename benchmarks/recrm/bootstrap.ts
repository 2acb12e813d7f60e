// Percentile bootstrap CIs for statistics that are not means of per-entry values (macro-F1, AUC,
// a macro average over dimensions): resample entries with replacement, recompute the statistic,
// take the 2.5 / 97.5 percentiles (numpy linear, as scorers/stats.ts). Deterministic per seed.
import { mulberry32, percentile } from '../../scorers/stats.js';

export interface Estimate {
  value: number;
  ci_low: number;
  ci_high: number;
  n: number;
}

export interface CorpusBootstrapOptions {
  iterations?: number;
  seed?: number;
}

function ci(values: number[]): { low: number; high: number } {
  if (values.length === 0) return { low: NaN, high: NaN };
  values.sort((a, b) => a - b);
  return { low: percentile(values, 2.5), high: percentile(values, 97.5) };
}

/**
 * A statistic of n entries, with a bootstrap CI. A resample is passed as multiplicities (weights
 * summing to n), so the statistic needs no copy of the data and can be an O(n) pass. Null when the
 * statistic is undefined on the data; resamples where it is undefined (AUC without a negative)
 * are left out of the CI.
 */
export function bootstrapWeighted(
  n: number,
  stat: (weights?: Int32Array) => number | null,
  opts: CorpusBootstrapOptions = {},
): Estimate | null {
  const value = n > 0 ? stat() : null;
  if (value === null || !Number.isFinite(value)) return null;
  const rand = mulberry32(opts.seed ?? 1234);
  const iterations = opts.iterations ?? 1000;
  const stats: number[] = [];
  const w = new Int32Array(n);
  for (let b = 0; b < iterations; b++) {
    w.fill(0);
    for (let i = 0; i < n; i++) w[Math.floor(rand() * n)]! += 1;
    const s = stat(w);
    if (s !== null && Number.isFinite(s)) stats.push(s);
  }
  const { low, high } = ci(stats);
  return { value, ci_low: low, ci_high: high, n };
}

/**
 * The unweighted mean of per-group means (the macro average over dimensions), with a
 * stratified bootstrap: each group is resampled within itself, so every replicate keeps all
 * groups and their sizes.
 */
export function macroMean(groups: readonly (readonly number[])[], opts: CorpusBootstrapOptions = {}): Estimate | null {
  const used = groups.filter((g) => g.length > 0);
  if (used.length === 0) return null;
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const value = used.reduce((a, g) => a + mean(g), 0) / used.length;
  const rand = mulberry32(opts.seed ?? 1234);
  const iterations = opts.iterations ?? 1000;
  const stats: number[] = [];
  for (let b = 0; b < iterations; b++) {
    let total = 0;
    for (const g of used) {
      let s = 0;
      for (let i = 0; i < g.length; i++) s += g[Math.floor(rand() * g.length)]!;
      total += s / g.length;
    }
    stats.push(total / used.length);
  }
  const { low, high } = ci(stats);
  return { value, ci_low: low, ci_high: high, n: used.reduce((a, g) => a + g.length, 0) };
}
