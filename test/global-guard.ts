// Runs around the whole suite (vitest globalSetup): tests write only to temp folders, so the
// checkout's results/ (run folders, results/history.sqlite, caches) must be exactly as it was.
// A change fails `npm test` (a teardown cannot throw into vitest's result, so it sets the exit code).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const RESULTS = join(import.meta.dirname, '..', 'results');

/** Every file under results/ except the bundled reported numbers, with size and mtime. */
export function snapshotResults(root = RESULTS): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path);
      if (rel === 'reported') continue;
      const st = statSync(path);
      if (st.isDirectory()) visit(path);
      else out.set(rel, `${st.size}:${st.mtimeMs}`);
    }
  };
  visit(root);
  return out;
}

export function changedEntries(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) changed.push(k);
  for (const k of before.keys()) if (!after.has(k)) changed.push(`${k} (deleted)`);
  return changed.sort();
}

export default function setup(): () => void {
  const before = snapshotResults();
  return () => {
    const changed = changedEntries(before, snapshotResults());
    if (changed.length === 0) return;
    console.error(`\ntest isolation: the test suite wrote into the checkout's results/ (tests must use temp folders; pass resultsDir / --results-dir): ${changed.slice(0, 10).join(', ')}`);
    process.exitCode = 1;
  };
}
