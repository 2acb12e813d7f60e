import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../harness/summary/latency.js';

/** The list-based quantile the summary used before the histogram (linear between nearest ranks). */
function reference(values: number[]): { p50: number; p95: number; mean: number } {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return { p50: 0, p95: 0, mean: 0 };
  const q = (p: number) => {
    const pos = (s.length - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
  };
  return { p50: q(0.5), p95: q(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

describe('LatencyHistogram', () => {
  it.each([
    ['empty', []],
    ['one', [42]],
    ['two', [10, 20]],
    ['whole ms, repeated', Array.from({ length: 1001 }, (_, i) => (i * 7919) % 313)],
    ['fractional', Array.from({ length: 777 }, (_, i) => ((i * 31) % 97) / 3)],
    ['mixed', [0.1, 1, 2, 0.2, 0.30000000000000004, 5, 5, 5]],
  ])('%s: the same p50, p95 and mean as the sorted list, to the last digit', (_name, values) => {
    const h = new LatencyHistogram();
    for (const v of values) h.add(v);
    expect(h.summary()).toEqual(reference(values));
  });

  it('holds one entry per distinct latency, not per sample', () => {
    const h = new LatencyHistogram();
    const values = Array.from({ length: 500_000 }, (_, i) => i % 1000);
    for (const v of values) h.add(v);
    expect(h.size).toBe(500_000);
    expect(h.summary()).toEqual(reference(values));
  });
});
