// BFCL's own layout, from `--data DIR` (e.g. bfcl_eval/data of a gorilla checkout) or the bundled
// sample: `BFCL_v4_<category>.json` (JSON lines despite the extension) and, for the AST categories,
// `possible_answer/BFCL_v4_<category>.json` ({id, ground_truth}). The category is the file's, never
// parsed out of an id. Entries and answers are paired by position, as eval_runner.py
// _subset_entries_by_model_ids does, after checking the ids agree (else by id).
// A bad line, an entry without ground truth, or a doc the official code would crash on is a data
// issue (file, line, reason) and the entry is left out.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileInfo } from '../../harness/datasets/fileinfo.js';
import { DatasetError } from '../../harness/datasets/records.js';
import { resolveDataFiles } from '../../harness/datasets/source.js';
import type { HubOptions } from '../../harness/datasets/hub.js';
import { assetPath } from '../../harness/paths.js';
import { ConfigError } from '../../harness/run/options.js';
import type { DataIssue, DatasetFile, DatasetInfo } from '../../harness/types.js';
import { JsonPyError, parseJsonPy } from '../../scorers/bfcl/json-py.js';
import { dictGetStr, type PyValue } from '../../scorers/bfcl/py-value.js';
import type { ExpectedCall } from '../../scorers/bfcl/ast-checker.js';
import { isRelevance, type Category } from './categories.js';
import { buildSample, entryParts, expectedCalls, type BfclSample } from './entry.js';

export const bundledDataDir = (): string => assetPath('benchmarks', 'bfcl', 'data');

/** The BFCL v3 files on the Hub (gorilla-llm/Berkeley-Function-Calling-Leaderboard, "update dataset", Oct 2024). */
export const HUB_REPO = 'gorilla-llm/Berkeley-Function-Calling-Leaderboard';
export const HUB_DEFAULT_REVISION = 'ba55ab5da12bf93c0d64c7a5ecab10740fb73fe5';

export type BfclVersion = 'v4' | 'v3';
/** v3 named simple_python `simple`; every other single-turn category kept its name in v4. */
const fileCategory = (c: Category, v: BfclVersion): string => (v === 'v3' && c === 'simple_python' ? 'simple' : c);
const entryName = (c: Category, v: BfclVersion = 'v4') => `BFCL_${v}_${fileCategory(c, v)}.json`;
export const entryFile = (dir: string, c: Category, v: BfclVersion = 'v4'): string => join(dir, entryName(c, v));
export const answerFile = (dir: string, c: Category, v: BfclVersion = 'v4'): string => join(dir, 'possible_answer', entryName(c, v));

/** The files a run of these categories reads, relative to the data root. */
export function dataFiles(categories: readonly Category[], v: BfclVersion): string[] {
  return categories.flatMap((c) => [entryName(c, v), ...(isRelevance(c) ? [] : [`possible_answer/${entryName(c, v)}`])]);
}

/** v4 files when the folder has them, else v3 (a v3 checkout or the Hub copy). */
function versionOf(dir: string, categories: readonly Category[]): BfclVersion {
  const c = categories[0]!;
  return !existsSync(entryFile(dir, c, 'v4')) && existsSync(entryFile(dir, c, 'v3')) ? 'v3' : 'v4';
}

export interface LoadedBfcl {
  samples: BfclSample[];
  issues: DataIssue[];
  info: DatasetInfo;
}

interface Line {
  value: PyValue;
  line: number;
}

async function readLines(file: string, issues: DataIssue[]): Promise<Line[]> {
  const text = await readFile(file, 'utf8');
  const out: Line[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      out.push({ value: parseJsonPy(raw.replace(/\r$/, '')), line: i + 1 });
    } catch (err) {
      if (!(err instanceof JsonPyError)) throw err;
      issues.push({ file, where: `line ${i + 1}`, message: `malformed JSON: ${err.message}` });
    }
  });
  return out;
}

const idOf = (v: PyValue): string | null => {
  const id = v.t === 'dict' ? dictGetStr(v, 'id') : undefined;
  return id && id.t === 'str' ? id.v : null;
};

export interface HubRequest {
  repo?: string;
  revision?: string;
  options?: HubOptions;
}

/** `--hub-repo/--hub-revision`: the v3 files at a pinned revision, downloaded into the HF cache. */
export async function loadBfclFromHub(categories: readonly Category[], hub: HubRequest): Promise<LoadedBfcl & { warning?: string }> {
  const repo = hub.repo ?? HUB_REPO;
  const revision = hub.revision ?? (repo === HUB_REPO ? HUB_DEFAULT_REVISION : 'main');
  const resolved = await resolveDataFiles({ hubRepo: repo, hubRevision: revision, files: dataFiles(categories, 'v3') }, hub.options);
  const loaded = await loadBfcl(categories, resolved.root);
  return { ...loaded, info: resolved.info, ...(resolved.warning ? { warning: resolved.warning } : {}) };
}

export async function loadBfcl(categories: readonly Category[], data?: string): Promise<LoadedBfcl> {
  const dir = data !== undefined ? resolve(data) : bundledDataDir();
  if (!existsSync(dir)) throw new ConfigError(`--data ${dir}: no such folder`);
  const version = versionOf(dir, categories);
  const samples: BfclSample[] = [];
  const issues: DataIssue[] = [];
  const files: DatasetFile[] = [];
  const seen = new Set<string>();
  for (const category of categories) {
    const ef = entryFile(dir, category, version);
    if (!existsSync(ef)) throw new ConfigError(`${ef} not found: --data must be a folder in BFCL's layout (BFCL_v4_<category>.json or BFCL_v3_…, possible_answer/)`);
    files.push(await fileInfo(ef));
    const entries = await readLines(ef, issues);
    let answers: Line[] | null = null;
    let byId: Map<string, Line> | null = null;
    let af = '';
    if (!isRelevance(category)) {
      af = answerFile(dir, category, version);
      if (!existsSync(af)) throw new ConfigError(`${af} not found: the ${category} entries need their possible answers`);
      files.push(await fileInfo(af));
      answers = await readLines(af, issues);
      byId = new Map(answers.flatMap((a) => (idOf(a.value) !== null ? [[idOf(a.value)!, a] as [string, Line]] : [])));
    }
    entries.forEach((entry, position) => {
      const issue = (message: string, id?: string) => issues.push({ file: ef, where: `line ${entry.line}`, ...(id ? { id } : {}), message });
      const parts = entryParts(entry.value);
      if (typeof parts === 'string') return issue(parts);
      if (seen.has(parts.id)) return issue(`duplicate id ${parts.id}`, parts.id);
      let expected: ExpectedCall[] | null = null;
      if (answers && byId) {
        const atPosition = answers[position];
        const answer = atPosition && idOf(atPosition.value) === parts.id ? atPosition : byId.get(parts.id);
        if (!answer) return issue(`no ground truth for ${parts.id} in ${af}`, parts.id);
        const gt = answer.value.t === 'dict' ? dictGetStr(answer.value, 'ground_truth') : undefined;
        const calls = gt ? expectedCalls(gt) : 'no "ground_truth"';
        if (typeof calls === 'string') {
          issues.push({ file: af, where: `line ${answer.line}`, id: parts.id, message: calls });
          return;
        }
        expected = calls;
      }
      const sample = buildSample(category, parts, expected);
      if (typeof sample === 'string') return issue(sample, parts.id);
      seen.add(parts.id);
      samples.push(sample);
    });
  }
  if (samples.length === 0) throw new DatasetError(`no usable BFCL entries in ${dir} (${issues.length} data issue(s)${issues[0] ? `; first: ${issues[0].message}` : ''})`);
  return { samples, issues, info: { source: `local:${dir}`, revision: null, split: version, files } };
}
