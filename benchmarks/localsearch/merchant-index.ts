// The embedded `<rag>` backend: a SQLite FTS5 index over merchant records, searched with BM25 and
// filtered to the task's city (the official LocalRAG has one index per city). Chinese text is
// handled the way harness/retrieval/fts-query.ts handles CJK: every Han character indexed as its
// own token, queries searched as an OR of adjacent-character bigram phrases ("西单 酒店" →
// "西 单" OR "酒 店"), so 2-character words match without a word segmenter.
// Indexes are cached under the cache folder by the sha256 of the merchant records.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { describeAjvErrors, validatorFor } from '../../harness/datasets/records.js';
import { sha256File } from '../../harness/datasets/fileinfo.js';
import { buildMatchQuery, segmentForIndex } from '../../harness/retrieval/fts-query.js';
import type { JsonObject } from '../../harness/types.js';
import { MERCHANT_SCHEMA, merchantsJsonl, poiId, type Merchant } from './merchants.js';

/** Bump when the schema or the indexed text changes; part of the cache key. */
export const MERCHANT_INDEX_VERSION = 1;
const TOKENIZE = 'unicode61 remove_diacritics 2';
/** Name matches count double: a query naming the merchant should find it first. */
const WEIGHTS = '2.0, 1.0';

export interface MerchantHit {
  merchant: JsonObject;
  score: number;
}

export interface MerchantIndex {
  readonly count: number;
  readonly sha256: string;
  /** Best matches in `city` (plus merchants with no city); every city when `city` is null. */
  search(query: string, city: string | null, topK: number): MerchantHit[];
  describe(): JsonObject;
  close(): void;
}

export class MerchantFileError extends Error {
  constructor(file: string, line: number, detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'MerchantFileError';
  }
}


function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(str).join(' ');
  return String(v);
}

/** A validated record with its poi_id settled (`poi_id`, else LocalRAG's `id`, else derived). */
export function normaliseMerchant(raw: Record<string, unknown>): JsonObject {
  const out = { ...raw } as JsonObject;
  if (out.poi_id === undefined || out.poi_id === null) {
    out.poi_id = out.id !== undefined && out.id !== null ? String(out.id) : poiId(str(raw.city), str(raw.name), str(raw.address));
  } else {
    out.poi_id = String(out.poi_id);
  }
  return out;
}

/** Columns of the FTS row: the name, and everything else a searcher would type. */
function ftsText(m: JsonObject): { name: string; body: string } {
  const body = ['category', 'subcategory', 'address', 'district', 'business_area', 'tags', 'specialties', 'description', 'source_queries']
    .map((k) => str(m[k]))
    .filter(Boolean)
    .join(' ');
  return { name: segmentForIndex(str(m.name), 'unicode61'), body: segmentForIndex(body, 'unicode61') };
}

async function* fileRecords(file: string): AsyncGenerator<JsonObject> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n++;
    const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new MerchantFileError(file, n, `invalid JSON (${(e as Error).message})`);
    }
    // Compiled on first use (validatorFor), not at import: every command imports this module.
    const validate = validatorFor(MERCHANT_SCHEMA);
    if (!validate(value)) throw new MerchantFileError(file, n, describeAjvErrors(validate.errors));
    yield normaliseMerchant(value as Record<string, unknown>);
  }
}

async function* arrayRecords(records: readonly Merchant[]): AsyncGenerator<JsonObject> {
  for (const r of records) yield normaliseMerchant(r as unknown as Record<string, unknown>);
}

async function build(records: AsyncIterable<JsonObject>, out: string, sha256: string): Promise<void> {
  const tmp = `${out}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const db = new Database(tmp);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(`
      CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE docs(rowid INTEGER PRIMARY KEY, city TEXT NOT NULL, json TEXT NOT NULL);
      CREATE INDEX docs_city ON docs(city);
      CREATE VIRTUAL TABLE fts USING fts5(name, body, content='', tokenize='${TOKENIZE}');
    `);
    const insDoc = db.prepare('INSERT INTO docs(rowid, city, json) VALUES (?, ?, ?)');
    const insFts = db.prepare('INSERT INTO fts(rowid, name, body) VALUES (?, ?, ?)');
    const flush = db.transaction((rows: JsonObject[], from: number) => {
      rows.forEach((m, i) => {
        const t = ftsText(m);
        insDoc.run(from + i, str(m.city), JSON.stringify(m));
        insFts.run(from + i, t.name, t.body);
      });
    });
    let count = 0;
    let batch: JsonObject[] = [];
    for await (const m of records) {
      batch.push(m);
      if (batch.length >= 5000) {
        flush(batch, count + 1);
        count += batch.length;
        batch = [];
      }
    }
    flush(batch, count + 1);
    count += batch.length;
    const meta = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)');
    meta.run('version', String(MERCHANT_INDEX_VERSION));
    meta.run('sha256', sha256);
    meta.run('count', String(count));
    db.exec(`INSERT INTO fts(fts) VALUES('optimize')`);
    db.close();
    await rename(tmp, out);
  } catch (e) {
    if (db.open) db.close();
    await rm(tmp, { force: true });
    throw e;
  }
}

function open(path: string, label: string): MerchantIndex {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const meta = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
  const count = Number(meta.count ?? 0);
  const sha256 = meta.sha256 ?? '';
  const rank = `bm25(fts, ${WEIGHTS})`;
  // Ties broken by file order, so results are stable across runs.
  const inCity = db.prepare(`SELECT d.json AS json, ${rank} AS s FROM fts JOIN docs d ON d.rowid = fts.rowid
    WHERE fts MATCH ? AND d.city IN (?, '') ORDER BY s, fts.rowid LIMIT ?`);
  const anyCity = db.prepare(`SELECT d.json AS json, ${rank} AS s FROM fts JOIN docs d ON d.rowid = fts.rowid
    WHERE fts MATCH ? ORDER BY s, fts.rowid LIMIT ?`);
  return {
    count,
    sha256,
    search(query, city, topK) {
      const match = buildMatchQuery(query, 'unicode61');
      const k = Math.floor(topK);
      if (match === null || !(k > 0)) return [];
      const rows = (city ? inCity.all(match, city, k) : anyCity.all(match, k)) as Array<{ json: string; s: number }>;
      return rows.map((r) => ({ merchant: JSON.parse(r.json) as JsonObject, score: -r.s }));
    },
    describe: () => ({
      backend: 'embedded-fts5',
      merchants: label,
      merchants_sha256: sha256,
      count,
      tokenizer: `${TOKENIZE}; CJK characters as unigram tokens, queried as bigram phrases`,
      ranking: `FTS5 bm25 (name ${WEIGHTS.split(', ')[0]}, other fields ${WEIGHTS.split(', ')[1]}), filtered to the task's city`,
    }),
    close: () => {
      if (db.open) db.close();
    },
  };
}

async function cached(sha256: string, cacheDir: string, records: () => AsyncIterable<JsonObject>, label: string): Promise<MerchantIndex> {
  await mkdir(cacheDir, { recursive: true });
  const out = join(cacheDir, `localsearch-merchants-v${MERCHANT_INDEX_VERSION}-${sha256.slice(0, 32)}.sqlite`);
  if (!existsSync(out)) await build(records(), out, sha256);
  return open(out, label);
}

/** The index of a merchant JSONL file (validated line by line; a bad line fails naming file:line). */
export async function merchantIndexForFile(file: string, cacheDir: string): Promise<MerchantIndex> {
  if (!existsSync(file)) throw new Error(`merchant file not found: ${file}`);
  return cached(await sha256File(file), cacheDir, () => fileRecords(file), file);
}

/** The index of in-memory merchants (derived from the tasks' search paths). */
export async function merchantIndexForRecords(records: readonly Merchant[], cacheDir: string, label: string): Promise<MerchantIndex> {
  const sha256 = createHash('sha256').update(merchantsJsonl(records)).digest('hex');
  return cached(sha256, cacheDir, () => arrayRecords(records), label);
}
