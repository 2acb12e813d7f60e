// Where a math benchmark's rows come from: `--data PATH` (a file, or a folder holding the split's
// file), the Hugging Face Hub at a pinned revision (`--hub-revision SHA`, with the benchmark's
// official repo or `--hub-repo`), else the bundled sample. The file read is hashed into DatasetInfo.
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { hubListFiles, type HubOptions } from '../../harness/datasets/hub.js';
import { DatasetError } from '../../harness/datasets/records.js';
import { resolveDataFiles } from '../../harness/datasets/source.js';
import type { DataIssue, DatasetInfo } from '../../harness/types.js';
import { loadMathFile, type FieldMap, type MathSample } from './load.js';
import { bundledPath, type MathSpec } from './specs.js';

export interface MathData {
  samples: MathSample[];
  issues: DataIssue[];
  info: DatasetInfo;
  warning?: string;
}

export interface MathDataRequest {
  data?: string;
  split?: string;
  hub?: { repo?: string; revision?: string };
  fields: FieldMap;
  hubOptions?: HubOptions;
}

const DATA_EXT = /\.(jsonl|ndjson|json|parquet)$/i;

/**
 * The split's file among `files`: the only data file, else `<split>.<ext>`, else the one file whose
 * name starts with the split (`test-00000-of-00001.parquet`, the Hub's converted layout).
 */
export function pickMathFile(files: readonly string[], split: string | undefined, fallbackSplit: string): string {
  const data = files.filter((f) => DATA_EXT.test(f) && !/readme/i.test(basename(f)));
  if (data.length === 1 && split === undefined) return data[0]!;
  const s = (split ?? fallbackSplit).toLowerCase();
  const exact = data.filter((f) => basename(f).replace(DATA_EXT, '').toLowerCase() === s);
  if (exact.length >= 1) return [...exact].sort()[0]!;
  const prefixed = data.filter((f) => basename(f).toLowerCase().startsWith(`${s}-`) || f.toLowerCase().includes(`/${s}/`));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) throw new DatasetError(`several files for split "${s}": ${prefixed.join(', ')}; pass the file itself with --data`);
  throw new DatasetError(`no file for split "${s}" among ${data.length ? data.join(', ') : '(no JSONL/JSON/Parquet files)'}; pass --split or the file itself`);
}

async function fromFile(spec: MathSpec, file: string, req: MathDataRequest, split: string | null): Promise<MathData> {
  const resolved = await resolveDataFiles({ data: file, files: [basename(file)], ...(split !== null ? { split } : {}) });
  const loaded = await loadMathFile(file, spec, req.fields);
  return { samples: loaded.samples, issues: loaded.issues, info: resolved.info };
}

async function fromLocal(spec: MathSpec, req: MathDataRequest & { data: string }): Promise<MathData> {
  const abs = resolve(req.data);
  const st = await stat(abs).catch(() => null);
  if (!st) throw new DatasetError(`--data ${req.data}: no such file or folder (${abs})`);
  if (st.isFile()) return fromFile(spec, abs, req, req.split ?? null);
  const entries = await readdir(abs, { withFileTypes: true });
  const file = pickMathFile(entries.filter((e) => e.isFile()).map((e) => e.name), req.split, spec.hub?.split ?? 'test');
  return fromFile(spec, join(abs, file), req, req.split ?? file.replace(DATA_EXT, ''));
}

async function fromHub(spec: MathSpec, req: MathDataRequest): Promise<MathData> {
  const repo = req.hub?.repo ?? spec.hub?.repo;
  if (!repo) throw new DatasetError(`${spec.name} has no default Hub repo: pass --hub-repo owner/name with --hub-revision, or --data (see benchmarks/math/README.md)`);
  const revision = req.hub?.revision;
  if (!revision) throw new DatasetError(`--hub-repo ${repo}: pin the data with --hub-revision <commit sha> (math benchmarks are small and exact: the revision is part of the result)`);
  const dir = req.hub?.repo === undefined ? spec.hub?.dir : undefined;
  const listing = await hubListFiles({ ...req.hubOptions, repo, revision, ...(dir ? { path: dir } : {}) });
  const rel = pickMathFile(listing, req.split, spec.hub?.split ?? 'test');
  const split = req.split ?? spec.hub?.split ?? null;
  const resolved = await resolveDataFiles({ hubRepo: repo, hubRevision: revision, files: [rel], ...(split ? { split } : {}) }, req.hubOptions);
  const loaded = await loadMathFile(resolved.files[rel]!, spec, req.fields);
  return { samples: loaded.samples, issues: loaded.issues, info: resolved.info, ...(resolved.warning ? { warning: resolved.warning } : {}) };
}

export async function openMathData(spec: MathSpec, req: MathDataRequest): Promise<MathData> {
  if (req.data !== undefined) return fromLocal(spec, { ...req, data: req.data });
  if (req.hub?.repo || req.hub?.revision) return fromHub(spec, req);
  if (!spec.bundledFile) {
    throw new DatasetError(`${spec.name} reads your data: --data FILE.jsonl|.parquet (rows with problem and answer fields), or --hub-repo owner/name --hub-revision <sha>`);
  }
  return fromFile(spec, bundledPath(spec.bundledFile), req, 'test');
}
