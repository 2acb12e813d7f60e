// One row per (model, benchmark) run with its primary metrics and 95% CIs, and the numbers
// papers report for the same benchmarks beside them.
import { basename } from 'node:path';
import type { LoadedRun } from './runs.js';
import type { ReportedEntry } from './reported.js';
import { digitsFor, formatWithCi, type Tabular } from './render.js';

export interface LeaderboardRow {
  benchmark: string;
  model: string;
  source: 'run' | 'reported';
  /** Metric key → display string. */
  cells: Record<string, string>;
  /** Metric key → this benchmark's label for it (several benchmarks share keys such as `acc`). */
  labels?: Record<string, string>;
  /** Metric key → raw values, for JSON output. */
  values: Record<string, { value: number; ci_low?: number; ci_high?: number; scale: number }>;
  n: number | null;
  problems: number | null;
  errors: number | null;
  where: string;
  /** The run folder's name (runs only): tells two runs of the same model apart. */
  run_id: string | null;
  /** When the run was created (ISO 8601, runs only). */
  date: string | null;
}

export interface Leaderboard {
  /** Metric key → column label, in column order. */
  columns: Array<{ key: string; label: string }>;
  rows: LeaderboardRow[];
}

export function buildLeaderboard(runs: readonly LoadedRun[], reported: readonly ReportedEntry[]): Leaderboard {
  const columns = new Map<string, string>();
  const rows: LeaderboardRow[] = [];
  for (const run of runs) {
    const s = run.summary;
    const row: LeaderboardRow = {
      benchmark: s.benchmark,
      model: s.model,
      source: 'run',
      cells: {},
      labels: {},
      values: {},
      n: s.n,
      problems: s.counts.problems,
      errors: s.counts.errors,
      where: run.dir,
      run_id: basename(run.dir),
      date: run.manifest.created_at ?? null,
    };
    for (const [key, m] of Object.entries(s.metrics)) {
      if (!m.primary) continue;
      if (!columns.has(key)) columns.set(key, m.label);
      row.labels![key] = m.label;
      row.cells[key] = formatWithCi(m.value, m.ci_low, m.ci_high, m.scale);
      row.values[key] = { value: m.value * m.scale, ci_low: m.ci_low * m.scale, ci_high: m.ci_high * m.scale, scale: m.scale };
    }
    rows.push(row);
  }
  const benchmarks = new Set(runs.map((r) => r.summary.benchmark));
  // Reported metrics take the label the benchmark gives them (from any run's manifest).
  const labels = new Map<string, string>();
  const scales = new Map<string, number>();
  for (const run of runs) {
    for (const m of run.manifest.metrics ?? []) labels.set(`${run.summary.benchmark}\u0000${m.key}`, m.label);
    for (const [key, m] of Object.entries(run.summary.metrics)) scales.set(`${run.summary.benchmark}\u0000${key}`, m.scale);
  }
  const byPaperModel = new Map<string, LeaderboardRow>();
  for (const e of reported) {
    if (benchmarks.size > 0 && !benchmarks.has(e.benchmark)) continue;
    const k = `${e.benchmark}\u0000${e.model}\u0000${e.source.paper}\u0000${e.split ?? ''}`;
    let row = byPaperModel.get(k);
    if (!row) {
      row = {
        benchmark: e.benchmark,
        model: e.model,
        source: 'reported',
        cells: {},
        values: {},
        n: null,
        problems: null,
        errors: null,
        run_id: null,
        date: null,
        where: `${e.source.arxiv ? `arXiv ${e.source.arxiv}` : shorten(e.source.paper, 40)} · ${e.source.where}`,
      };
      byPaperModel.set(k, row);
      rows.push(row);
    }
    if (!columns.has(e.metric)) columns.set(e.metric, labels.get(`${e.benchmark}\u0000${e.metric}`) ?? e.metric);
    // Reported numbers are on the display scale; print them with the run's decimals for that scale.
    const scale = scales.get(`${e.benchmark}\u0000${e.metric}`);
    row.cells[e.metric] = scale === undefined ? String(e.value) : e.value.toFixed(digitsFor(scale));
    row.values[e.metric] = { value: e.value, scale: 100 };
  }
  rows.sort((a, b) => a.benchmark.localeCompare(b.benchmark) || (a.source === b.source ? 0 : a.source === 'run' ? -1 : 1) || a.model.localeCompare(b.model));
  return { columns: [...columns.entries()].map(([key, label]) => ({ key, label })), rows };
}

/** One table per benchmark, with that benchmark's own metric columns. */
export function leaderboardTables(lb: Leaderboard): Array<{ benchmark: string; table: Tabular }> {
  const out: Array<{ benchmark: string; table: Tabular }> = [];
  for (const benchmark of [...new Set(lb.rows.map((r) => r.benchmark))]) {
    const rows = lb.rows.filter((r) => r.benchmark === benchmark);
    const columns = lb.columns
      .filter((c) => rows.some((r) => r.cells[c.key] !== undefined))
      .map((c) => ({ key: c.key, label: rows.find((r) => r.labels?.[c.key] !== undefined)?.labels?.[c.key] ?? c.label }));
    out.push({ benchmark, table: tableOf(rows, columns, false) });
  }
  return out;
}

/** Every benchmark in one wide table (CSV, and anything that wants one sheet). */
export function leaderboardTable(lb: Leaderboard): Tabular {
  return tableOf(lb.rows, lb.columns, true);
}

function tableOf(rows: LeaderboardRow[], columns: Leaderboard['columns'], withBenchmark: boolean): Tabular {
  const headers = [...(withBenchmark ? ['benchmark'] : []), 'model', 'source', ...columns.map((c) => `${c.label} [95% CI]`), 'n', 'problems', 'errors', 'run', 'date'];
  const body = rows.map((r) => [
    ...(withBenchmark ? [r.benchmark] : []),
    r.model,
    r.source === 'run' ? 'run' : `reported: ${withBenchmark ? r.where : shorten(r.where, 34)}`,
    ...columns.map((c) => r.cells[c.key] ?? ''),
    r.n === null ? '' : String(r.n),
    r.problems === null ? '' : String(r.problems),
    r.errors === null ? '' : String(r.errors),
    r.run_id ?? '',
    r.date ? `${r.date.slice(0, 10)} ${r.date.slice(11, 16)}` : '',
  ]);
  return { headers, rows: body };
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
