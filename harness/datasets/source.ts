// Where a benchmark's files come from: a local copy (`--data PATH`) or a Hub repo at a revision.
// Generic: each benchmark passes its own file list, relative to the dataset root.
import { stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { DatasetInfo } from '../types.js';
import { fileInfo } from './fileinfo.js';
import { hubDownload, type HubOptions } from './hub.js';
import { DatasetError } from './records.js';

export interface DataSourceSpec {
  /** A local folder in the official layout, or one file of it. */
  data?: string;
  hubRepo?: string;
  /** A 40-hex commit pins the data; a branch or tag works but the run is not reproducible. Default `main`. */
  hubRevision?: string;
  /** Paths relative to the dataset root, e.g. `['dev.json', 'dev_tables.json']`. */
  files: string[];
  /** Files used when present (absent ones are left out of `files`). */
  optionalFiles?: string[];
  /** Recorded in `info.split`. */
  split?: string;
}

export interface ResolvedData {
  /** The dataset root: the local folder, or the Hub snapshot folder. */
  root: string;
  /** Relative path (as given in the spec) → absolute local path. Absent optional files are not keys. */
  files: Record<string, string>;
  info: DatasetInfo;
  /** Set for an unpinned Hub revision. */
  warning?: string;
}

async function kind(path: string): Promise<'file' | 'dir' | null> {
  return stat(path).then((st) => (st.isDirectory() ? 'dir' : st.isFile() ? 'file' : null), () => null);
}

/** `--data` may name the folder or one file of it; find the folder the spec's paths are relative to. */
async function localRoot(data: string, spec: DataSourceSpec): Promise<{ root: string; given?: [string, string] }> {
  const abs = resolve(data);
  const k = await kind(abs);
  if (k === null) throw new DatasetError(`--data ${data}: no such file or folder (${abs})`);
  if (k === 'dir') return { root: abs };
  const all = [...spec.files, ...(spec.optionalFiles ?? [])];
  const match = all.find((f) => abs.endsWith(sep + f.split('/').join(sep)));
  if (match) return { root: abs.slice(0, abs.length - match.length - 1) || sep, given: [match, abs] };
  // A single-file dataset may be given under any name.
  const only = spec.files.length === 1 ? spec.files[0] : undefined;
  if (only !== undefined) return { root: dirname(abs), given: [only, abs] };
  throw new DatasetError(`--data ${data} is a file, but this dataset needs ${spec.files.join(', ')}: give the folder that holds them`);
}

async function resolveLocal(data: string, spec: DataSourceSpec): Promise<{ root: string; files: Record<string, string> }> {
  const { root, given } = await localRoot(data, spec);
  const files: Record<string, string> = {};
  const lacking: string[] = [];
  for (const f of spec.files) {
    const p = given?.[0] === f ? given[1] : join(root, ...f.split('/'));
    if ((await kind(p)) === 'file') files[f] = p;
    else lacking.push(f);
  }
  if (lacking.length > 0) {
    throw new DatasetError(`${lacking.join(', ')} not found in ${root} (this dataset needs ${spec.files.join(', ')})`);
  }
  for (const f of spec.optionalFiles ?? []) {
    const p = join(root, ...f.split('/'));
    if (!(f in files) && (await kind(p)) === 'file') files[f] = p;
  }
  return { root, files };
}

/**
 * Resolve the files of a dataset to local paths, downloading them from the Hub when no local copy is
 * given, and describe them (source, revision, sha256 of each file) for the manifest.
 */
export async function resolveDataFiles(spec: DataSourceSpec, opts: HubOptions = {}): Promise<ResolvedData> {
  let root: string;
  let files: Record<string, string>;
  let source: string;
  let revision: string | null = null;
  let warning: string | undefined;
  if (spec.data !== undefined) {
    ({ root, files } = await resolveLocal(spec.data, spec));
    source = `local:${resolve(spec.data)}`;
  } else if (spec.hubRepo) {
    const got = await hubDownload({
      ...opts, repo: spec.hubRepo, revision: spec.hubRevision ?? 'main', files: spec.files, optionalFiles: spec.optionalFiles,
    });
    files = got.paths;
    revision = got.revision;
    warning = got.warning;
    source = `hf:${spec.hubRepo}@${got.revision}`;
    const first = spec.files[0] ?? Object.keys(files)[0];
    root = first !== undefined && files[first] ? files[first].slice(0, files[first].length - first.length - 1) : '';
  } else {
    throw new DatasetError('no dataset source: pass --data PATH (a local copy) or a Hub repo and revision');
  }
  // Paths in the manifest are the dataset-relative names: the same data hashes the same on every machine.
  const order = [...new Set([...spec.files, ...(spec.optionalFiles ?? [])])].filter((f) => f in files);
  const described = await Promise.all(order.map(async (rel) => ({ ...(await fileInfo(files[rel]!)), path: rel })));
  const info: DatasetInfo = { source, revision, split: spec.split ?? null, files: described };
  return { root, files, info, ...(warning ? { warning } : {}) };
}
