// records → summary.json: every metric with its 95% CI, pass@k / maj@n, breakdowns, counts,
// tokens and latency. Pure: the same records give the same summary (merge relies on it).
import { majorityVote } from '../../scorers/aggregate.js';
import { passAtK } from '../../scorers/passk.js';
import { summarize as summarizeValues } from '../../scorers/stats.js';
import type { JsonObject, MetricSpec, SampleRecord } from '../types.js';

export interface MetricSummary {
  label: string;
  /** `mean` (avg@n over samples, then over problems), `pass@k`, or `maj@n`. */
  kind: string;
  value: number;
  stderr: number;
  ci_low: number;
  ci_high: number;
  /** Problems that entered the metric. */
  n: number;
  /** Display scale (100 for rates shown as percentages). */
  scale: number;
  primary: boolean;
  lower_is_better?: boolean;
  /** Problems left out because they had too few scored samples (pass@k with fewer than k). */
  undefined_problems?: number;
}

export interface Summary {
  format: 'agenteval-summary/1';
  benchmark: string;
  model: string;
  fingerprint: string;
  n: number;
  ks: number[];
  counts: {
    problems: number;
    problems_scored: number;
    samples_expected: number;
    samples: number;
    scored: number;
    errors: number;
    errors_by_kind: Record<string, number>;
    error_reasons: Record<string, number>;
    missing: number;
    data_issues: number;
    limit_hit: number;
  };
  error_policy: string;
  metrics: Record<string, MetricSummary>;
  breakdowns: Record<string, Record<string, { problems: number; metrics: Record<string, MetricSummary> }>>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number; mean_per_sample: number };
  behaviour: { turns_mean: number; tool_calls_mean: number };
  latency_ms: { p50: number; p95: number; mean: number };
  wall_time_s: number | null;
  extra: JsonObject;
}

export const ERROR_POLICY =
  'Error records (endpoint failures, scorer failures, data problems) carry no score and are left out of every metric: ' +
  'a problem enters a metric with the samples that were scored; pass@k leaves out problems with fewer than k scored samples. ' +
  'counts.errors says how many; a run with errors exits with code 3 within --max-error-rate, 4 above it.';

export interface SummarizeInput {
  benchmark: string;
  model: string;
  fingerprint: string;
  n: number;
  ks: number[];
  metrics: MetricSpec[];
  /** Problem ids of the run (after --limit and --shard), so missing samples are counted. */
  problemIds: readonly string[];
  dataIssues: number;
  wallTimeS: number | null;
  extra?: JsonObject;
  bootstrapSeed?: number;
}

const collate = new Intl.Collator('en', { numeric: true }).compare;
const PLAIN_NUMBER = /^(0|[1-9][0-9]*)$/;

/** Sort ids the way people read them: `2` before `10` (plain numbers skip the slow collator). */
export function compareIds(a: string, b: string): number {
  if (PLAIN_NUMBER.test(a) && PLAIN_NUMBER.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return collate(a, b);
}

function defaultScale(m: MetricSpec): number {
  return m.scale ?? (m.binary ? 100 : 1);
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

function metricSummary(spec: MetricSpec, kind: string, values: number[], seed: number, undefinedProblems = 0): MetricSummary {
  const s = summarizeValues(values, { seed });
  return {
    label: kind === 'mean' ? spec.label : `${spec.label} ${kind}`,
    kind,
    value: s.value,
    stderr: s.stderr,
    ci_low: s.ci_low,
    ci_high: s.ci_high,
    n: s.n,
    scale: defaultScale(spec),
    primary: kind === 'mean' ? Boolean(spec.primary) : false,
    ...(spec.lowerIsBetter ? { lower_is_better: true } : {}),
    ...(undefinedProblems ? { undefined_problems: undefinedProblems } : {}),
  };
}

/** Group records by problem, problems in id order and samples in index order. */
export function byProblem(records: readonly SampleRecord[]): Map<string, SampleRecord[]> {
  // One sort, then exact-size slices per problem: arrays grown by push() reserve 17 slots each,
  // which on a 100k-problem run is most of the summary's memory.
  const sorted = [...records].sort((a, b) => (a.id === b.id ? a.sample - b.sample : compareIds(a.id, b.id)));
  const map = new Map<string, SampleRecord[]>();
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i === sorted.length || sorted[i]!.id !== sorted[start]!.id) {
      map.set(sorted[start]!.id, sorted.slice(start, i));
      start = i;
    }
  }
  return map;
}

/** Per-problem values of every metric (mean, pass@k, maj@n): shared by summaries and compare. */
export function perProblemValues(
  problems: Map<string, SampleRecord[]>,
  metrics: readonly MetricSpec[],
  n: number,
  ks: readonly number[],
): Map<string, { spec: MetricSpec; kind: string; values: Map<string, number>; undefinedProblems: number }> {
  const out = new Map<string, { spec: MetricSpec; kind: string; values: Map<string, number>; undefinedProblems: number }>();
  for (const spec of metrics) {
    const mean = new Map<string, number>();
    const pass = new Map<number, Map<string, number>>(ks.map((k) => [k, new Map()]));
    const undefinedK = new Map<number, number>(ks.map((k) => [k, 0]));
    const maj = new Map<string, number>();
    for (const [id, recs] of problems) {
      // Plain loops: this runs once per problem and metric over runs of 100k samples.
      let count = 0;
      let sum = 0;
      let c = 0;
      for (const r of recs) {
        const v = r.error === null ? r.scores?.[spec.key] : undefined;
        if (typeof v !== 'number') continue;
        count += 1;
        sum += v;
        if (v >= 1) c += 1;
      }
      if (count === 0) continue;
      mean.set(id, sum / count);
      if (!spec.binary) continue;
      for (const k of ks) {
        if (k === 1) continue; // pass@1 = c/n = the mean: shares its map below
        const p = passAtK(count, c, k);
        if (p === null) undefinedK.set(k, (undefinedK.get(k) ?? 0) + 1);
        else pass.get(k)!.set(id, p);
      }
      if (n > 1) {
        const scored = recs.filter((r) => r.error === null && typeof r.scores?.[spec.key] === 'number');
        const m = majorityVote(scored.map((r) => ({ vote: r.vote, score: r.scores![spec.key]! })));
        if (m !== null) maj.set(id, m);
      }
    }
    out.set(spec.key, { spec, kind: 'mean', values: mean, undefinedProblems: 0 });
    if (!spec.binary) continue;
    for (const k of ks) {
      // pass@1 equals the mean; still listed when asked for, as papers report it by that name.
      out.set(`${spec.key}/pass@${k}`, { spec, kind: `pass@${k}`, values: k === 1 ? mean : pass.get(k)!, undefinedProblems: undefinedK.get(k) ?? 0 });
    }
    if (n > 1 && maj.size > 0) out.set(`${spec.key}/maj@${n}`, { spec, kind: `maj@${n}`, values: maj, undefinedProblems: 0 });
  }
  return out;
}

export function summarizeRecords(records: readonly SampleRecord[], input: SummarizeInput): Summary {
  const seed = input.bootstrapSeed ?? 1234;
  const problems = byProblem(records);
  const metrics: Record<string, MetricSummary> = {};
  for (const [key, m] of perProblemValues(problems, input.metrics, input.n, input.ks)) {
    if (m.kind !== 'mean' && m.values.size === 0 && m.undefinedProblems === 0) continue;
    const mean = metrics[m.spec.key];
    if (m.kind === 'pass@1' && mean && m.undefinedProblems === 0) {
      // The unbiased pass@1 is c/n per problem: the mean itself. Reuse its CI (the bootstrap is
      // the costliest part of a large summary).
      metrics[key] = { ...mean, label: `${m.spec.label} pass@1`, kind: 'pass@1', primary: false };
      continue;
    }
    metrics[key] = metricSummary(m.spec, m.kind, [...m.values.values()], seed, m.undefinedProblems);
  }

  // Breakdowns by every group key (e.g. difficulty), on the per-sample mean metrics.
  const breakdowns: Summary['breakdowns'] = {};
  const groupKeys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.groups ?? {})) groupKeys.add(k);
  for (const gk of [...groupKeys].sort()) {
    const byValue = new Map<string, Map<string, SampleRecord[]>>();
    for (const [id, recs] of problems) {
      const gv = recs[0]?.groups?.[gk] ?? '(none)';
      let m = byValue.get(gv);
      if (!m) byValue.set(gv, (m = new Map()));
      m.set(id, recs);
    }
    const entry: Record<string, { problems: number; metrics: Record<string, MetricSummary> }> = {};
    for (const [gv, probs] of [...byValue.entries()].sort(([a], [b]) => compareIds(a, b))) {
      const ms: Record<string, MetricSummary> = {};
      for (const [key, m] of perProblemValues(probs, input.metrics, input.n, [])) {
        if (m.kind === 'mean') ms[key] = metricSummary(m.spec, 'mean', [...m.values.values()], seed);
      }
      entry[gv] = { problems: probs.size, metrics: ms };
    }
    breakdowns[gk] = entry;
  }

  const errors = records.filter((r) => r.error !== null);
  const errorsByKind: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  for (const r of errors) {
    const kind = r.error_kind ?? 'unknown';
    errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
    const reason = (r.error ?? '').slice(0, 120);
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  // Ties broken by text, so the same records give the same summary in any order (merge relies on it).
  const topReasons = Object.fromEntries(Object.entries(reasons).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, 10));

  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, mean_per_sample: 0 };
  let turns = 0;
  let tools = 0;
  for (const r of records) {
    usage.prompt_tokens += r.usage?.prompt_tokens ?? 0;
    usage.completion_tokens += r.usage?.completion_tokens ?? 0;
    usage.total_tokens += r.usage?.total_tokens ?? 0;
    turns += r.turns ?? 0;
    tools += r.tool_calls ?? 0;
  }
  usage.mean_per_sample = records.length ? usage.total_tokens / records.length : 0;
  const lat = records.map((r) => r.latency_ms ?? 0).sort((a, b) => a - b);

  const expected = input.problemIds.length * input.n;
  let missing = 0;
  for (const id of input.problemIds) {
    // Records of a problem are sorted by sample index and unique per index (latest wins).
    let present = 0;
    for (const r of problems.get(id) ?? []) if (r.sample < input.n) present += 1;
    missing += input.n - present;
  }

  return {
    format: 'agenteval-summary/1',
    benchmark: input.benchmark,
    model: input.model,
    fingerprint: input.fingerprint,
    n: input.n,
    ks: input.ks,
    counts: {
      problems: input.problemIds.length,
      problems_scored: [...problems.values()].filter((rs) => rs.some((r) => r.error === null)).length,
      samples_expected: expected,
      samples: records.length,
      scored: records.length - errors.length,
      errors: errors.length,
      errors_by_kind: errorsByKind,
      error_reasons: topReasons,
      missing,
      data_issues: input.dataIssues,
      limit_hit: records.filter((r) => r.limit_hit).length,
    },
    error_policy: ERROR_POLICY,
    metrics,
    breakdowns,
    usage,
    behaviour: {
      turns_mean: records.length ? turns / records.length : 0,
      tool_calls_mean: records.length ? tools / records.length : 0,
    },
    latency_ms: { p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), mean: lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : 0 },
    wall_time_s: input.wallTimeS,
    extra: input.extra ?? {},
  };
}
