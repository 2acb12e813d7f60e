// Reading the history: one metric of one benchmark over time, one series per model, and an
// overview of what the history holds.
import { formatValue, formatWithCi, type Tabular } from '../report/render.js';
import type { HistoryDb } from './db.js';

export interface HistoryPoint {
  /** Series name: the suite's model name when the run came from a suite, else the model spec. */
  model: string;
  spec: string;
  benchmark: string;
  key: string;
  label: string;
  /** The suite night (YYYY-MM-DD) when known, else when the run finished. */
  when: string;
  night: string | null;
  created_at: string;
  finished_at: string | null;
  /** On the 0–1 (raw) scale; multiply by `scale` to display. */
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  scale: number;
  n: number;
  problems: number;
  errors: number;
  fingerprint: string;
  dir: string;
}

export interface HistoryQuery {
  benchmark: string;
  /** Metric key (`ex`, `ex/pass@4`) or label (`EX`). */
  metric: string;
  /** Suite model name, spec (`openai:m`) or bare model name (`m`). */
  model?: string;
}

interface Row {
  dir: string;
  benchmark: string;
  model: string;
  label: string | null;
  night: string | null;
  created_at: string;
  finished_at: string | null;
  fingerprint: string;
  problems: number;
  errors: number;
  key: string;
  mlabel: string;
  value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  scale: number;
  mn: number;
}

/** The metric key a user meant: an exact key, else a case-insensitive key or label match. */
export function resolveMetricKey(db: HistoryDb, benchmark: string, metric: string): string | null {
  const rows = db
    .prepare('SELECT DISTINCT m.key AS key, m.label AS label FROM metrics m JOIN runs r ON r.dir = m.run WHERE r.benchmark = ?')
    .all(benchmark) as Array<{ key: string; label: string }>;
  const exact = rows.find((r) => r.key === metric);
  if (exact) return exact.key;
  const lower = metric.toLowerCase();
  return rows.find((r) => r.key.toLowerCase() === lower || r.label.toLowerCase() === lower)?.key ?? null;
}

export function metricHistory(db: HistoryDb, q: HistoryQuery): HistoryPoint[] {
  const key = resolveMetricKey(db, q.benchmark, q.metric);
  if (key === null) return [];
  const rows = db
    .prepare(
      `SELECT r.dir, r.benchmark, r.model, r.label, r.night, r.created_at, r.finished_at, r.fingerprint, r.problems, r.errors,
              m.key, m.label AS mlabel, m.value, m.ci_low, m.ci_high, m.scale, m.n AS mn
       FROM runs r JOIN metrics m ON m.run = r.dir
       WHERE r.benchmark = ? AND m.key = ?`,
    )
    .all(q.benchmark, key) as Row[];
  const points = rows.map(
    (r): HistoryPoint => ({
      model: r.label ?? r.model,
      spec: r.model,
      benchmark: r.benchmark,
      key: r.key,
      label: r.mlabel,
      when: r.night ?? (r.finished_at ?? r.created_at).slice(0, 16).replace('T', ' '),
      night: r.night,
      created_at: r.created_at,
      finished_at: r.finished_at,
      value: r.value,
      ci_low: r.ci_low,
      ci_high: r.ci_high,
      scale: r.scale,
      n: r.mn,
      problems: r.problems,
      errors: r.errors,
      fingerprint: r.fingerprint,
      dir: r.dir,
    }),
  );
  const wanted = q.model;
  const filtered = wanted === undefined ? points : points.filter((p) => p.model === wanted || p.spec === wanted || p.spec.replace(/^openai:/, '') === wanted);
  // Per model, oldest first; a night sorts before any later night regardless of when it ran.
  return filtered.sort((a, b) => a.model.localeCompare(b.model) || timeKey(a).localeCompare(timeKey(b)) || a.dir.localeCompare(b.dir));
}

function timeKey(p: HistoryPoint): string {
  return p.night ? `${p.night}T99` : p.created_at;
}

/** Milliseconds for plotting: the night at 00:00 UTC, else when the run started. */
export function pointTime(p: HistoryPoint): number {
  return p.night ? Date.parse(`${p.night}T00:00:00Z`) : Date.parse(p.created_at);
}

export function historyTable(points: readonly HistoryPoint[]): Tabular {
  const label = points[0]?.label ?? 'value';
  const rows: string[][] = [];
  let prev: HistoryPoint | undefined;
  for (const p of points) {
    const same = prev !== undefined && prev.model === p.model;
    const value = p.value === null ? '–' : formatWithCi(p.value, p.ci_low ?? NaN, p.ci_high ?? NaN, p.scale);
    const delta = same && prev!.value !== null && p.value !== null ? signed(p.value - prev!.value, p.scale) : '';
    // A changed fingerprint means the settings (not just the checkpoint's weights) changed.
    const changed = same && prev!.fingerprint !== p.fingerprint ? ' (settings changed)' : '';
    rows.push([p.model, p.when, value, delta, String(p.problems), String(p.errors), `${p.fingerprint}${changed}`, p.dir]);
    prev = p;
  }
  return { headers: ['model', 'when', `${label} [95% CI]`, 'Δ', 'problems', 'errors', 'fingerprint', 'run'], rows };
}

function signed(x: number, scale: number): string {
  const s = formatValue(x, scale);
  return x > 0 ? `+${s}` : s;
}

export interface HistoryOverviewRow {
  benchmark: string;
  runs: number;
  models: string[];
  primary: string[];
  first: string;
  last: string;
}

export function historyOverview(db: HistoryDb): HistoryOverviewRow[] {
  const runs = db
    .prepare('SELECT benchmark, COALESCE(label, model) AS model, COALESCE(night, created_at) AS t FROM runs ORDER BY benchmark')
    .all() as Array<{ benchmark: string; model: string; t: string }>;
  const prim = db
    .prepare('SELECT DISTINCT r.benchmark AS benchmark, m.key AS key FROM metrics m JOIN runs r ON r.dir = m.run WHERE m.is_primary = 1')
    .all() as Array<{ benchmark: string; key: string }>;
  const out = new Map<string, HistoryOverviewRow>();
  for (const r of runs) {
    let row = out.get(r.benchmark);
    if (!row) out.set(r.benchmark, (row = { benchmark: r.benchmark, runs: 0, models: [], primary: [], first: r.t, last: r.t }));
    row.runs++;
    if (!row.models.includes(r.model)) row.models.push(r.model);
    if (r.t < row.first) row.first = r.t;
    if (r.t > row.last) row.last = r.t;
  }
  for (const p of prim) out.get(p.benchmark)?.primary.push(p.key);
  return [...out.values()];
}

export function overviewTable(rows: readonly HistoryOverviewRow[]): Tabular {
  return {
    headers: ['benchmark', 'runs', 'models', 'primary metrics', 'first', 'last'],
    rows: rows.map((r) => [r.benchmark, String(r.runs), r.models.sort().join(', '), r.primary.sort().join(', '), r.first.slice(0, 10), r.last.slice(0, 10)]),
  };
}
