// Everything report.html shows, assembled from run folders (and the history for trends) into
// one JSON object: leaderboard, per-benchmark bars with CIs, pass@k curves, trends, samples.
import { basename, resolve, sep } from 'node:path';
import { existsSync } from 'node:fs';
import { openHistory } from '../../history/db.js';
import { metricHistory, pointTime } from '../../history/query.js';
import { suiteContext } from '../../history/index-run.js';
import { agentevalVersion } from '../../run/version.js';
import { buildGroupTables, groupTabular, type BenchmarkGroup } from '../group-table.js';
import { buildLeaderboard, leaderboardTables } from '../leaderboard.js';
import type { Tabular } from '../render.js';
import type { ReportedEntry } from '../reported.js';
import type { LoadedRun } from '../runs.js';
import { sampleRows } from './samples.js';
import type { BenchmarkSection, CurveChart, MetricChart, ReportData, ReportRun } from './types.js';

export interface ReportOptions {
  title?: string;
  reported?: readonly ReportedEntry[];
  /** History database for trend lines; null or a missing file: no trends. */
  history?: string | null;
  /** Records per run in the sample browser (default 500). */
  maxSamples?: number;
  /** Benchmarks printed side by side with an Avg column (e.g. the six math benchmarks). */
  groups?: readonly BenchmarkGroup[];
}

/** Per-benchmark tables, then one table per group with its Avg column. */
function leaderboardWithGroups(runs: readonly LoadedRun[], opts: ReportOptions): Array<{ benchmark: string; table: Tabular }> {
  const lb = buildLeaderboard(runs, opts.reported ?? []);
  const groups = buildGroupTables(lb, opts.reported ?? [], opts.groups ?? []).map((g) => ({ benchmark: g.group.title, table: groupTabular(g) }));
  return [...leaderboardTables(lb), ...groups];
}

/** The model name charts use (a suite's label, as the history names it) — one colour each. */
function modelKeys(runs: readonly LoadedRun[]): string[] {
  return runs.map((r) => {
    const m = r.manifest.model;
    return suiteContext(r.dir)?.label ?? (m.kind === 'openai' ? m.name : m.kind === 'replay' ? `replay:${basename(m.name)}` : m.spec);
  });
}

function runLabels(runs: readonly LoadedRun[]): string[] {
  const groups = new Map<string, number[]>();
  runs.forEach((r, i) => {
    const k = `${r.manifest.benchmark}\u0000${r.manifest.model.spec}`;
    const list = groups.get(k);
    if (list) list.push(i);
    else groups.set(k, [i]);
  });
  // A suite's model name when the run came from a suite (as the history names it), else the model.
  const labels = modelKeys(runs);
  // One model with several runs of a benchmark (two nights, two suite entries): add the path
  // components that tell them apart, e.g. `ckpt (2025-06-02)` or `m (greedy)`.
  for (const ids of groups.values()) {
    if (ids.length < 2) continue;
    const parts = ids.map((i) => resolve(runs[i]!.dir).split(sep).filter(Boolean).reverse());
    const depth = Math.max(...parts.map((p) => p.length));
    const varying: number[] = [];
    for (let j = 0; j < depth && varying.length < 2; j++) if (parts.some((p) => p[j] !== parts[0]![j])) varying.push(j);
    ids.forEach((i, n) => {
      const tag = varying.map((j) => parts[n]![j] ?? '').reverse().join('/');
      labels[i] = `${labels[i]} (${tag || `#${n + 1}`})`;
    });
  }
  return labels;
}

function metricCharts(runs: readonly LoadedRun[], ids: readonly number[], labels: readonly string[]): MetricChart[] {
  const charts = new Map<string, MetricChart>();
  for (const i of ids) {
    for (const [key, m] of Object.entries(runs[i]!.summary.metrics)) {
      if (!m.primary || !Number.isFinite(m.value)) continue;
      let c = charts.get(key);
      if (!c) charts.set(key, (c = { key, label: m.label, scale: m.scale, bars: [] }));
      c.bars.push({ run: i, label: labels[i]!, value: m.value * m.scale, low: m.ci_low * m.scale, high: m.ci_high * m.scale });
    }
  }
  return [...charts.values()];
}

function passkCharts(runs: readonly LoadedRun[], ids: readonly number[], labels: readonly string[], keys: readonly string[]): CurveChart[] {
  const charts = new Map<string, CurveChart>();
  for (const i of ids) {
    const s = runs[i]!.summary;
    for (const spec of runs[i]!.manifest.metrics) {
      if (!spec.binary) continue;
      const points = s.ks
        .map((k) => ({ k, m: s.metrics[`${spec.key}/pass@${k}`] ?? (k === 1 ? s.metrics[spec.key] : undefined) }))
        .filter((p) => p.m !== undefined && Number.isFinite(p.m.value))
        .map(({ k, m }) => ({ x: k, y: m!.value * m!.scale, low: m!.ci_low * m!.scale, high: m!.ci_high * m!.scale }));
      // A curve needs at least two k values.
      if (points.length < 2) continue;
      let c = charts.get(spec.key);
      if (!c) charts.set(spec.key, (c = { key: spec.key, label: `${spec.label} pass@k`, series: [] }));
      c.series.push({ label: labels[i]!, model_key: keys[i]!, points });
    }
  }
  return [...charts.values()];
}

function trendCharts(historyPath: string | null, benchmark: string, keys: ReadonlyArray<{ key: string; label: string }>): CurveChart[] {
  if (!historyPath || !existsSync(historyPath)) return [];
  const db = openHistory(historyPath);
  try {
    const out: CurveChart[] = [];
    for (const { key, label } of keys) {
      const byModel = new Map<string, CurveChart['series'][number]>();
      for (const p of metricHistory(db, { benchmark, metric: key })) {
        if (p.value === null) continue;
        let s = byModel.get(p.model);
        if (!s) byModel.set(p.model, (s = { label: p.model, model_key: p.model, points: [] }));
        s.points.push({
          x: pointTime(p),
          y: p.value * p.scale,
          low: p.ci_low === null ? null : p.ci_low * p.scale,
          high: p.ci_high === null ? null : p.ci_high * p.scale,
          when: p.when,
        });
      }
      if (byModel.size) out.push({ key, label: `${label} over time`, series: [...byModel.values()] });
    }
    return out;
  } finally {
    db.close();
  }
}

export async function buildReportData(runs: readonly LoadedRun[], opts: ReportOptions = {}): Promise<ReportData> {
  const labels = runLabels(runs);
  const keys = modelKeys(runs);
  const reportRuns: ReportRun[] = runs.map((r, i) => ({
    id: i,
    label: labels[i]!,
    model_key: keys[i]!,
    benchmark: r.manifest.benchmark,
    model: r.manifest.model.spec,
    dir: r.dir,
    n: r.manifest.n,
    problems: r.summary.counts.problems,
    errors: r.summary.counts.errors,
    fingerprint: r.manifest.fingerprint,
  }));
  const benchmarks: BenchmarkSection[] = [];
  const names = [...new Set(runs.map((r) => r.manifest.benchmark))].sort();
  const history = opts.history && existsSync(opts.history) ? opts.history : null;
  for (const name of names) {
    const ids = runs.map((r, i) => (r.manifest.benchmark === name ? i : -1)).filter((i) => i >= 0);
    const metrics = metricCharts(runs, ids, labels);
    benchmarks.push({
      name,
      metrics,
      passk: passkCharts(runs, ids, labels, keys),
      trends: trendCharts(history, name, metrics.map((m) => ({ key: m.key, label: m.label }))),
    });
  }
  const { rows, omitted } = await sampleRows(runs, opts.maxSamples ?? 500);
  return {
    title: opts.title ?? 'agenteval report',
    generated_at: new Date().toISOString(),
    version: agentevalVersion(),
    leaderboard: leaderboardWithGroups(runs, opts),
    runs: reportRuns,
    benchmarks,
    samples: rows,
    omitted,
    history,
  };
}
