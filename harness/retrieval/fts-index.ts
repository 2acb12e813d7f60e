// Embedded BM25 retrieval on SQLite FTS5 (better-sqlite3): a streamed index build from a
// Search-R1/FlashRAG JSONL corpus, a read-only searcher, and a sha256-keyed build cache.
//
// Ranking mirrors the Pyserini BM25 baseline of FlashRAG/Search-R1 as far as FTS5 allows: bm25()
// with k1=1.2, b=0.75 over ONE column holding the whole `contents` (title line + text), as Anserini's
// JsonCollection indexes the single `contents` field; the query is a bag of words (an OR of quoted
// terms, Lucene's English stop words and possessive 's dropped, like Anserini's
// DefaultEnglishAnalyzer — see fts-query.ts), so no LLM output can be an FTS5 syntax error.
// Scores are negated so higher is better. FTS5's idf is log((N-n+0.5)/(n+0.5)) floored at 1e-6, Lucene's log(1+…):
// rankings agree closely, raw scores do not. Cost: every row matching any term is scored (FTS5
// has no WAND), so a query's time grows with its terms' document frequencies.
//
// Corpus errors fail fast (CorpusError names file:line): a corpus is a fixed artefact, and a
// silently smaller index would make results incomparable without anyone noticing.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { sha256File } from '../datasets/fileinfo.js';
import type { JsonObject } from '../types.js';
import { normaliseDocument, splitContents, stripTitleQuotes } from './format.js';
import { buildMatchQuery, segmentForIndex } from './fts-query.js';
import { CorpusError, type FtsTokenizer, type Passage, type Retriever } from './types.js';

/** Bump when the schema or the indexed text changes; part of the cache key. */
export const FTS_FORMAT_VERSION = 1;

const TOKENIZE: Record<FtsTokenizer, string> = {
  porter: 'porter unicode61 remove_diacritics 2',
  unicode61: 'unicode61 remove_diacritics 2',
  trigram: 'trigram remove_diacritics 1',
};

export interface BuildOptions {
  tokenizer?: FtsTokenizer;
  /** Rows per transaction (default 10,000). */
  batchSize?: number;
  /** Called after each committed batch with the number of passages indexed so far. */
  onProgress?: (n: number) => void;
  /** Fail if the corpus bytes read do not hash to this (the file changed under us). */
  expectedSha256?: string;
}

export interface BuildResult {
  passages: number;
  ms: number;
  path: string;
}

/**
 * Stream a JSONL corpus into a new FTS5 index at `outPath`. The index is written to a temp file
 * next to it and renamed at the end, so a failed or interrupted build never leaves a partial
 * index where a reader (or the cache) would pick it up. Blank lines are skipped; a passage without
 * an id gets its 0-based line number.
 */
export async function buildIndex(corpusPath: string, outPath: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const t0 = performance.now();
  const tokenizer = opts.tokenizer ?? 'porter';
  const batchSize = Math.max(1, opts.batchSize ?? 10_000);
  if (!existsSync(corpusPath)) throw new Error(`corpus not found: ${corpusPath}`);
  await mkdir(dirname(resolve(outPath)), { recursive: true });
  const tmp = `${outPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const db = new Database(tmp);
  try {
    // Bulk-load settings: the temp file is thrown away on any failure, so durability buys nothing.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('cache_size = -262144');
    db.exec(`
      CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE docs(docno INTEGER PRIMARY KEY, id TEXT NOT NULL, contents TEXT NOT NULL);
      CREATE VIRTUAL TABLE fts USING fts5(contents, content='', detail=full, tokenize='${TOKENIZE[tokenizer]}');
    `);
    // Larger in-memory term buffer ⇒ fewer, bigger segments to merge (best effort: not in every SQLite).
    try {
      db.exec(`INSERT INTO fts(fts, rank) VALUES('hashsize', ${32 * 1024 * 1024})`);
    } catch {
      /* older FTS5: default buffer */
    }
    const insDoc = db.prepare('INSERT INTO docs(docno, id, contents) VALUES (?, ?, ?)');
    const insFts = db.prepare('INSERT INTO fts(rowid, contents) VALUES (?, ?)');
    type Row = { id: string; contents: string };
    let count = 0;
    const flush = db.transaction((rows: Row[]) => {
      for (const r of rows) {
        count += 1;
        insDoc.run(count, r.id, r.contents);
        insFts.run(count, segmentForIndex(r.contents, tokenizer));
      }
    });

    const hash = createHash('sha256');
    const stream = createReadStream(corpusPath);
    stream.on('data', (chunk) => hash.update(chunk as Buffer));
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let lineNo = 0;
    let batch: Row[] = [];
    try {
      for await (const raw of lines) {
        lineNo += 1;
        const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
        if (line.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (e) {
          throw new CorpusError(corpusPath, lineNo, `invalid JSON (${(e as Error).message})`);
        }
        const doc = normaliseDocument(value, String(lineNo - 1));
        if ('error' in doc) throw new CorpusError(corpusPath, lineNo, doc.error);
        batch.push(doc);
        if (batch.length >= batchSize) {
          flush(batch);
          batch = [];
          opts.onProgress?.(count);
        }
      }
    } finally {
      lines.close();
      stream.destroy();
    }
    if (batch.length > 0) {
      flush(batch);
      opts.onProgress?.(count);
    }
    if (count === 0) throw new Error(`corpus has no passages: ${corpusPath}`);
    const sha256 = hash.digest('hex');
    if (opts.expectedSha256 && opts.expectedSha256 !== sha256) {
      throw new Error(`corpus changed while it was being indexed: ${corpusPath}`);
    }
    const meta: Record<string, string> = {
      format_version: String(FTS_FORMAT_VERSION),
      corpus_path: resolve(corpusPath),
      corpus_sha256: sha256,
      corpus_bytes: String(statSync(corpusPath).size),
      tokenizer,
      tokenize: TOKENIZE[tokenizer],
      passages: String(count),
      built_at: new Date().toISOString(),
    };
    const insMeta = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)');
    db.transaction(() => Object.entries(meta).forEach(([k, v]) => insMeta.run(k, v)))();
    // Merge all segments into one b-tree: slower build, fastest queries.
    db.exec(`INSERT INTO fts(fts) VALUES('optimize')`);
    db.pragma('journal_mode = DELETE');
    db.close();
    await rename(tmp, outPath);
    return { passages: count, ms: performance.now() - t0, path: outPath };
  } catch (e) {
    if (db.open) db.close();
    await rm(tmp, { force: true });
    throw e;
  }
}

function readMeta(db: Database.Database, path: string): Record<string, string> {
  let rows: Array<{ key: string; value: string }>;
  try {
    rows = db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>;
  } catch {
    throw new Error(`${path} is not an agenteval FTS5 index (no meta table)`);
  }
  const meta = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  if (meta.format_version !== String(FTS_FORMAT_VERSION)) {
    throw new Error(`${path}: index format ${meta.format_version ?? '?'}, expected ${FTS_FORMAT_VERSION}; rebuild it`);
  }
  if (!(meta.tokenizer && meta.tokenizer in TOKENIZE)) throw new Error(`${path}: unknown tokenizer ${meta.tokenizer}`);
  return meta;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('search aborted');
}

/** Open an index read-only. Searches are synchronous SQLite calls wrapped in promises. */
export function openIndex(path: string): Retriever {
  if (!existsSync(path)) throw new Error(`index not found: ${path}`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  let meta: Record<string, string>;
  try {
    meta = readMeta(db, path);
  } catch (e) {
    db.close();
    throw e;
  }
  const tokenizer = meta.tokenizer as FtsTokenizer;
  db.pragma('mmap_size = 1073741824');
  db.pragma('cache_size = -65536');
  // Ties broken by corpus order so results are stable across runs.
  const stmt = db.prepare(`
    WITH hits AS (
      SELECT rowid AS docno, bm25(fts) AS s FROM fts WHERE fts MATCH ? ORDER BY s, rowid LIMIT ?
    )
    SELECT d.id AS id, d.contents AS contents, h.s AS s
    FROM hits h JOIN docs d ON d.docno = h.docno ORDER BY h.s, h.docno`);

  const searchSync = (query: string, topk: number, signal?: AbortSignal): Passage[] => {
    if (signal?.aborted) throw abortError(signal);
    const match = buildMatchQuery(query, tokenizer);
    const k = Math.floor(topk);
    if (match === null || !(k > 0)) return [];
    const rows = stmt.all(match, k) as Array<{ id: string; contents: string; s: number }>;
    return rows.map((r) => {
      const { title, text } = splitContents(r.contents);
      return { id: r.id, title: stripTitleQuotes(title), text, contents: r.contents, score: -r.s };
    });
  };

  return {
    search: async (query, topk, signal) => searchSync(query, topk, signal),
    searchBatch: async (queries, topk, signal) => queries.map((q) => searchSync(q, topk, signal)),
    describe(): JsonObject {
      return {
        backend: 'fts5',
        index: resolve(path),
        index_bytes: statSync(path).size,
        format_version: FTS_FORMAT_VERSION,
        corpus: meta.corpus_path ?? null,
        corpus_sha256: meta.corpus_sha256 ?? null,
        passages: Number(meta.passages),
        tokenizer,
        tokenize: meta.tokenize ?? null,
        ranking: 'FTS5 bm25 k1=1.2 b=0.75 over contents',
        query: 'OR of quoted terms',
      };
    },
    close: async () => {
      if (db.open) db.close();
    },
  };
}

function indexMatches(path: string, sha256: string): boolean {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return readMeta(db, path).corpus_sha256 === sha256;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

export interface IndexForOptions {
  tokenizer?: FtsTokenizer;
  onProgress?: (n: number) => void;
  /** Told when a build starts (not on a cache hit). */
  log?: (msg: string) => void;
}

/**
 * The cached index of a corpus, built on first use. The cache key is the corpus sha256 (plus
 * tokenizer and format version), so the same corpus at another path reuses the index and an
 * edited corpus gets a new one. Returns the index path.
 */
export async function indexFor(corpusPath: string, cacheDir: string, opts: IndexForOptions = {}): Promise<string> {
  if (!existsSync(corpusPath)) throw new Error(`corpus not found: ${corpusPath}`);
  const tokenizer = opts.tokenizer ?? 'porter';
  const sha256 = await sha256File(corpusPath);
  const out = join(cacheDir, `fts5-v${FTS_FORMAT_VERSION}-${tokenizer}-${sha256.slice(0, 32)}.sqlite`);
  if (existsSync(out) && indexMatches(out, sha256)) return out;
  opts.log?.(`building BM25 index of ${corpusPath} → ${out}`);
  await buildIndex(corpusPath, out, { tokenizer, onProgress: opts.onProgress, expectedSha256: sha256 });
  return out;
}
