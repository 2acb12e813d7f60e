// Suite tables: benchmarks that papers print side by side (e.g. the six math benchmarks of RLVR
// papers) as one table — a row per model (runs) or per model and paper (reported numbers), a column
// per benchmark with one metric, and "Avg", the unweighted mean over the group's benchmarks, as the
// papers compute it. Avg is left empty unless every benchmark of the group has a number: a mean over
// a different set of benchmarks would not compare with the papers'.
import type { Leaderboard } from './leaderboard.js';
import type { ReportedEntry } from './reported.js';
import type { Tabular } from './render.js';

export interface BenchmarkGroup {
  name: string;
  title: string;
  /** Metric key shown for every benchmark (a run's value of it, or a reported entry with that key). */
  metric: string;
  /** Benchmark name → column label, in column order. */
  benchmarks: ReadonlyArray<{ name: string; label: string }>;
}

export interface GroupRow {
  model: string;
  source: string;
  /** Benchmark name → value on the display scale. */
  values: Record<string, number>;
  avg: number | null;
}

export interface GroupTable {
  group: BenchmarkGroup;
  rows: GroupRow[];
}

function average(group: BenchmarkGroup, values: Record<string, number>): number | null {
  let sum = 0;
  for (const b of group.benchmarks) {
    const v = values[b.name];
    if (v === undefined) return null;
    sum += v;
  }
  return group.benchmarks.length ? sum / group.benchmarks.length : null;
}

/** One table per group that has at least one run of its benchmarks. */
export function buildGroupTables(lb: Leaderboard, reported: readonly ReportedEntry[], groups: readonly BenchmarkGroup[]): GroupTable[] {
  const out: GroupTable[] = [];
  for (const group of groups) {
    const members = new Set(group.benchmarks.map((b) => b.name));
    const runs = lb.rows.filter((r) => r.source === 'run' && members.has(r.benchmark));
    if (runs.length === 0) continue;
    const rows = new Map<string, GroupRow>();
    const rowFor = (key: string, model: string, source: string) => {
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { model, source, values: {}, avg: null }));
      return row;
    };
    for (const r of runs) {
      const v = r.values[group.metric];
      // The first run of a (model, benchmark) wins, as the leaderboard lists them.
      if (v !== undefined) rowFor(`run\u0000${r.model}`, r.model, 'run').values[r.benchmark] ??= v.value;
    }
    for (const e of reported) {
      if (!members.has(e.benchmark) || e.metric !== group.metric) continue;
      const where = e.source.arxiv ? `arXiv ${e.source.arxiv}` : e.source.paper;
      rowFor(`rep\u0000${e.model}\u0000${e.source.paper}`, e.model, `reported: ${where}`).values[e.benchmark] ??= e.value;
    }
    for (const row of rows.values()) row.avg = average(group, row.values);
    out.push({ group, rows: [...rows.values()].sort((a, b) => (a.source === 'run' ? 0 : 1) - (b.source === 'run' ? 0 : 1) || a.model.localeCompare(b.model)) });
  }
  return out;
}

export function groupTabular(t: GroupTable): Tabular {
  const headers = ['model', 'source', ...t.group.benchmarks.map((b) => b.label), 'Avg'];
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '' : v.toFixed(1));
  const rows = t.rows.map((r) => [r.model, r.source, ...t.group.benchmarks.map((b) => fmt(r.values[b.name])), fmt(r.avg)]);
  return { headers, rows };
}
