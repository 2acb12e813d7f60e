import { describe, expect, it } from 'vitest';
import { ExactSum } from '../harness/summary/exact-sum.js';

const sum = (xs: number[]) => {
  const s = new ExactSum();
  for (const x of xs) s.add(x);
  return s.value();
};

describe('ExactSum', () => {
  it('is correctly rounded where a naive sum is not (math.fsum cases)', () => {
    expect(sum([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])).toBe(1);
    expect(sum([1e100, 1, -1e100, 1e-100, 1e50, -1, -1e50])).toBe(1e-100);
    expect(sum([])).toBe(0);
    expect(sum([2 ** 53, 1, 1])).toBe(2 ** 53 + 2);
  });

  it('gives the same digits in any order', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 1000) / 7 - 50);
    const a = sum(xs);
    expect(sum([...xs].reverse())).toBe(a);
    expect(sum([...xs].sort())).toBe(a);
  });
});
