// Example-by-example agreement with Math-Verify on the 285 dev pairs (test/fixtures/math/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyMath } from '../scorers/math/index.js';

interface Pair {
  gold: string;
  prediction: string;
  equivalent: boolean;
  category: string;
}

const rows: Pair[] = readFileSync(new URL('./fixtures/math/equivalence_dev.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Pair);

describe("verifyMath agrees with Math-Verify's verdicts on equivalence_dev.jsonl", () => {
  it('has all 285 pairs', () => {
    expect(rows).toHaveLength(285);
  });

  it.each(rows.map((r, i) => [i, r.category, r.gold, r] as const))('#%i %s gold=%s', (_i, _c, _g, r) => {
    const v = verifyMath(r.gold, r.prediction);
    expect(v.correct).toBe(r.equivalent);
    expect(v.reason === null).toBe(r.equivalent);
  });

  it('keeps the surprising verdicts: 9e11-style golds read as 9·e·11, "1\\,000" as 1·0', () => {
    expect(verifyMath('4.5e33', 'So the answer is $\\boxed{4.5 \\times 10^{33}}$.').correct).toBe(false);
    expect(verifyMath('4.5e33', 'So the answer is $\\boxed{4.5e33}$.').correct).toBe(true);
    expect(verifyMath('1000', 'So the answer is $\\boxed{1\\,000}$.').correct).toBe(false);
    expect(verifyMath('0', 'So the answer is $\\boxed{1\\,000}$.').correct).toBe(true);
  });
});
