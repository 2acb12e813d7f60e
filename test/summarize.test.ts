import { describe, expect, it } from 'vitest';
import { summarizeRecords, compareIds } from '../harness/summary/summarize.js';
import type { MetricSpec, SampleRecord } from '../harness/types.js';

function rec(id: string, sample: number, ex: number | null, extra: Partial<SampleRecord> = {}): SampleRecord {
  return {
    id,
    sample,
    output: '',
    trace: [],
    turns: 1,
    tool_calls: 0,
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    latency_ms: 100 + sample,
    attempts: 1,
    scores: ex === null ? null : { ex },
    error: ex === null ? 'http: HTTP 500 after 3 attempts' : null,
    error_kind: ex === null ? 'model' : null,
    finished_at: '',
    ...extra,
  };
}

const metrics: MetricSpec[] = [{ key: 'ex', label: 'EX', binary: true, primary: true }];
const base = { benchmark: 'b', model: 'm', fingerprint: 'f', metrics, dataIssues: 0, wallTimeS: 1 };

describe('summarizeRecords', () => {
  it('computes avg@n, pass@k and maj@n from per-problem samples (hand-computed)', () => {
    // p1: 2 of 4 correct; p2: 0 of 4; p3: 4 of 4.
    const records = [
      ...[1, 1, 0, 0].map((v, i) => rec('p1', i, v, { vote: v ? 'A' : `B${i}` })),
      ...[0, 0, 0, 0].map((v, i) => rec('p2', i, v, { vote: 'W' })),
      ...[1, 1, 1, 1].map((v, i) => rec('p3', i, v, { vote: 'R' })),
    ];
    const s = summarizeRecords(records, { ...base, n: 4, ks: [1, 2, 4], problemIds: ['p1', 'p2', 'p3'] });
    expect(s.metrics.ex!.value).toBeCloseTo((0.5 + 0 + 1) / 3);
    // pass@2 for p1: 1 - C(2,2)/C(4,2) = 1 - 1/6
    expect(s.metrics['ex/pass@2']!.value).toBeCloseTo((5 / 6 + 0 + 1) / 3);
    expect(s.metrics['ex/pass@4']!.value).toBeCloseTo(2 / 3);
    expect(s.metrics['ex/pass@1']!.value).toBeCloseTo(s.metrics.ex!.value);
    // maj@4: p1 votes A,A,B2,B3 → A (correct); p2 wrong; p3 right.
    expect(s.metrics['ex/maj@4']!.value).toBeCloseTo(2 / 3);
    expect(s.counts).toMatchObject({ problems: 3, samples: 12, scored: 12, errors: 0, missing: 0 });
    expect(s.usage.total_tokens).toBe(180);
    expect(s.metrics.ex!.primary).toBe(true);
    expect(s.metrics['ex/pass@2']!.primary).toBe(false);
  });

  it('leaves errors out and says pass@k is undefined for problems with fewer than k scored samples', () => {
    const records = [rec('a', 0, 1), rec('a', 1, null), rec('b', 0, 0), rec('b', 1, 1)];
    const s = summarizeRecords(records, { ...base, n: 2, ks: [2], problemIds: ['a', 'b', 'c'] });
    expect(s.metrics.ex!.value).toBeCloseTo((1 + 0.5) / 2);
    expect(s.metrics['ex/pass@2']!).toMatchObject({ value: 1, n: 1, undefined_problems: 1 });
    expect(s.counts).toMatchObject({ problems: 3, problems_scored: 2, errors: 1, missing: 2, errors_by_kind: { model: 1 } });
    expect(s.counts.error_reasons).toEqual({ 'http: HTTP 500 after 3 attempts': 1 });
  });

  it('is independent of record order (merge relies on it) and sorts ids numerically', () => {
    const records = Array.from({ length: 30 }, (_, i) => rec(String(i), 0, i % 3 === 0 ? 1 : 0, { groups: { d: i % 2 ? 'odd' : 'even' } }));
    const ids = records.map((r) => r.id);
    const a = summarizeRecords(records, { ...base, n: 1, ks: [1], problemIds: ids });
    const b = summarizeRecords([...records].reverse(), { ...base, n: 1, ks: [1], problemIds: ids });
    expect(a.metrics).toEqual(b.metrics);
    expect(a.breakdowns).toEqual(b.breakdowns);
    expect(['10', '9', '2'].sort(compareIds)).toEqual(['2', '9', '10']);
  });
});

describe('summaryAccumulator at scale', () => {
  const metrics2: MetricSpec[] = [
    { key: 'ex', label: 'EX', binary: true, primary: true },
    { key: 'f1', label: 'F1', binary: false },
  ];
  const n = 16;
  /** Record i of a run of P problems × 16 samples: scores, votes, groups, latencies and a few errors. */
  const at = (P: number, i: number): SampleRecord => {
    const h = (i * 2654435761) >>> 0;
    const error = h % 101 === 0;
    return {
      id: String(i % P), sample: Math.floor(i / P), output: null, trace: [], turns: 1, tool_calls: 0,
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }, latency_ms: h % 997, attempts: 1,
      scores: error ? null : { ex: h % 3 === 0 ? 1 : 0, f1: (h % 9) / 9 }, vote: `v${h % 5}`, groups: { d: String(i % 7) },
      error: error ? `reason ${h % 4}` : null, error_kind: error ? 'model' : null, finished_at: '',
    };
  };
  const input = { ...base, metrics: metrics2, n, ks: [1, 4, 16] };

  it('gives the same summary whatever order records arrive in (merge relies on it)', () => {
    const P = 1_000;
    const N = P * n;
    const a = summarizeRecords((function* () { for (let i = 0; i < N; i++) yield at(P, i); })(), input);
    const b = summarizeRecords((function* () { for (let i = N - 1; i >= 0; i--) yield at(P, i); })(), input);
    const c = summarizeRecords((function* () { for (let s = 0; s < 7; s++) for (let i = s; i < N; i += 7) yield at(P, i); })(), input);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('folds 320,000 records (20,000 problems × n = 16) in one pass (a quadratic step would time the test out)', () => {
    const P = 20_000;
    const N = P * n;
    const s = summarizeRecords((function* () { for (let i = 0; i < N; i++) yield at(P, i); })(), input);
    expect(s.counts.samples).toBe(N);
    expect(s.counts.problems).toBe(P);
    expect(Object.keys(s.metrics)).toEqual(['ex', 'ex/pass@1', 'ex/pass@4', 'ex/pass@16', 'ex/maj@16', 'f1']);
    expect(Object.keys(s.breakdowns.d!)).toHaveLength(7);
    expect(s.latency_ms.p95).toBeGreaterThan(s.latency_ms.p50);
  });
});
