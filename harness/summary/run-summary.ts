// A run's summary.json as one fold: the engine's summary (summarize.ts) and the benchmark's own
// aggregator fed the same records, with the benchmark's run-level metrics (aggregate `metrics`)
// merged in and the wall time taken from the manifest's segments.
import type { Manifest } from '../store/manifest.js';
import type { Benchmark, Json, JsonObject, RecordAccumulator } from '../types.js';
import { summaryAccumulator, type MetricSummary, type Summary } from './summarize.js';

/** Wall time of a run: the sum of its finished segments (an interrupted one counts nothing). */
export function wallTimeOf(manifest: Pick<Manifest, 'segments'>): number {
  const ms = manifest.segments.reduce((acc, s) => acc + (s.finished_at ? Date.parse(s.finished_at) - Date.parse(s.started_at) : 0), 0);
  return Math.round(ms) / 1000;
}

/**
 * Folds a run's current records (one per (id, sample), latest wins) into its summary. Records of
 * samples ≥ n and of problems outside `problemIds` (when given) are not part of the run.
 */
export function runSummaryAccumulator(manifest: Manifest, benchmark: Benchmark | undefined, problemIds?: ReadonlySet<string>): RecordAccumulator<Summary> {
  const summary = summaryAccumulator({
    benchmark: manifest.benchmark,
    model: manifest.model.spec,
    fingerprint: manifest.fingerprint,
    n: manifest.n,
    ks: manifest.ks,
    metrics: manifest.metrics,
    ...(problemIds ? { problemIds } : {}),
    dataIssues: manifest.data_issues.length,
    wallTimeS: null,
  });
  const extra = benchmark?.aggregator?.(manifest.settings) ?? null;
  return {
    add(r) {
      if (!(r.sample < manifest.n) || (problemIds && !problemIds.has(r.id))) return;
      summary.add(r);
      extra?.add(r);
    },
    finish() {
      const s = summary.finish();
      s.wall_time_s = wallTimeOf(manifest);
      const { metrics: contributed, ...rest } = extra ? extra.finish() : ({} as JsonObject);
      s.extra = rest;
      Object.assign(s.metrics, contributedMetrics(contributed));
      return s;
    },
  };
}

/**
 * Metrics a benchmark computes itself over the whole run (e.g. a macro average over dimensions,
 * AUC): its aggregator returns them under `metrics`, in the summary's metric shape.
 */
function contributedMetrics(value: Json | undefined): Record<string, MetricSummary> {
  const out: Record<string, MetricSummary> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, m] of Object.entries(value)) {
    if (!m || typeof m !== 'object' || Array.isArray(m) || typeof m.value !== 'number') continue;
    const num = (x: Json | undefined, d: number) => (typeof x === 'number' ? x : d);
    out[key] = {
      label: typeof m.label === 'string' ? m.label : key,
      kind: typeof m.kind === 'string' ? m.kind : 'aggregate',
      value: m.value,
      stderr: num(m.stderr, NaN),
      ci_low: num(m.ci_low, NaN),
      ci_high: num(m.ci_high, NaN),
      n: num(m.n, 0),
      scale: num(m.scale, 1),
      primary: m.primary === true,
    };
  }
  return out;
}
