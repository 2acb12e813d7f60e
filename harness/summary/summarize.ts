// records → summary.json, as a streaming fold: every metric with its 95% CI, pass@k / maj@n,
// breakdowns, counts, tokens and latency. Records are folded one at a time into per-problem state
// (problems.ts), counters and a latency histogram; finish() bootstraps over per-problem values in
// id order. The same records give the same summary in any order (merge relies on it).
import { summarize as summarizeValues } from '../../scorers/stats.js';
import type { JsonObject, MetricSpec, RecordAccumulator, SampleRecord } from '../types.js';
import { compareIds } from './ids.js';
import { LatencyHistogram } from './latency.js';
import { ProblemFold } from './problems.js';

export { compareIds } from './ids.js';

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
  /**
   * Problem ids of the run (after --limit and --shard), so missing samples are counted; records of
   * other problems are left out. Default: the problems records were seen for.
   */
  problemIds?: ReadonlySet<string> | readonly string[];
  dataIssues: number;
  wallTimeS: number | null;
  extra?: JsonObject;
  bootstrapSeed?: number;
}

function defaultScale(m: MetricSpec): number {
  return m.scale ?? (m.binary ? 100 : 1);
}

function metricSummary(spec: MetricSpec, kind: string, values: ArrayLike<number>, seed: number, undefinedProblems = 0): MetricSummary {
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


/** A record's error reason as counted in `error_reasons` (the first 120 characters). */
const reasonOf = (r: SampleRecord) => (r.error ?? '').slice(0, 120);

/**
 * The summary of a run as a fold. Records of samples ≥ n, and of problems outside
 * `problemIds` when given, are not part of the run and are skipped. Callers pass the current
 * record of every (id, sample) once (resumed duplicates resolved: the latest wins).
 */
export function summaryAccumulator(input: SummarizeInput): RecordAccumulator<Summary> {
  const ids = input.problemIds === undefined ? null : input.problemIds instanceof Set ? input.problemIds : new Set(input.problemIds);
  const problems = new ProblemFold(input.metrics, input.n, ids?.size ?? 0);
  const latency = new LatencyHistogram();
  const errorsByKind = new Map<string, number>();
  const reasons = new Map<string, number>();
  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, mean_per_sample: 0 };
  let samples = 0;
  let errors = 0;
  let limitHit = 0;
  let turns = 0;
  let tools = 0;
  return {
    add(r) {
      if (!(r.sample < input.n) || (ids !== null && !ids.has(r.id))) return;
      problems.add(r);
      samples += 1;
      if (r.error !== null) {
        errors += 1;
        const kind = r.error_kind ?? 'unknown';
        errorsByKind.set(kind, (errorsByKind.get(kind) ?? 0) + 1);
        const reason = reasonOf(r);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      if (r.limit_hit) limitHit += 1;
      // Integer sums: exact in any order.
      usage.prompt_tokens += r.usage?.prompt_tokens ?? 0;
      usage.completion_tokens += r.usage?.completion_tokens ?? 0;
      usage.total_tokens += r.usage?.total_tokens ?? 0;
      turns += r.turns ?? 0;
      tools += r.tool_calls ?? 0;
      latency.add(r.latency_ms ?? 0);
    },
    finish() {
      return finishSummary(input, ids, problems, {
        samples,
        errors,
        limitHit,
        turns,
        tools,
        usage,
        latency,
        errorsByKind,
        reasons,
      });
    },
  };
}

interface Counters {
  samples: number;
  errors: number;
  limitHit: number;
  turns: number;
  tools: number;
  usage: Summary['usage'];
  latency: LatencyHistogram;
  errorsByKind: Map<string, number>;
  reasons: Map<string, number>;
}

function finishSummary(input: SummarizeInput, ids: ReadonlySet<string> | null, problems: ProblemFold, c: Counters): Summary {
  const seed = input.bootstrapSeed ?? 1234;
  const order = problems.order();
  const metrics: Record<string, MetricSummary> = {};
  for (const [key, m] of problems.perProblemLists(input.ks, order)) {
    if (m.kind !== 'mean' && m.values.length === 0 && m.undefinedProblems === 0) continue;
    const mean = metrics[m.spec.key];
    if (m.kind === 'pass@1' && mean && m.undefinedProblems === 0) {
      // The unbiased pass@1 is c/n per problem: the mean itself. Reuse its CI (the bootstrap is
      // the costliest part of a large summary).
      metrics[key] = { ...mean, label: `${m.spec.label} pass@1`, kind: 'pass@1', primary: false };
      continue;
    }
    metrics[key] = metricSummary(m.spec, m.kind, m.values, seed, m.undefinedProblems);
  }

  // Breakdowns by every group key (e.g. difficulty), on the per-sample mean metrics; a problem's
  // labels are those of its lowest sample.
  const breakdowns: Summary['breakdowns'] = {};
  for (const gk of [...problems.groupKeys].sort()) {
    const byValue = new Map<string, number[]>();
    for (const p of order) {
      const gv = problems.groupsOf(p)?.[gk] ?? '(none)';
      let list = byValue.get(gv);
      if (!list) byValue.set(gv, (list = []));
      list.push(p);
    }
    const entry: Record<string, { problems: number; metrics: Record<string, MetricSummary> }> = {};
    for (const [gv, list] of [...byValue.entries()].sort(([a], [b]) => compareIds(a, b))) {
      const ms: Record<string, MetricSummary> = {};
      for (const [key, m] of problems.perProblemLists([], list, true)) {
        if (m.kind === 'mean') ms[key] = metricSummary(m.spec, 'mean', m.values, seed);
      }
      entry[gv] = { problems: list.length, metrics: ms };
    }
    breakdowns[gk] = entry;
  }

  // Ties broken by text, so the same records give the same summary in any order (merge relies on it).
  const topReasons = Object.fromEntries([...c.reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, 10));
  const errorsByKind = Object.fromEntries([...c.errorsByKind].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

  const problemIds = ids ?? new Set(problems.ids);
  let missing = 0;
  for (const id of problemIds) {
    const p = problems.indexOf(id);
    missing += input.n - (p === undefined ? 0 : problems.recordCount(p));
  }
  let scoredProblems = 0;
  for (let p = 0; p < problems.size; p++) if (problems.errorCount(p) < problems.recordCount(p)) scoredProblems += 1;
  const usage = { ...c.usage, mean_per_sample: c.samples ? c.usage.total_tokens / c.samples : 0 };

  return {
    format: 'agenteval-summary/1',
    benchmark: input.benchmark,
    model: input.model,
    fingerprint: input.fingerprint,
    n: input.n,
    ks: input.ks,
    counts: {
      problems: problemIds.size,
      problems_scored: scoredProblems,
      samples_expected: problemIds.size * input.n,
      samples: c.samples,
      scored: c.samples - c.errors,
      errors: c.errors,
      errors_by_kind: errorsByKind,
      error_reasons: topReasons,
      missing,
      data_issues: input.dataIssues,
      limit_hit: c.limitHit,
    },
    error_policy: ERROR_POLICY,
    metrics,
    breakdowns,
    usage,
    behaviour: {
      turns_mean: c.samples ? c.turns / c.samples : 0,
      tool_calls_mean: c.samples ? c.tools / c.samples : 0,
    },
    latency_ms: c.latency.summary(),
    wall_time_s: input.wallTimeS,
    extra: input.extra ?? {},
  };
}

/** Fold a list of records (tests, small in-memory runs). */
export function summarizeRecords(records: Iterable<SampleRecord>, input: SummarizeInput): Summary {
  const acc = summaryAccumulator(input);
  for (const r of records) acc.add(r);
  return acc.finish();
}
