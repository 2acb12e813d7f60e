// Joining the shard runs of one evaluation (`--shard 0/4 … 3/4`) into one run whose summary
// equals that of an unsharded run.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RecordWriter, readJson, writeJsonAtomic, MANIFEST, SAMPLES, SUMMARY } from '../store/run-store.js';
import { currentRecords } from '../store/current-records.js';
import type { Manifest } from '../store/manifest.js';
import { summarizeRun } from '../run/execute.js';
import type { Benchmark, DataIssue } from '../types.js';
import type { Summary } from '../summary/summarize.js';
import { ConfigError } from '../errors.js';

export interface MergeOptions {
  /** Merge even when shards are missing (the summary then counts their problems as missing). */
  allowPartial?: boolean;
  warn?: (msg: string) => void;
}

export async function mergeRuns(
  given: readonly string[],
  out: string,
  benchmarkOf: (name: string) => Benchmark | undefined,
  opts: MergeOptions = {},
): Promise<Summary> {
  const outDir = resolve(out);
  if (existsSync(join(outDir, SAMPLES))) throw new ConfigError(`${outDir} already holds a run; merge into a new folder`);
  const manifests: Manifest[] = [];
  const dirs: string[] = [];
  for (const d of given) {
    if (!existsSync(join(d, MANIFEST))) {
      const msg = `${d} is not a run folder (no ${MANIFEST}): a shard that never started?`;
      if (!opts.allowPartial) throw new ConfigError(`${msg} Leave it out and pass --allow-partial`);
      opts.warn?.(`warning: ${msg} Left out.`);
      continue;
    }
    manifests.push(await readJson<Manifest>(join(d, MANIFEST)));
    dirs.push(d);
  }
  // One shard alone is a (partial) merge only when partial merges are allowed.
  if (dirs.length < (opts.allowPartial ? 1 : 2)) throw new ConfigError(`merge needs at least ${opts.allowPartial ? 'one run folder' : 'two run folders'} (got ${dirs.length})`);
  const first = manifests[0]!;
  const shards = new Set<string>();
  for (const [i, m] of manifests.entries()) {
    if (m.fingerprint !== first.fingerprint) {
      throw new ConfigError(`${dirs[i]} is a different run (fingerprint ${m.fingerprint} ≠ ${first.fingerprint}); only shards of one run merge`);
    }
    if (m.n !== first.n) throw new ConfigError(`${dirs[i]} has n=${m.n}, ${dirs[0]} has n=${first.n}`);
    const s = m.shard ?? '(unsharded)';
    if (shards.has(s)) throw new ConfigError(`shard ${s} given twice`);
    shards.add(s);
  }
  const counts = new Set(manifests.map((m) => m.shard?.split('/')[1] ?? '1'));
  if (counts.size !== 1) throw new ConfigError(`shards of different splits (${[...counts].join(', ')} shards) cannot merge`);
  const expected = Number([...counts][0]);
  const warnings: string[] = [];
  if (shards.size !== expected) {
    const have = new Set(manifests.map((m) => m.shard?.split('/')[0]));
    const missing = Array.from({ length: expected }, (_, i) => String(i)).filter((i) => !have.has(i));
    const msg = `merged ${shards.size} of ${expected} shards; missing: ${missing.map((i) => `${i}/${expected}`).join(', ')}`;
    if (!opts.allowPartial) throw new ConfigError(`${msg} (pass --allow-partial to merge them anyway)`);
    warnings.push(msg);
    opts.warn?.(`warning: ${msg}`);
  }

  // Each shard's own problems (ids recorded in its manifest): records outside them — e.g. from a
  // shard resumed with a smaller --limit — are not part of the evaluation.
  const idLists = manifests.map((m) => m.problem_ids);
  const problemIds = idLists.every((l) => Array.isArray(l)) ? new Set(idLists.flatMap((l) => l!)) : undefined;
  const writer = new RecordWriter(outDir);
  try {
    // Streamed shard by shard: each shard's current records (resumed duplicates resolved).
    for (const [i, d] of dirs.entries()) {
      const own = idLists[i] ? new Set(idLists[i]) : null;
      for await (const r of currentRecords(d, own ? { accept: (id) => own.has(id) } : {})) writer.append(r);
    }
  } finally {
    writer.close();
  }
  const issues = new Map<string, DataIssue>();
  for (const m of manifests) for (const i of m.data_issues) issues.set(`${i.file}\u0000${i.where}\u0000${i.message}`, i);
  const { problem_ids: _ids, ...rest } = first;
  const manifest: Manifest = {
    ...rest,
    shard: null,
    problems: problemIds ? problemIds.size : first.problems_total ?? first.problems,
    data_issues: [...issues.values()],
    segments: manifests.flatMap((m) => m.segments),
    merged_from: dirs.map((d) => resolve(d)),
    ...(warnings.length ? { config: { ...first.config, merge_warnings: warnings } } : {}),
  };
  writeJsonAtomic(join(outDir, MANIFEST), manifest);
  // Without the full id list (shards of older runs), missing problems cannot be counted.
  const summary = await summarizeRun(outDir, manifest, benchmarkOf(manifest.benchmark), problemIds);
  // Problems of missing shards are known only by number (problems_total of the evaluation).
  const total = first.problems_total;
  if (problemIds && total !== undefined && total > problemIds.size) {
    const absent = total - problemIds.size;
    summary.counts.problems = total;
    summary.counts.samples_expected = total * manifest.n;
    summary.counts.missing += absent * manifest.n;
  }
  // Wall time of shards run in parallel is the longest shard, not the sum.
  const walls = await Promise.all(dirs.map(async (d) => (existsSync(join(d, SUMMARY)) ? (await readJson<Summary>(join(d, SUMMARY))).wall_time_s ?? 0 : 0)));
  summary.wall_time_s = Math.max(...walls);
  writeJsonAtomic(join(outDir, SUMMARY), summary);
  return summary;
}
