// Question files of the search-QA benchmarks, in the four formats papers ship them in. The format is
// detected per record, so one loader reads them all (and mixtures):
// - FlashRAG JSONL (RUC-NLPIR/FlashRAG_datasets): `{id, question, golden_answers, metadata}`;
// - verl / Search-R1 RL rows (scripts/data_process/nq_search.py): `{data_source, prompt: [{role, content}],
//   reward_model: {ground_truth: {target: [...]}} , extra_info: {index, ...}}` (plus the FlashRAG columns
//   that `datasets.map` keeps); derived copies put a string in `ground_truth` and the list in `extra_info.answer`;
// - HotpotQA's official JSON (`_id, question, answer, type, level, supporting_facts, context`), which
//   2WikiMultihopQA shares;
// - MuSiQue's official JSONL (`id, question, answer, answer_aliases, paragraphs, question_decomposition`).
// A plain `{question, answer}` record (answer a string or a list of aliases) reads as the official shape.
//
// Problem ids: the dataset's own id (`_id`, `id`, `test_id`, then `extra_info.index`), else the 0-based
// position in the file. Gold answers: every alias, as strings (numbers converted on purpose).
import { describeAjvErrors, forEachRecord, validatorFor } from '../../harness/datasets/records.js';
import type { DataIssue, Sample } from '../../harness/types.js';

export type QaFormat = 'flashrag' | 'verl' | 'hotpotqa' | 'musique' | 'qa';

export interface QaSample extends Sample {
  question: string;
  /** Accepted answers (aliases), non-empty. */
  golds: string[];
  format: QaFormat;
  /** verl `data_source`, when the row has one. */
  dataSource?: string;
}

export interface LoadedQa {
  samples: QaSample[];
  issues: DataIssue[];
  /** Rows of other data sources left out of a mixed verl file (e.g. Search-R1's test.parquet). */
  otherSources: number;
}

const scalar = { type: ['string', 'number'] } as const;
const answers = { anyOf: [scalar, { type: 'array', items: scalar }] } as const;
const idField = { type: ['string', 'integer'] } as const;

const FLASHRAG_SCHEMA = {
  type: 'object',
  required: ['question', 'golden_answers'],
  properties: { id: idField, question: { type: 'string', minLength: 1 }, golden_answers: { type: 'array', items: scalar, minItems: 1 }, metadata: { type: 'object' } },
} as const;

const VERL_SCHEMA = {
  type: 'object',
  required: ['prompt', 'reward_model'],
  properties: {
    data_source: { type: 'string' },
    prompt: { type: 'array', minItems: 1, items: { type: 'object', required: ['content'], properties: { role: { type: 'string' }, content: { type: 'string' } } } },
    reward_model: {
      type: 'object',
      required: ['ground_truth'],
      properties: { ground_truth: { anyOf: [answers, { type: 'object', required: ['target'], properties: { target: answers } }] } },
    },
    extra_info: { type: 'object', properties: { index: { type: ['integer', 'string'] }, question: { type: 'string' }, answer: answers } },
    id: idField,
    question: { type: 'string' },
    golden_answers: { type: 'array', items: scalar },
  },
} as const;

const OFFICIAL_SCHEMA = {
  type: 'object',
  required: ['question', 'answer'],
  properties: {
    _id: idField, id: idField, test_id: idField,
    question: { type: 'string', minLength: 1 },
    answer: answers,
    answer_aliases: { type: 'array', items: scalar },
    type: { type: 'string' }, level: { type: 'string' },
    context: { type: 'array' }, supporting_facts: { type: 'array' },
    paragraphs: { type: 'array' }, question_decomposition: { type: 'array' },
  },
} as const;

// Compiled on first use by the shared ajv instance (validatorFor): compiling at import cost every
// command start-up ~100 ms, loading a data file or not.
const SCHEMAS = { flashrag: FLASHRAG_SCHEMA, verl: VERL_SCHEMA, official: OFFICIAL_SCHEMA } as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

/** Answers as a list of non-blank strings. */
function answerList(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  // slice(): filter() grows its result by pushes (room for 16+ entries); every sample keeps this
  // array for the whole run, and the exact-size copy is ~110 bytes smaller (11 MB at 100k questions).
  return list.map(str).filter((s): s is string => s !== undefined && s.trim() !== '').slice();
}

function ownId(r: Obj): string | undefined {
  for (const key of ['_id', 'id', 'test_id']) {
    const v = str(r[key]);
    if (v !== undefined && v !== '') return v;
  }
  const extra = r.extra_info;
  return isObj(extra) ? str(extra.index) : undefined;
}

/**
 * The question of a verl row: its own `question` column, `extra_info.question`, else the last user
 * message — which Search-R1's rows hold wrapped in the instruction ("… Question: {q}\n"; the RAG
 * variant adds " Context: …"), so the text after the last "Question:" is taken.
 */
export function verlQuestion(r: Obj): string | undefined {
  if (typeof r.question === 'string' && r.question.trim() !== '') return r.question;
  const extra = r.extra_info;
  if (isObj(extra) && typeof extra.question === 'string' && extra.question.trim() !== '') return extra.question;
  const prompt = (r.prompt as Array<{ role?: string; content: string }>).filter((m) => (m.role ?? 'user') === 'user');
  const content = prompt[prompt.length - 1]?.content;
  if (content === undefined) return undefined;
  const at = content.lastIndexOf('Question:');
  if (at === -1) return content.trim() || undefined;
  const tail = content.slice(at + 'Question:'.length);
  const ctx = tail.indexOf(' Context: ');
  return (ctx === -1 ? tail : tail.slice(0, ctx)).trim() || undefined;
}

function verlGolds(r: Obj): string[] {
  const gt = (r.reward_model as Obj).ground_truth;
  if (isObj(gt)) return answerList(gt.target);
  if (Array.isArray(r.golden_answers)) return answerList(r.golden_answers);
  // Derived copies join the golds into the ground_truth string and keep the list in extra_info.answer.
  const extra = r.extra_info;
  if (isObj(extra) && extra.answer !== undefined) return answerList(extra.answer);
  return answerList(gt);
}

function hops(decomposition: unknown, id: string | undefined): string | undefined {
  if (Array.isArray(decomposition) && decomposition.length > 0) return `${decomposition.length}hop`;
  const m = id ? /^(\d)hop/.exec(id) : null;
  return m ? `${m[1]}hop` : undefined;
}

type Parsed = { question: string; golds: string[]; format: QaFormat; id?: string; groups: Record<string, string>; dataSource?: string };

function parseRecord(value: unknown): Parsed | { error: string } {
  if (!isObj(value)) return { error: 'expected a JSON object' };
  const kind = 'prompt' in value && 'reward_model' in value ? 'verl' : 'golden_answers' in value ? 'flashrag' : 'answer' in value ? 'official' : null;
  if (kind === null) {
    return { error: 'unrecognised record: expected FlashRAG {question, golden_answers}, verl {prompt, reward_model} or HotpotQA/MuSiQue/2Wiki {question, answer}' };
  }
  const validate = validatorFor(SCHEMAS[kind]);
  if (!validate(value)) return { error: `${kind} record: ${describeAjvErrors(validate.errors)}` };
  const id = ownId(value);
  const groups: Record<string, string> = {};
  const put = (k: string, v: unknown) => typeof v === 'string' && v !== '' && (groups[k] = v);
  if (kind === 'verl') {
    const cut = verlQuestion(value);
    if (cut === undefined) return { error: 'verl record: no question in `question`, `extra_info.question` or the prompt' };
    const ds = typeof value.data_source === 'string' ? value.data_source : undefined;
    return { question: detached(cut), golds: verlGolds(value), format: 'verl', ...(id !== undefined ? { id } : {}), groups, ...(ds ? { dataSource: ds } : {}) };
  }
  if (kind === 'flashrag') {
    const meta = isObj(value.metadata) ? value.metadata : {};
    put('type', meta.type);
    put('level', meta.level);
    put('hops', hops(meta.question_decomposition, id));
    return { question: value.question as string, golds: answerList(value.golden_answers), format: 'flashrag', ...(id !== undefined ? { id } : {}), groups };
  }
  const golds = [...answerList(value.answer), ...answerList(value.answer_aliases)];
  const musique = 'paragraphs' in value || 'answer_aliases' in value || 'question_decomposition' in value;
  const hotpot = 'context' in value && 'supporting_facts' in value;
  put('type', value.type);
  put('level', value.level);
  if (musique) put('hops', hops(value.question_decomposition, id));
  const format: QaFormat = musique ? 'musique' : hotpot ? 'hotpotqa' : 'qa';
  return { question: value.question as string, golds: [...new Set(golds)], format, ...(id !== undefined ? { id } : {}), groups };
}

/** A copy of `s` that does not pin the string it was cut from (V8 keeps a slice's parent alive). */
function detached(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * Load one question file. `sourceMatch` picks this benchmark's rows out of a verl file that mixes
 * data sources; when no row matches it, every row is kept (a single-source file under another name).
 * Rows are reduced to their sample fields as they stream in: a parsed verl row (instruction prompt,
 * metadata) is several times the size of the question and golds kept from it.
 */
export async function loadQaFile(file: string, sourceMatch?: RegExp): Promise<LoadedQa> {
  const parseIssues: DataIssue[] = [];
  // Each row becomes its sample as it streams in (positions kept beside, for the issues below).
  const rows: QaSample[] = [];
  const wheres: string[] = [];
  let keepSource = false;
  const readIssues = await forEachRecord(file, (r) => {
    const p = parseRecord(r.value);
    if ('error' in p) {
      parseIssues.push({ file, where: r.where, ...(isObj(r.value) && ownId(r.value) !== undefined ? { id: ownId(r.value)! } : {}), message: p.error });
      return;
    }
    if (p.dataSource !== undefined && sourceMatch?.test(p.dataSource)) keepSource = true;
    const sample: QaSample = { id: p.id ?? String(r.index), question: p.question, golds: p.golds, format: p.format };
    if (Object.keys(p.groups).length) sample.groups = p.groups;
    if (p.dataSource !== undefined) sample.dataSource = p.dataSource;
    rows.push(sample);
    wheres.push(r.where);
  });
  const issues = [...readIssues, ...parseIssues];
  let otherSources = 0;
  const samples: QaSample[] = [];
  const seen = new Map<string, string>();
  for (let i = 0; i < rows.length; i++) {
    const s = rows[i]!;
    const where = wheres[i]!;
    if (keepSource && s.dataSource !== undefined && !sourceMatch!.test(s.dataSource)) {
      otherSources += 1;
      continue;
    }
    const id = s.id;
    if (s.golds.length === 0) {
      issues.push({ file, where, id, message: 'no non-empty gold answer; record skipped' });
      continue;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      issues.push({ file, where, id, message: `duplicate id ${id} (first at ${first}); record skipped` });
      continue;
    }
    seen.set(id, where);
    samples.push(s);
  }
  return { samples, issues, otherSources };
}
