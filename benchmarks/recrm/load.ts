// Where RecRM-Bench entries come from: `--data PATH` (a local copy laid out like the Hub repo, or
// one file when one source is selected), the Hub at a pinned revision (list the repo, download
// only the chosen dimensions' files into the HF cache), or the bundled SYNTHETIC fixtures.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { hubListFiles, type HubOptions } from '../../harness/datasets/hub.js';
import { DatasetError, formatOf, loadRecords, type LoadedRecord } from '../../harness/datasets/records.js';
import { resolveDataFiles } from '../../harness/datasets/source.js';
import { ConfigError } from '../../harness/run/options.js';
import type { DataIssue, DatasetInfo } from '../../harness/types.js';
import type { Dimension } from './dimensions.js';
import { checkFirstRecord, extractSample, type RecSample } from './extract.js';
import { listLocal, matchFiles, noMatchError } from './files.js';
import type { Mapping, SourceMapping } from './mapping.js';
import { bundledDataRoot } from './paths.js';

export const HUB_REPO = 'wwzeng/RecRM-Bench';
/**
 * The commit that uploaded the last data file (data/behavior_prediction/user_rewrite.jsonl), from
 * the Hub's commit page of wwzeng/RecRM-Bench. Used when the official repo is asked for without
 * --hub-revision, so a default Hub run is reproducible.
 */
export const HUB_DEFAULT_REVISION = '5a1ef372a408a50ec0a26c2a605c0cd72df17e02';

export interface LoadRequest {
  dimensions: Dimension[];
  mapping: Mapping;
  data?: string;
  hub?: { repo?: string; revision?: string };
  hubOptions?: HubOptions;
  /** Read at most this many records per source (JSONL is streamed, so huge files stay out of memory). */
  maxEntries?: number | null;
  log?: (msg: string) => void;
}

export interface LoadedData {
  samples: RecSample[];
  issues: DataIssue[];
  info: DatasetInfo;
  origin: 'local' | 'hub' | 'bundled';
  warning?: string;
}

interface Planned {
  dimension: Dimension;
  source: SourceMapping;
  files: string[];
}

function plan(req: LoadRequest): Array<{ dimension: Dimension; source: SourceMapping }> {
  const out: Array<{ dimension: Dimension; source: SourceMapping }> = [];
  for (const d of req.dimensions) {
    const entry = req.mapping.dimensions[d];
    if (!entry) throw new ConfigError(`the mapping has no entry for dimension ${d} (it maps: ${Object.keys(req.mapping.dimensions).join(', ')})`);
    for (const source of entry.sources) out.push({ dimension: d, source });
  }
  return out;
}

function matchAll(wanted: ReturnType<typeof plan>, listing: readonly string[], where: string): Planned[] {
  return wanted.map(({ dimension, source }) => {
    const files = new Set<string>();
    for (const pattern of source.files) {
      const got = matchFiles(pattern, listing);
      if (got.length === 0) throw noMatchError(pattern, listing, where, `${dimension}/${source.name}`);
      got.forEach((f) => files.add(f));
    }
    return { dimension, source, files: [...files] };
  });
}

/** Copy the first `cap` non-empty lines of a JSONL file: a 4 GB file is never read whole. */
async function headJsonl(file: string, cap: number, dir: string): Promise<string> {
  const out = join(dir, `${basename(file)}.head.jsonl`);
  const w = createWriteStream(out, { encoding: 'utf8' });
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    if (n >= cap) break;
    w.write(`${line}\n`);
    if (line.trim() !== '') n++;
  }
  lines.close();
  await new Promise<void>((ok, fail) => w.end((err?: Error | null) => (err ? fail(err) : ok())));
  return out;
}

const ANY_OBJECT = { type: 'object' };

async function readRecords(path: string, source: SourceMapping, cap: number | null, rel: string): Promise<{ records: LoadedRecord<unknown>[]; issues: DataIssue[] }> {
  const format = formatOf(path);
  let tmp: string | null = null;
  let file = path;
  try {
    if (cap !== null && format === 'jsonl') {
      tmp = await mkdtemp(join(tmpdir(), 'recrm-head-'));
      file = await headJsonl(path, cap, tmp);
    }
    const got = await loadRecords<unknown>(file, ANY_OBJECT, { format, ...(source.arrayKey ? { arrayKey: source.arrayKey } : {}) });
    const records = cap === null ? got.records : got.records.filter((r) => r.index < cap);
    return { records, issues: got.issues.map((i) => ({ ...i, file: rel })) };
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

/** Round-robin over sources so `--limit N` takes entries of every dimension, not the first one only. */
function interleave(lists: RecSample[][]): RecSample[] {
  const out: RecSample[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

async function extractAll(planned: Planned[], paths: Record<string, string>, cap: number | null, log: (m: string) => void): Promise<{ samples: RecSample[]; issues: DataIssue[] }> {
  const issues: DataIssue[] = [];
  const perSource: RecSample[][] = [];
  const perDim = new Map<Dimension, number>();
  for (const p of planned) perDim.set(p.dimension, (perDim.get(p.dimension) ?? 0) + 1);
  const seen = new Set<string>();
  for (const p of planned) {
    const list: RecSample[] = [];
    let left = cap;
    for (const rel of p.files) {
      if (left !== null && left <= 0) break;
      const { records, issues: fileIssues } = await readRecords(paths[rel]!, p.source, left, rel);
      issues.push(...fileIssues);
      const prefix = `${(perDim.get(p.dimension) ?? 1) > 1 ? `${p.source.name}:` : ''}${p.files.length > 1 ? `${basename(rel).replace(/\.[^.]+$/, '')}:` : ''}`;
      const base = { dimension: p.dimension, source: p.source, file: rel, idPrefix: prefix };
      const first = records[0];
      if (!first) continue;
      const { idFromField, note } = checkFirstRecord(base, first.value, first.where);
      if (note) log(`note: ${note}`);
      for (const r of records) {
        const got = extractSample({ ...base, idFromField }, r.value, r.index);
        if (!got.ok) {
          issues.push({ file: rel, where: r.where, message: got.message });
          continue;
        }
        if (seen.has(got.value.id)) {
          issues.push({ file: rel, where: r.where, id: got.value.id, message: `duplicate id ${got.value.id}: the later entry is left out` });
          continue;
        }
        seen.add(got.value.id);
        list.push(got.value);
      }
      if (left !== null) left -= records.length;
    }
    perSource.push(list);
  }
  return { samples: interleave(perSource), issues };
}

export async function loadRecRM(req: LoadRequest): Promise<LoadedData> {
  const log = req.log ?? (() => undefined);
  const wanted = plan(req);
  const cap = req.maxEntries ?? null;
  const hubAsked = Boolean(req.hub?.repo || req.hub?.revision);

  if (req.data === undefined && hubAsked) {
    const repo = req.hub?.repo ?? HUB_REPO;
    const revision = req.hub?.revision ?? (repo === HUB_REPO ? HUB_DEFAULT_REVISION : 'main');
    const listing = await hubListFiles({ ...req.hubOptions, repo, revision });
    const planned = matchAll(wanted, listing, `hf:${repo}@${revision}`);
    const files = [...new Set(planned.flatMap((p) => p.files))];
    log(`downloading ${files.length} file(s) of ${repo}@${revision} for ${req.dimensions.join(', ')} (cached in the HF cache)`);
    const resolved = await resolveDataFiles({ hubRepo: repo, hubRevision: revision, files }, req.hubOptions);
    const { samples, issues } = await extractAll(planned, resolved.files, cap, log);
    return { samples, issues, info: resolved.info, origin: 'hub', ...(resolved.warning ? { warning: resolved.warning } : {}) };
  }

  const root = req.data ?? bundledDataRoot();
  const st = await stat(root).catch(() => null);
  if (!st) throw new DatasetError(`--data ${root}: no such file or folder (${resolve(root)})`);
  let planned: Planned[];
  let dataRoot: string;
  if (st.isFile()) {
    if (wanted.length !== 1) {
      throw new DatasetError(`--data ${root} is one file, but ${wanted.length} mapping sources are selected (${wanted.map((w) => `${w.dimension}/${w.source.name}`).join(', ')}): ` +
        'give the dataset folder, or select one dimension with one source (--dimension)');
    }
    dataRoot = resolve(root, '..');
    planned = [{ ...wanted[0]!, files: [basename(root)] }];
  } else {
    dataRoot = resolve(root);
    planned = matchAll(wanted, await listLocal(dataRoot), dataRoot);
  }
  const files = [...new Set(planned.flatMap((p) => p.files))];
  const resolved = await resolveDataFiles({ data: st.isFile() ? resolve(root) : dataRoot, files });
  const { samples, issues } = await extractAll(planned, resolved.files, cap, log);
  return { samples, issues, info: resolved.info, origin: req.data === undefined ? 'bundled' : 'local' };
}
