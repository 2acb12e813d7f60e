// LocalSearchBench tasks: the Hub dataset `localsearchbench/localsearchbench` (one parquet file,
// columns `Hop Count`, `Difficulty`, `City`, `Question`, `Multi-hop search path`, `Answer`), a local
// copy of it (`--data` folder or file: parquet, JSON or JSONL with the same columns), or the 16 real
// rows bundled in data/. Each row is validated with ajv; a bad row is a DataIssue, not a crash.
// ids: `_row_id` when the file has it, else the 0-based row position.
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DatasetError, formatOf, loadRecords } from '../../harness/datasets/records.js';
import { resolveDataFiles } from '../../harness/datasets/source.js';
import { assetPath } from '../../harness/paths.js';
import type { DataIssue, DatasetInfo, Sample } from '../../harness/types.js';
import { extractGroundTruth } from './answer.js';

export const HUB_REPO = 'localsearchbench/localsearchbench';
/** The Hub dataset's only data file (dataset card: configs default, split train, data/train-*). */
export const HUB_FILE = 'data/train-00000-of-00001.parquet';
export const BUNDLED_FILE = 'localsearchbench_sample.jsonl';

export function bundledDataDir(): string {
  return assetPath('benchmarks', 'localsearch', 'data');
}

export interface LocalSearchRow {
  'Hop Count': number;
  Difficulty: string;
  City?: string;
  Question: string;
  'Multi-hop search path': string;
  Answer: string;
  _row_id?: string;
}

export interface LocalSearchSample extends Sample {
  question: string;
  /** null in the first version of the data (300 tasks, no City column). */
  city: string | null;
  difficulty: string;
  hopCount: number;
  searchPath: string;
  /** The `Answer` column as is. */
  answer: string;
  /** The `\boxed{…}` text, what the judge gets as ground_truth. */
  groundTruth: string | null;
}

export const ROW_SCHEMA = {
  type: 'object',
  required: ['Hop Count', 'Difficulty', 'Question', 'Multi-hop search path', 'Answer'],
  properties: {
    'Hop Count': { type: 'integer', minimum: 1 },
    Difficulty: { type: 'string', minLength: 1 },
    City: { type: ['string', 'null'] },
    Question: { type: 'string', minLength: 1 },
    'Multi-hop search path': { type: 'string' },
    Answer: { type: 'string', minLength: 1 },
    _row_id: { type: ['string', 'integer'] },
  },
};

export interface LoadedTasks {
  samples: LocalSearchSample[];
  issues: DataIssue[];
  info: DatasetInfo;
  /** True for the bundled sample (its derived merchant file ships alongside). */
  bundled: boolean;
  warning?: string;
}

export interface DataRequest {
  data?: string;
  split?: string;
  hub?: { repo?: string; revision?: string };
}

/** Which dataset-relative file a local `--data` path means. */
function localSpec(data: string): { root: string; file: string } {
  const abs = resolve(data);
  if (!existsSync(abs)) throw new DatasetError(`--data ${data}: no such file or folder (${abs})`);
  if (statSync(abs).isFile()) return { root: abs, file: basename(abs) };
  for (const f of [HUB_FILE, BUNDLED_FILE]) if (existsSync(join(abs, ...f.split('/')))) return { root: abs, file: f };
  throw new DatasetError(`--data ${data}: expected ${HUB_FILE} (the Hub layout) or ${BUNDLED_FILE} in ${abs}, or give the data file itself`);
}

export function toSample(row: LocalSearchRow, id: string): LocalSearchSample {
  const city = typeof row.City === 'string' && row.City.trim() !== '' ? row.City.trim() : null;
  const groups: Record<string, string> = { difficulty: row.Difficulty, hops: String(row['Hop Count']) };
  if (city) groups.city = city;
  return {
    id,
    groups,
    question: row.Question.trim(),
    city,
    difficulty: row.Difficulty,
    hopCount: row['Hop Count'],
    searchPath: row['Multi-hop search path'],
    answer: row.Answer,
    groundTruth: extractGroundTruth(row.Answer),
  };
}

export async function loadTasks(req: DataRequest): Promise<LoadedTasks> {
  let resolved;
  let rel: string;
  const split = req.split ?? 'train';
  let bundled = false;
  if (req.data !== undefined) {
    const spec = localSpec(req.data);
    rel = spec.file;
    resolved = await resolveDataFiles({ data: spec.root, files: [rel], split });
  } else if (req.hub?.repo) {
    rel = HUB_FILE;
    resolved = await resolveDataFiles({ hubRepo: req.hub.repo, hubRevision: req.hub.revision ?? 'main', files: [rel], split });
  } else {
    rel = BUNDLED_FILE;
    bundled = true;
    resolved = await resolveDataFiles({ data: bundledDataDir(), files: [rel], split });
  }
  const path = resolved.files[rel]!;
  const { records, issues } = await loadRecords<LocalSearchRow>(path, ROW_SCHEMA, { format: formatOf(path) });
  const samples: LocalSearchSample[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    const id = r.value._row_id !== undefined ? String(r.value._row_id) : String(r.index);
    if (seen.has(id)) {
      issues.push({ file: path, where: r.where, id, message: `duplicate id ${id}` });
      continue;
    }
    seen.add(id);
    samples.push(toSample(r.value, id));
  }
  return { samples, issues, info: resolved.info, bundled, ...(resolved.warning ? { warning: resolved.warning } : {}) };
}
