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
import { assetPath } from '../../harness/paths.js';
import { ConfigError } from '../../harness/run/options.js';
import type { DataIssue, DatasetFile, DatasetInfo } from '../../harness/types.js';
import { JsonPyError, parseJsonPy } from '../../scorers/bfcl/json-py.js';
import { dictGetStr, type PyValue } from '../../scorers/bfcl/py-value.js';
import type { ExpectedCall } from '../../scorers/bfcl/ast-checker.js';
import { isRelevance, type Category } from './categories.js';
import { buildSample, entryParts, expectedCalls, type BfclSample } from './entry.js';

export const bundledDataDir = (): string => assetPath('benchmarks', 'bfcl', 'data');
export const entryFile = (dir: string, c: Category): string => join(dir, `BFCL_v4_${c}.json`);
export const answerFile = (dir: string, c: Category): string => join(dir, 'possible_answer', `BFCL_v4_${c}.json`);

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

export async function loadBfcl(categories: readonly Category[], data?: string): Promise<LoadedBfcl> {
  const dir = data !== undefined ? resolve(data) : bundledDataDir();
  if (!existsSync(dir)) throw new ConfigError(`--data ${dir}: no such folder`);
  const samples: BfclSample[] = [];
  const issues: DataIssue[] = [];
  const files: DatasetFile[] = [];
  const seen = new Set<string>();
  for (const category of categories) {
    const ef = entryFile(dir, category);
    if (!existsSync(ef)) throw new ConfigError(`${ef} not found: --data must be a folder in BFCL's layout (BFCL_v4_<category>.json, possible_answer/)`);
    files.push(await fileInfo(ef));
    const entries = await readLines(ef, issues);
    let answers: Line[] | null = null;
    let byId: Map<string, Line> | null = null;
    let af = '';
    if (!isRelevance(category)) {
      af = answerFile(dir, category);
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
  return { samples, issues, info: { source: `local:${dir}`, revision: null, split: null, files } };
}
