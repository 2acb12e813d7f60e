// Finding and loading run folders for leaderboard, compare, merge and reproduce.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MANIFEST, SUMMARY, readJson } from '../store/run-store.js';
import type { Manifest } from '../store/manifest.js';
import type { Summary } from '../summary/summarize.js';
import { ConfigError } from '../errors.js';

export interface LoadedRun {
  dir: string;
  manifest: Manifest;
  summary: Summary;
}

/** Run folders among `paths`: each path is a run folder or a parent searched recursively. */
export function findRunDirs(paths: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (dir: string, depth: number) => {
    if (existsSync(join(dir, MANIFEST))) {
      out.push(dir);
      return;
    }
    if (depth > 4) return;
    for (const name of readdirSync(dir).sort()) {
      const child = join(dir, name);
      if (!name.startsWith('.') && statSync(child).isDirectory()) visit(child, depth + 1);
    }
  };
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) throw new ConfigError(`no such run folder: ${p}`);
    visit(abs, 0);
  }
  return [...new Set(out)];
}

export async function loadRun(dir: string): Promise<LoadedRun> {
  if (!existsSync(join(dir, MANIFEST))) throw new ConfigError(`${dir} is not a run folder (no ${MANIFEST})`);
  const manifest = await readJson<Manifest>(join(dir, MANIFEST));
  if (!existsSync(join(dir, SUMMARY))) {
    throw new Error(`${dir} has no summary.json (the run has not finished; resume it with --resume)`);
  }
  const summary = await readJson<Summary>(join(dir, SUMMARY));
  return { dir, manifest, summary };
}

export async function loadRuns(paths: readonly string[]): Promise<LoadedRun[]> {
  const dirs = findRunDirs(paths);
  const runs: LoadedRun[] = [];
  for (const d of dirs) {
    if (existsSync(join(d, SUMMARY))) runs.push(await loadRun(d));
  }
  return runs;
}
