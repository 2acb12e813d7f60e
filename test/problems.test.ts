import { describe, expect, it } from 'vitest';
import { majorityVote } from '../scorers/aggregate.js';
import { ProblemFold } from '../harness/summary/problems.js';
import type { MetricSpec, SampleRecord } from '../harness/types.js';

const metrics: MetricSpec[] = [
  { key: 'em', label: 'EM', binary: true, primary: true },
  { key: 'f1', label: 'F1', binary: false },
];

const rec = (id: string, sample: number, em: number | null, f1: number, vote: string | null, groups?: Record<string, string>): SampleRecord => ({
  id, sample, output: '', trace: [], turns: 1, tool_calls: 0, usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  latency_ms: 0, attempts: 1, scores: em === null ? null : { em, f1 }, vote, error: em === null ? 'boom' : null, finished_at: '',
  ...(groups ? { groups } : {}),
});

function fold(records: SampleRecord[], n: number): ProblemFold {
  const f = new ProblemFold(metrics, n);
  for (const r of records) f.add(r);
  return f;
}

describe('ProblemFold', () => {
  it('sized up front for the expected problems or grown as they come: the same values, also past the estimate', () => {
    const records: SampleRecord[] = [];
    for (let p = 0; p < 300; p++) for (let s = 0; s < 3; s++) records.push(rec(`q${p}`, s, (p + s) % 2, ((p * 7 + s) % 10) / 10, String(s % 2)));
    const grown = fold(records, 3).perProblemValues([1, 2]);
    for (const expected of [0, 100, 300, 1000]) {
      const sized = new ProblemFold(metrics, 3, expected);
      for (const r of records) sized.add(r);
      expect(sized.perProblemValues([1, 2])).toEqual(grown);
    }
  });

  it('perProblemLists holds the same values as perProblemValues, as parallel arrays in the order asked for', () => {
    const records: SampleRecord[] = [];
    for (let p = 0; p < 50; p++) for (let s = 0; s < 4; s++) records.push(rec(`q${p}`, s, (p * s) % 3 === 0 ? 1 : 0, ((p + s) % 5) / 5, String(s % 3)));
    const f = fold(records, 4);
    const order = f.order().reverse();
    const byId = f.perProblemValues([1, 2, 4], order);
    const lists = f.perProblemLists([1, 2, 4], order);
    expect([...lists.keys()]).toEqual([...byId.keys()]);
    for (const [key, l] of lists) {
      const m = byId.get(key)!;
      expect([l.kind, l.undefinedProblems]).toEqual([m.kind, m.undefinedProblems]);
      expect([...l.problems].map((p) => f.ids[p])).toEqual([...m.values.keys()]);
      expect([...l.values]).toEqual([...m.values.values()]);
    }
  });

  it('maj@n as majorityVote gives it in sample order: most votes, ties to the earliest first vote, its first score', () => {
    // Votes by sample: B A A B C → A and B tie at 2; B first appears at sample 0.
    const votes = ['B', 'A', 'A', 'B', 'C'];
    const ems = [0, 1, 1, 1, 0];
    const records = votes.map((v, i) => rec('p', i, ems[i]!, 0.5, v));
    const expected = majorityVote(records.map((r) => ({ vote: r.vote, score: r.scores!.em! })));
    for (const order of [records, [...records].reverse(), [records[3]!, records[1]!, records[4]!, records[0]!, records[2]!]]) {
      expect(fold(order, 5).perProblemValues([]).get('em/maj@5')!.values.get('p')).toBe(expected);
    }
    expect(expected).toBe(0);
  });

  it('a non-binary mean at n > 1 is summed in sample order: the same digits in any arrival order', () => {
    const f1 = [0.1, 0.7, 0.2, 0.30000000000000004, 1 / 3, 0.6];
    const records = f1.map((v, i) => rec('p', i, 1, v, null));
    const inOrder = f1.reduce((a, b) => a + b, 0) / f1.length;
    expect(fold([...records].reverse(), 6).perProblemValues([]).get('f1')!.values.get('p')).toBe(inOrder);
  });

  it('pass@k from counts, errors and labels of the lowest sample, samples ≥ n ignored', () => {
    const f = fold([rec('b', 1, 1, 1, null, { d: 'late' }), rec('b', 0, 0, 0, null, { d: 'first' }), rec('a', 0, null, 0, null), rec('a', 1, 1, 1, null), rec('a', 7, 1, 1, null)], 2);
    const v = f.perProblemValues([2]);
    expect([...v.get('em')!.values]).toEqual([['a', 1], ['b', 0.5]]);
    expect(v.get('em/pass@2')).toMatchObject({ undefinedProblems: 1 });
    expect([...v.get('em/pass@2')!.values]).toEqual([['b', 1]]);
    const b = f.indexOf('b')!;
    expect(f.groupsOf(b)).toEqual({ d: 'first' });
    const a = f.indexOf('a')!;
    expect([f.recordCount(a), f.errorCount(a)]).toEqual([2, 1]);
  });
});
