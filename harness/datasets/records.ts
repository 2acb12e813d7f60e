// Reading dataset files (JSON, JSONL, Parquet) record by record, validating each with ajv.
// A bad record never aborts the load: it becomes a DataIssue naming file, position and field,
// and the run goes on with the rest.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { DatasetError } from '../errors.js';
import type { DataIssue } from '../types.js';

export type RecordFormat = 'json' | 'jsonl' | 'parquet';

export interface LoadedRecord<T> {
  value: T;
  /** Human-readable position: `line 12` (JSONL), `[3]` (JSON array), `row 7` (Parquet). */
  where: string;
  /** 0-based position among all records of the file, valid or not. */
  index: number;
}

export interface LoadResult<T> {
  records: LoadedRecord<T>[];
  issues: DataIssue[];
}

export interface LoadRecordsOptions {
  format?: RecordFormat;
  /** For JSON files whose records sit under a key (e.g. `{"data": [...]}`). */
  arrayKey?: string;
}

// validateSchema off: the schemas are our own, written in the source; checking each against the
// draft-07 meta-schema compiled that meta-schema first, ~50 ms of every run's start-up.
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** A compiled validator per schema object (compiled once; shared by every loader and the judge). */
export function validatorFor(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** `field /db_id: must be string; field /SQL: must have required property…` */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'invalid record';
  return errors
    .map((e) => {
      const missing = e.keyword === 'required' ? String((e.params as { missingProperty?: string }).missingProperty) : null;
      const field = missing ? `${e.instancePath}/${missing}` : e.instancePath || '(record)';
      return `field ${field}: ${e.message ?? 'invalid'}`;
    })
    .join('; ');
}

export function formatOf(file: string): RecordFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.parquet')) return 'parquet';
  return 'json';
}

/** A parsed record and its position in the file (`index` counts malformed records too). */
export type RawRecord = { value: unknown; where: string; index: number };

/** Validate raw values; the survivors keep their position. */
function validateAll<T>(file: string, raw: RawRecord[], schema: object): LoadResult<T> {
  const validate = validatorFor(schema);
  const records: LoadedRecord<T>[] = [];
  const issues: DataIssue[] = [];
  raw.forEach(({ value, where, index }) => {
    if (validate(value)) records.push({ value: value as T, where, index });
    else issues.push({ file, where, message: describeAjvErrors(validate.errors) });
  });
  return { records, issues };
}

/**
 * Every line of a JSONL file, parsed, handed to `onValue` as it is read: nothing but the current line
 * is held, so a caller keeping a compact digest of each row stays far below the size of the parsed file.
 * Malformed lines become issues (in line order).
 */
async function streamJsonl(file: string, onValue: (r: RawRecord) => void): Promise<DataIssue[]> {
  const issues: DataIssue[] = [];
  let n = 0;
  // A malformed line is still a record: counting it keeps positional ids of later records stable.
  let index = 0;
  const onLine = (rawLine: string): void => {
    n += 1;
    // A UTF-8 byte-order mark (Windows editors) would make the first line malformed JSON.
    const line = n === 1 ? stripBom(rawLine) : rawLine;
    if (line.trim() === '') return;
    index += 1;
    let value: unknown;
    try {
      value = JSON.parse(line) as unknown;
    } catch (err) {
      issues.push({ file, where: `line ${n}`, message: `malformed JSON: ${(err as Error).message}` });
      return;
    }
    onValue({ value, where: `line ${n}`, index: index - 1 });
  };
  // Split by hand rather than with readline: readline's async iterator queues lines faster than a
  // consumer takes them, so a big file sat in memory as line strings. Line ends as readline's
  // (\n, \r\n, a lone \r); a \r closing a chunk waits for the next one, which may start with \n.
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    const text = rest + (chunk as string);
    let from = 0;
    if (text.indexOf('\r') === -1) {
      // The common case, \n only: indexOf scans natively, several times faster than a JS loop.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', from)) {
        onLine(text.slice(from, i));
        from = i + 1;
      }
    } else {
      const stop = text.endsWith('\r') ? text.length - 1 : text.length;
      for (let i = 0; i < stop; i++) {
        const c = text.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        onLine(text.slice(from, i));
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        from = i + 1;
      }
    }
    rest = text.slice(from);
  }
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  if (rest !== '') onLine(rest);
  return issues;
}

async function readJsonl(file: string): Promise<{ raw: RawRecord[]; issues: DataIssue[] }> {
  const raw: RawRecord[] = [];
  const issues = await streamJsonl(file, (r) => raw.push(r));
  return { raw, issues };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readJson(file: string, arrayKey?: string): Promise<RawRecord[]> {
  const text = stripBom(await readFile(file, 'utf8'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (err) {
    throw new DatasetError(`${file}: malformed JSON: ${(err as Error).message}`);
  }
  if (arrayKey !== undefined && parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    parsed = (parsed as Record<string, unknown>)[arrayKey];
  }
  if (!Array.isArray(parsed)) {
    throw new DatasetError(`${file}: expected a JSON array of records${arrayKey ? ` under "${arrayKey}"` : ''}`);
  }
  return parsed.map((value, i) => ({ value, where: `[${i}]`, index: i }));
}

async function readParquet(file: string): Promise<RawRecord[]> {
  // hyparquet is pure JS (no native build) and reads nested columns (verl's `prompt` lists, `reward_model`
  // structs). It decodes snappy (pandas' and the Hub's default) itself.
  const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet');
  const buffer = await asyncBufferFromFile(file);
  const rows = (await parquetReadObjects({ file: buffer, rowFormat: 'object' })) as unknown[];
  return rows.map((value, i) => ({ value: normaliseParquetValue(value), where: `row ${i}`, index: i }));
}

/** Parquet int64 columns arrive as BigInt; JSON-land code expects numbers. */
function normaliseParquetValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(normaliseParquetValue);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = normaliseParquetValue(x);
    return out;
  }
  return v;
}

/** Load every record of a file, validating each against `schema`. */
export async function loadRecords<T>(file: string, schema: object, opts: LoadRecordsOptions = {}): Promise<LoadResult<T>> {
  const format = opts.format ?? formatOf(file);
  // Checked up front: readFile's ENOENT would otherwise read as "malformed JSON", and JSONL's as a raw fs error.
  const st = await stat(file).catch(() => null);
  if (!st) throw new DatasetError(`${file}: no such file`);
  if (!st.isFile()) throw new DatasetError(`${file}: not a file`);
  if (format === 'jsonl') {
    const { raw, issues } = await readJsonl(file);
    const result = validateAll<T>(file, raw, schema);
    return { records: result.records, issues: [...issues, ...result.issues].sort(byPosition) };
  }
  const raw = format === 'parquet' ? await readParquet(file) : await readJson(file, opts.arrayKey);
  return validateAll<T>(file, raw, schema);
}

/**
 * Each parsed record of a file handed to `onRecord` in file order, unvalidated (the caller checks its
 * own shapes). JSONL streams line by line; JSON and Parquet cannot be read in parts, so their rows are
 * parsed whole first. Returns the records that could not be parsed (malformed JSONL lines).
 */
export async function forEachRecord(file: string, onRecord: (r: RawRecord) => void, opts: LoadRecordsOptions = {}): Promise<DataIssue[]> {
  const format = opts.format ?? formatOf(file);
  const st = await stat(file).catch(() => null);
  if (!st) throw new DatasetError(`${file}: no such file`);
  if (!st.isFile()) throw new DatasetError(`${file}: not a file`);
  if (format === 'jsonl') return streamJsonl(file, onRecord);
  const raw = format === 'parquet' ? await readParquet(file) : await readJson(file, opts.arrayKey);
  for (const r of raw) onRecord(r);
  return [];
}

function byPosition(a: DataIssue, b: DataIssue): number {
  const num = (s: string) => Number(/\d+/.exec(s)?.[0] ?? 0);
  return num(a.where) - num(b.where);
}

/** A dataset that cannot be read at all (missing file, not an array…). */
// Defined with the other CLI-mapped errors (a leaf module the CLI loads without ajv).
export { DatasetError };
