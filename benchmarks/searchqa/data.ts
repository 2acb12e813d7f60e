// Where a search-QA benchmark's questions come from: `--data PATH` (a file, or a folder holding the
// split's file), the Hugging Face Hub (`--hub-repo`, default RUC-NLPIR/FlashRAG_datasets, at
// `--hub-revision`), else the bundled sample. The question file is hashed into the DatasetInfo.
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { hubListFiles, type HubOptions } from '../../harness/datasets/hub.js';
import { DatasetError } from '../../harness/datasets/records.js';
import { resolveDataFiles } from '../../harness/datasets/source.js';
import type { DataIssue, DatasetInfo } from '../../harness/types.js';
import { loadQaFile, type QaSample } from './load.js';
import { DEFAULT_HUB_REPO, dataPath, type SearchQaSpec } from './specs.js';

export interface QaData {
  samples: QaSample[];
  issues: DataIssue[];
  info: DatasetInfo;
  /** True when the bundled sample is used (then the bundled corpus is the natural default). */
  bundled: boolean;
  otherSources: number;
  warning?: string;
}

export interface QaDataRequest {
  data?: string;
  split?: string;
  hub?: { repo?: string; revision?: string };
  hubOptions?: HubOptions;
}

const DATA_EXT = /\.(jsonl|ndjson|json|parquet)$/i;

/**
 * The split's file among `files` (paths relative to a root): `<split>.<ext>` exactly (optionally under
 * `preferDir/`), else the one file whose name contains the split as a word; corpus files never count.
 * Without a split: the only data file, else the default split's file.
 */
export function pickSplitFile(files: readonly string[], split: string | undefined, defaultSplit: string, preferDir?: string): string {
  const data = files.filter((f) => DATA_EXT.test(f) && !/corpus/i.test(basename(f)));
  const find = (s: string): string | null => {
    const exact = (f: string) => basename(f).replace(DATA_EXT, '').toLowerCase() === s.toLowerCase();
    const preferred = preferDir ? data.filter((f) => f.startsWith(`${preferDir}/`) && exact(f)) : [];
    if (preferred.length >= 1) return preferred.sort(byExtension)[0]!;
    const exacts = data.filter(exact);
    if (exacts.length >= 1) return exacts.sort(byExtension)[0]!;
    const word = new RegExp(`(^|[^a-z0-9])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9]|$)`, 'i');
    const named = data.filter((f) => word.test(basename(f)));
    if (named.length === 1) return named[0]!;
    if (named.length > 1) throw new DatasetError(`several files match split "${s}": ${named.join(', ')}; pass the file itself with --data`);
    return null;
  };
  if (split !== undefined) {
    const f = find(split);
    if (!f) throw new DatasetError(`no file for split "${split}" among ${data.length ? data.join(', ') : '(no JSON/JSONL/Parquet files)'}`);
    return f;
  }
  if (data.length === 1) return data[0]!;
  const f = find(defaultSplit);
  if (!f) throw new DatasetError(`cannot tell which file to use among ${data.join(', ') || '(none)'}: pass --split or the file itself with --data`);
  return f;
}

/** JSONL before JSON before Parquet when one split exists in several formats. */
function byExtension(a: string, b: string): number {
  const rank = (f: string) => (/\.jsonl$/i.test(f) ? 0 : /\.json$/i.test(f) ? 1 : 2);
  return rank(a) - rank(b);
}

async function fromFile(spec: SearchQaSpec, file: string, split: string | undefined, bundled: boolean): Promise<QaData> {
  const resolved = await resolveDataFiles({ data: file, files: [basename(file)], ...(split !== undefined ? { split } : {}) });
  const loaded = await loadQaFile(file, spec.dataSource);
  return { samples: loaded.samples, issues: loaded.issues, info: resolved.info, bundled, otherSources: loaded.otherSources };
}

async function fromLocal(spec: SearchQaSpec, data: string, split: string | undefined): Promise<QaData> {
  const abs = resolve(data);
  const st = (() => {
    try {
      return statSync(abs);
    } catch {
      throw new DatasetError(`--data ${data}: no such file or folder (${abs})`);
    }
  })();
  if (st.isFile()) return fromFile(spec, abs, split, false);
  const files = readdirSync(abs).filter((f) => statSync(join(abs, f)).isFile());
  const file = pickSplitFile(files, split, spec.defaultSplit, spec.flashragDir);
  return fromFile(spec, join(abs, file), split ?? file.replace(DATA_EXT, ''), false);
}

async function fromHub(spec: SearchQaSpec, req: QaDataRequest): Promise<QaData> {
  const repo = req.hub?.repo ?? DEFAULT_HUB_REPO;
  const revision = req.hub?.revision ?? 'main';
  const listing = await hubListFiles({ ...req.hubOptions, repo, revision });
  // FlashRAG_datasets keeps every benchmark in one repo: look in this benchmark's folder first.
  const inDir = listing.filter((f) => f.startsWith(`${spec.flashragDir}/`));
  const rel = pickSplitFile(inDir.length ? inDir : listing, req.split, spec.defaultSplit, spec.flashragDir);
  const split = req.split ?? basename(rel).replace(DATA_EXT, '');
  const resolved = await resolveDataFiles({ hubRepo: repo, hubRevision: revision, files: [rel], split }, req.hubOptions);
  const loaded = await loadQaFile(resolved.files[rel]!, spec.dataSource);
  return {
    samples: loaded.samples, issues: loaded.issues, info: resolved.info, bundled: false, otherSources: loaded.otherSources,
    ...(resolved.warning ? { warning: resolved.warning } : {}),
  };
}

export async function openQaData(spec: SearchQaSpec, req: QaDataRequest): Promise<QaData> {
  if (req.data !== undefined) return fromLocal(spec, req.data, req.split);
  if (req.hub?.repo || req.hub?.revision) return fromHub(spec, req);
  if (req.split !== undefined && req.split !== spec.defaultSplit) {
    throw new DatasetError(`the bundled ${spec.name} sample is the ${spec.defaultSplit} split; for "${req.split}" pass --data or --hub-revision`);
  }
  return fromFile(spec, dataPath(spec.bundledFile), spec.defaultSplit, true);
}
