import { describe, expect, it } from 'vitest';
import { binomialFromUniform, lgamma, multinomialBootstrapMeans } from '../scorers/binomial.js';
import { bootstrapCI, mulberry32 } from '../scorers/stats.js';

function pmf(n: number, p: number, k: number): number {
  return Math.exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));
}

describe('lgamma', () => {
  it('matches known values', () => {
    expect(lgamma(1)).toBeCloseTo(0, 12);
    expect(lgamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // ln(100!) = 363.73937555556347
    expect(lgamma(101)).toBeCloseTo(363.73937555556347, 9);
  });
});

describe('binomialFromUniform', () => {
  it('is exact inversion: frequencies match the pmf (n=20, p=0.3 and p=0.85)', () => {
    for (const p of [0.3, 0.85]) {
      const n = 20;
      const draws = 200_000;
      const next = mulberry32(7);
      const freq = new Array<number>(n + 1).fill(0);
      for (let i = 0; i < draws; i++) freq[binomialFromUniform(n, p, next())]! += 1;
      for (let k = 0; k <= n; k++) {
        const expected = pmf(n, p, k) * draws;
        // within 5 standard deviations of a binomial count
        expect(Math.abs(freq[k]! - expected)).toBeLessThanOrEqual(5 * Math.sqrt(expected + 1) + 1);
      }
    }
  });

  it('handles the edges and large n', () => {
    expect(binomialFromUniform(0, 0.5, 0.3)).toBe(0);
    expect(binomialFromUniform(10, 0, 0.9)).toBe(0);
    expect(binomialFromUniform(10, 1, 0.1)).toBe(10);
    const next = mulberry32(3);
    let s = 0;
    for (let i = 0; i < 2000; i++) s += binomialFromUniform(100_000, 0.37, next());
    expect(s / 2000 / 100_000).toBeCloseTo(0.37, 3);
  });
});

describe('multinomial bootstrap', () => {
  it('has the distribution of index resampling (quantiles agree within Monte Carlo error)', () => {
    // 300 problems, avg@4-style values in {0, .25, .5, .75, 1}
    const values = Array.from({ length: 300 }, (_, i) => [0, 0.25, 0.5, 0.75, 1, 1, 1][(i * 7) % 7]!);
    const levels = [...new Set(values)].sort((a, b) => a - b);
    const counts = levels.map((l) => values.filter((v) => v === l).length);
    const fast = multinomialBootstrapMeans(levels, counts, 20_000, mulberry32(11)).sort();
    // naive: resample indices
    const next = mulberry32(12);
    const naive = new Float64Array(20_000);
    for (let b = 0; b < naive.length; b++) {
      let s = 0;
      for (let i = 0; i < values.length; i++) s += values[(next() * values.length) | 0]!;
      naive[b] = s / values.length;
    }
    naive.sort();
    for (const q of [0.025, 0.5, 0.975]) {
      const i = Math.floor(q * 20_000);
      expect(Math.abs(fast[i]! - naive[i]!)).toBeLessThan(0.006);
    }
  });

  it('bootstrapCI uses it for few-valued data: deterministic, near ±1.96 stderr for 0/1 scores', () => {
    const v = Array.from({ length: 10_000 }, (_, i) => (i % 10 < 6 ? 1 : 0));
    const a = bootstrapCI(v);
    expect(a).toEqual(bootstrapCI(v));
    const se = Math.sqrt(0.6 * 0.4 / 10_000);
    expect(a.low).toBeCloseTo(0.6 - 1.96 * se, 2);
    expect(a.high).toBeCloseTo(0.6 + 1.96 * se, 2);
    // 200k values: a resampling step quadratic in n would time the test out.
    expect(bootstrapCI(Array.from({ length: 200_000 }, (_, i) => i % 2)).low).toBeCloseTo(0.5, 2);
  });
});
