// Indexing run folders into the history: idempotent (a run is keyed by its absolute folder, and
// re-indexing replaces its row and metrics), so `history index` can be re-run at will and a
// resumed run simply updates its entry.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MANIFEST, SUMMARY } from '../store/run-store.js';
import type { Manifest } from '../store/manifest.js';
import type { Summary } from '../summary/summarize.js';
import { SUITE_RUN_FILE, type SuiteRunFile } from '../suite/record.js';
import { openHistory, type HistoryDb } from './db.js';

export type IndexResult =
  | { dir: string; indexed: true; benchmark: string; model: string; metrics: number }
  | { dir: string; indexed: false; reason: string };

export interface SuiteContext {
  suite: string;
  night: string | null;
  label: string;
}

/** A run made by `agenteval suite` lives at `<out>/<model>/<benchmark>` next to `<out>/suite.json`. */
export function suiteContext(runDir: string): SuiteContext | null {
  const dir = resolve(runDir);
  const root = dirname(dirname(dir));
  const file = join(root, SUITE_RUN_FILE);
  if (!existsSync(file)) return null;
  try {
    const rec = JSON.parse(readFileSync(file, 'utf8')) as SuiteRunFile;
    const cell = rec.cells.find((c) => resolve(root, c.dir) === dir);
    return cell ? { suite: rec.name, night: rec.date ?? null, label: cell.model } : null;
  } catch {
    return null;
  }
}

function lastFinished(m: Manifest, summaryPath: string): string {
  const ends = m.segments.map((s) => s.finished_at).filter((x): x is string => typeof x === 'string').sort();
  return ends[ends.length - 1] ?? statSync(summaryPath).mtime.toISOString();
}

/** Index one run folder into an open history database. */
export function indexRun(db: HistoryDb, runDir: string): IndexResult {
  const dir = resolve(runDir);
  const manifestPath = join(dir, MANIFEST);
  const summaryPath = join(dir, SUMMARY);
  if (!existsSync(manifestPath)) return { dir, indexed: false, reason: 'not a run folder (no manifest.json)' };
  if (!existsSync(summaryPath)) return { dir, indexed: false, reason: 'unfinished (no summary.json)' };
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  // A shard is a part of a run; its merged run is what belongs in the history.
  if (m.shard) return { dir, indexed: false, reason: `shard ${m.shard} (index the merged run instead)` };
  const s = JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary;
  const ctx = suiteContext(dir);
  const row = {
    dir,
    benchmark: s.benchmark,
    model: s.model,
    label: ctx?.label ?? null,
    suite: ctx?.suite ?? null,
    night: ctx?.night ?? null,
    fingerprint: s.fingerprint,
    created_at: m.created_at,
    finished_at: lastFinished(m, summaryPath),
    indexed_at: new Date().toISOString(),
    n: s.n,
    ks: JSON.stringify(s.ks),
    problems: s.counts.problems,
    samples: s.counts.samples,
    scored: s.counts.scored,
    errors: s.counts.errors,
    missing: s.counts.missing,
    git_commit: m.git_commit,
    agenteval_version: m.agenteval_version,
  };
  const cols = Object.keys(row);
  const upsert = db.prepare(
    `INSERT INTO runs (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})
     ON CONFLICT(dir) DO UPDATE SET ${cols.filter((c) => c !== 'dir').map((c) => `${c} = excluded.${c}`).join(', ')}`,
  );
  const clear = db.prepare('DELETE FROM metrics WHERE run = ?');
  const insert = db.prepare(
    `INSERT INTO metrics (run, key, label, kind, value, ci_low, ci_high, stderr, scale, n, is_primary)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  const entries = Object.entries(s.metrics);
  db.transaction(() => {
    upsert.run(row);
    clear.run(dir);
    for (const [key, x] of entries) {
      insert.run(dir, key, x.label, x.kind, finite(x.value), finite(x.ci_low), finite(x.ci_high), finite(x.stderr), x.scale, x.n, x.primary ? 1 : 0);
    }
  })();
  return { dir, indexed: true, benchmark: s.benchmark, model: ctx?.label ?? s.model, metrics: entries.length };
}

/** Index several folders (each a run or a parent searched for runs) into the database at `path`. */
export function indexRuns(path: string, dirs: readonly string[]): IndexResult[] {
  const db = openHistory(path, { create: true });
  try {
    return dirs.map((d) => indexRun(db, d));
  } finally {
    db.close();
  }
}

/**
 * The hook at the end of every run: index it, and only warn on failure — a broken or locked
 * history must never fail an evaluation that finished.
 */
export function recordInHistory(path: string | false, dir: string, log: (msg: string) => void): void {
  if (path === false) return;
  try {
    // Shards are left out without touching the database: N shard pods opening one SQLite file
    // on a shared volume at the same moment is contention for nothing.
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Pick<Manifest, 'shard'>;
    if (m.shard) return;
    const r = indexRuns(path, [dir])[0];
    if (r && !r.indexed) log(`warning: ${dir} not added to the history: ${r.reason}`);
  } catch (err) {
    log(`warning: history ${path} not updated: ${err instanceof Error ? err.message : String(err)}`);
  }
}
