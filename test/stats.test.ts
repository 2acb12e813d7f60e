import { describe, expect, it } from 'vitest';
import { bootstrapCI, mulberry32, pairedBootstrap, percentile, stderr, summarize } from '../scorers/stats.js';

describe('mulberry32', () => {
  it('is deterministic per seed, differs across seeds, and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 10_000 }, () => a());
    const ys = Array.from({ length: 10_000 }, () => b());
    const zs = Array.from({ length: 10_000 }, () => c());
    expect(xs).toEqual(ys);
    expect(xs).not.toEqual(zs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(m).toBeGreaterThan(0.48);
    expect(m).toBeLessThan(0.52);
  });
});

describe('stderr', () => {
  it('is the ddof=1 std over sqrt(n)', () => {
    // numpy: np.std([1,2,3,4,10], ddof=1) / np.sqrt(5)
    expect(stderr([1, 2, 3, 4, 10])).toBeCloseTo(1.5811388300841895, 14);
  });

  it('is 0 for fewer than two values and for constants', () => {
    expect(stderr([])).toBe(0);
    expect(stderr([3])).toBe(0);
    expect(stderr([0.1, 0.1, 0.1])).toBeCloseTo(0, 15); // float noise of the mean, as in numpy
    expect(stderr([2, 2, 2, 2])).toBe(0);
  });
});

describe('percentile', () => {
  it('matches numpy.percentile (linear) values', () => {
    const a = [2, 4, 7, 10];
    const want = [2.0, 3.5, 3.98, 5.5, 6.9399999999999995, 7.75, 10.0];
    [0, 25, 33, 50, 66, 75, 100].forEach((q, i) => expect(percentile(a, q)).toBe(want[i]));
    const b = [0.1, 0.2, 0.3, 0.7, 1.3];
    const wantB = [0.11000000000000001, 0.14, 0.25, 1.06, 1.24];
    [2.5, 10, 37.5, 90, 97.5].forEach((q, i) => expect(percentile(b, q)).toBe(wantB[i]));
    expect(percentile(Float64Array.of(5), 42)).toBe(5);
  });

  it('is NaN when empty and rejects q outside [0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

function bernoulli(n: number, p: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => (r() < p ? 1 : 0));
}

describe('bootstrapCI', () => {
  it('is deterministic for a fixed seed and changes with the seed', () => {
    const v = bernoulli(300, 0.4, 1);
    expect(bootstrapCI(v)).toEqual(bootstrapCI(v));
    expect(bootstrapCI(v, { seed: 1234 })).toEqual(bootstrapCI(v));
    expect(bootstrapCI(v, { seed: 99 })).not.toEqual(bootstrapCI(v));
  });

  it('is degenerate for a constant vector', () => {
    const ci = bootstrapCI(Array(50).fill(0.1));
    expect(ci.low).toBe(ci.high);
    expect(ci.low).toBeCloseTo(0.1, 12);
    expect(bootstrapCI([1, 1, 1])).toEqual({ low: 1, high: 1 });
  });

  it('brackets the mean with about ±1.96·stderr for a large sample', () => {
    const v = bernoulli(2000, 0.3, 7);
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    const se = stderr(v);
    const { low, high } = bootstrapCI(v, { iterations: 4000 });
    expect(low).toBeLessThan(m);
    expect(high).toBeGreaterThan(m);
    expect((high - low) / (2 * 1.96 * se)).toBeGreaterThan(0.9);
    expect((high - low) / (2 * 1.96 * se)).toBeLessThan(1.1);
    const narrow = bootstrapCI(v, { iterations: 4000, alpha: 0.5 });
    expect(narrow.high - narrow.low).toBeLessThan(high - low);
  });

  it('handles empty input and rejects bad options and values', () => {
    const e = bootstrapCI([]);
    expect(e.low).toBeNaN();
    expect(e.high).toBeNaN();
    expect(() => bootstrapCI([1], { iterations: 0 })).toThrow(RangeError);
    expect(() => bootstrapCI([1], { alpha: 1 })).toThrow(RangeError);
    expect(() => bootstrapCI([1, Number.NaN])).toThrow(RangeError);
  });

  it('scales: 10k values × 2000 iterations (a resample quadratic in n would time the test out)', () => {
    const v = bernoulli(10_000, 0.5, 3);
    const ci = bootstrapCI(v);
    expect(ci.low).toBeLessThan(ci.high);
  });
});

describe('summarize', () => {
  it('reports mean, stderr, CI and n', () => {
    const v = [1, 0, 1, 1, 0, 1, 0, 1];
    const s = summarize(v);
    expect(s.value).toBe(0.625);
    expect(s.n).toBe(8);
    expect(s.stderr).toBeCloseTo(stderr(v), 15);
    expect(s.ci_low).toBe(bootstrapCI(v).low);
    expect(s.ci_high).toBe(bootstrapCI(v).high);
    expect(s.ci_low).toBeLessThanOrEqual(s.value);
    expect(s.ci_high).toBeGreaterThanOrEqual(s.value);
  });

  it('is degenerate for constants and NaN-valued when empty', () => {
    const s = summarize(Array(20).fill(0.7));
    expect(s.ci_low).toBe(s.ci_high);
    expect(s.stderr).toBeCloseTo(0, 15);
    const e = summarize([]);
    expect(e.value).toBeNaN();
    expect(e.n).toBe(0);
  });
});

describe('pairedBootstrap', () => {
  it('candidate = base + 1 everywhere ⇒ delta 1, CI [1, 1], p 0', () => {
    const base = bernoulli(100, 0.5, 5);
    const cand = base.map((x) => x + 1);
    expect(pairedBootstrap(base, cand)).toEqual({ delta: 1, ci_low: 1, ci_high: 1, p_value: 0 });
  });

  it('identical arms ⇒ delta 0, CI [0, 0], p 1', () => {
    const base = bernoulli(100, 0.5, 6);
    expect(pairedBootstrap(base, [...base])).toEqual({ delta: 0, ci_low: 0, ci_high: 0, p_value: 1 });
  });

  it('is antisymmetric when the arms are swapped', () => {
    const base = bernoulli(200, 0.4, 8);
    const cand = bernoulli(200, 0.5, 9);
    const ab = pairedBootstrap(base, cand);
    const ba = pairedBootstrap(cand, base);
    expect(ba.delta).toBeCloseTo(-ab.delta, 15);
    // numpy's _lerp is not exactly antisymmetric (it switches form at gamma 0.5): ulp-level noise
    expect(ba.ci_low).toBeCloseTo(-ab.ci_high, 12);
    expect(ba.ci_high).toBeCloseTo(-ab.ci_low, 12);
    expect(ba.p_value).toBe(ab.p_value);
    expect(pairedBootstrap(base, cand)).toEqual(ab); // deterministic
  });

  it('p_value = min(1, 2·#{resampled delta ≤ 0}/B) for a positive delta (replayed exactly)', () => {
    // diffs [1, −0.5]: delta 0.25; a resample's mean is ≤ 0 only when both draws pick index 1.
    const base = [0, 0.5];
    const cand = [1, 0];
    const B = 5000;
    const seed = 77;
    const rng = mulberry32(seed);
    let crossing = 0;
    for (let b = 0; b < B; b++) {
      const i1 = Math.floor(rng() * 2);
      const i2 = Math.floor(rng() * 2);
      if (i1 === 1 && i2 === 1) crossing++;
    }
    const r = pairedBootstrap(base, cand, { iterations: B, seed });
    expect(r.delta).toBe(0.25);
    expect(r.p_value).toBe(Math.min(1, (2 * crossing) / B));
    expect(r.p_value).toBeGreaterThan(0.45);
    expect(r.p_value).toBeLessThan(0.55);
    expect(r.ci_low).toBe(-0.5);
    expect(r.ci_high).toBe(1);
  });

  it('gives a small p for a clear improvement and a large one for noise', () => {
    const base = bernoulli(500, 0.3, 10);
    const better = base.map((x, i) => (i % 3 === 0 ? 1 : x));
    expect(pairedBootstrap(base, better).p_value).toBeLessThan(0.01);
    const noise = bernoulli(500, 0.3, 11);
    const r = pairedBootstrap(base, noise);
    expect(r.ci_low).toBeLessThan(r.delta);
    expect(r.ci_high).toBeGreaterThan(r.delta);
  });

  it('throws on arms of different lengths', () => {
    expect(() => pairedBootstrap([1, 0], [1])).toThrow(RangeError);
  });
});
