// Rows of a math benchmark → samples. Any JSONL/JSON/Parquet file of `{problem, answer}` rows reads,
// through a field mapping (the spec's candidates, or --problem-field/--answer-field/--id-field).
// Problem ids: the row's id field when present, else its 0-based position among the file's records
// (JSONL: non-blank lines, malformed ones included, so later ids never shift).
// A row without an answer (or problem) is a data issue naming file and line: left out and counted,
// never scored as a zero.
import { loadRecords } from '../../harness/datasets/records.js';
import type { DataIssue, Sample } from '../../harness/types.js';

export interface MathSample extends Sample {
  problem: string;
  /** The gold answer as the dataset gives it (lists joined with ", "). */
  answer: string;
}

export interface FieldMap {
  problem?: string;
  answer?: string;
  id?: string;
}

export interface FieldCandidates {
  problemFields: readonly string[];
  answerFields: readonly string[];
  groupFields: readonly string[];
}

export interface LoadedMath {
  samples: MathSample[];
  issues: DataIssue[];
}

const ANY_OBJECT = { type: 'object' } as const;

type Row = Record<string, unknown>;

/** A gold answer as text: strings trimmed, finite numbers printed, lists (OlympiadBench) joined. */
export function answerText(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) {
    const parts = v.map(answerText);
    if (parts.length === 0 || parts.some((p) => p === null)) return null;
    return parts.join(', ');
  }
  return null;
}

function pick(row: Row, explicit: string | undefined, candidates: readonly string[]): { field: string; value: unknown } | null {
  if (explicit !== undefined) return explicit in row ? { field: explicit, value: row[explicit] } : null;
  for (const f of candidates) if (f in row && row[f] !== null && row[f] !== undefined) return { field: f, value: row[f] };
  return null;
}

function fieldsOf(row: Row): string {
  const keys = Object.keys(row);
  return keys.length ? keys.slice(0, 12).join(', ') : '(none)';
}

export async function loadMathFile(file: string, candidates: FieldCandidates, map: FieldMap = {}): Promise<LoadedMath> {
  const { records, issues } = await loadRecords<Row>(file, ANY_OBJECT);
  const samples: MathSample[] = [];
  const seen = new Set<string>();
  const idField = map.id ?? 'id';
  for (const rec of records) {
    const row = rec.value;
    const rawId = row[idField];
    const id = (typeof rawId === 'string' && rawId.trim() !== '') || (typeof rawId === 'number' && Number.isFinite(rawId)) ? String(rawId).trim() : String(rec.index);
    const problem = pick(row, map.problem, candidates.problemFields);
    if (!problem || typeof problem.value !== 'string' || problem.value.trim() === '') {
      const named = map.problem ?? candidates.problemFields.join('|');
      issues.push({ file, where: rec.where, id, message: `no problem text (field ${named}; the row has ${fieldsOf(row)}): left out` });
      continue;
    }
    const answer = pick(row, map.answer, candidates.answerFields);
    const gold = answer ? answerText(answer.value) : null;
    if (gold === null) {
      const named = map.answer ?? candidates.answerFields.join('|');
      const why = answer ? `empty or unreadable answer in field ${answer.field}` : `no answer (field ${named}; the row has ${fieldsOf(row)})`;
      issues.push({ file, where: rec.where, id, message: `${why}: left out, not scored` });
      continue;
    }
    if (seen.has(id)) {
      issues.push({ file, where: rec.where, id, message: `duplicate problem id ${id}: left out (pass --id-field to choose another id field)` });
      continue;
    }
    seen.add(id);
    const sample: MathSample = { id, problem: problem.value, answer: gold };
    const groups: Record<string, string> = {};
    for (const g of candidates.groupFields) {
      const v = row[g];
      if (typeof v === 'string' || typeof v === 'number') groups[g] = String(v);
    }
    if (Object.keys(groups).length) sample.groups = groups;
    samples.push(sample);
  }
  // The reader's issues (malformed lines) and ours, in file order.
  const position = (i: DataIssue) => Number(/\d+/.exec(i.where)?.[0] ?? 0);
  return { samples, issues: issues.sort((a, b) => position(a) - position(b)) };
}
