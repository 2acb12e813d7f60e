// Opening embedded BM25 indexes (reading meta.json, loading postings.bin into shared memory) and the
// build cache keyed by corpus sha256.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sha256File } from '../datasets/fileinfo.js';
import type { JsonObject } from '../types.js';
import { ANALYZERS, type AnalyzerName } from './analyzer.js';
import { buildBm25Index } from './bm25-build.js';
import { readShared, readSharedAsync } from './bm25-io.js';
import { BM25_FORMAT_VERSION, type Bm25Meta } from './bm25-layout.js';

export interface LoadedIndex {
  path: string;
  meta: Bm25Meta;
  /** postings.bin, shared by every search worker. */
  postings: SharedArrayBuffer;
}

/** meta.json of an index folder, checked; throws a message a user can act on. */
export function readBm25Meta(path: string): Bm25Meta {
  if (!existsSync(path)) throw new Error(`index not found: ${path}`);
  const metaPath = join(path, 'meta.json');
  if (!statSync(path).isDirectory() || !existsSync(metaPath)) {
    throw new Error(`${path} is not an agenteval BM25 index (no meta.json); build one with \`agenteval index\``);
  }
  let meta: Bm25Meta;
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Bm25Meta;
  } catch (e) {
    throw new Error(`${metaPath}: unreadable (${(e as Error).message}); rebuild the index`);
  }
  if (meta.format_version !== BM25_FORMAT_VERSION) {
    throw new Error(`${path}: index format ${String(meta.format_version)}, expected ${BM25_FORMAT_VERSION}; rebuild it`);
  }
  if (!ANALYZERS.includes(meta.analyzer as AnalyzerName)) throw new Error(`${path}: unknown analyzer ${meta.analyzer}`);
  return meta;
}

/** An index folder checked (meta.json, the size of postings.bin), its postings not yet read. */
export interface IndexHeader {
  path: string;
  meta: Bm25Meta;
}

export function openBm25Header(path: string): IndexHeader {
  const meta = readBm25Meta(path);
  const file = join(path, 'postings.bin');
  if (!existsSync(file)) throw new Error(`${path}: postings.bin is missing; rebuild the index`);
  const size = statSync(file).size;
  const need = meta.sections.docOff.offset + meta.sections.docOff.length * 8;
  if (size !== need) throw new Error(`${path}: postings.bin is ${size} bytes, expected ${need}; rebuild the index`);
  return { path: resolve(path), meta };
}

export function loadBm25Index(path: string): LoadedIndex {
  const h = openBm25Header(path);
  return { ...h, postings: readShared(join(path, 'postings.bin'), sectionsBytes(h.meta)) };
}

/**
 * The same, reading postings.bin off the event loop (parallel reads on libuv's thread pool): a
 * run's first model calls proceed while hundreds of MB load.
 */
export async function loadBm25IndexAsync(h: IndexHeader): Promise<LoadedIndex> {
  return { ...h, postings: await readSharedAsync(join(h.path, 'postings.bin'), sectionsBytes(h.meta)) };
}

function sectionsBytes(meta: Bm25Meta): number {
  return meta.sections.docOff.offset + meta.sections.docOff.length * 8;
}

/** For the manifest: what was indexed and how it ranks (machine-local fields are dropped by callers). */
export function describeBm25(ix: IndexHeader, workers: number): JsonObject {
  const m = ix.meta;
  return {
    backend: 'bm25',
    index: ix.path,
    index_bytes: ['meta.json', 'postings.bin', 'docs.bin'].reduce((s, f) => s + statSync(join(ix.path, f)).size, 0),
    format_version: m.format_version,
    corpus: m.corpus_path,
    corpus_sha256: m.corpus_sha256,
    passages: m.passages,
    tokenizer: m.analyzer,
    ranking: `Lucene BM25 k1=${m.k1} b=${m.b} over contents (norms as SmallFloat.intToByte4), bag-of-words query`,
    workers,
  };
}

export interface Bm25IndexForOptions {
  analyzer?: AnalyzerName;
  onProgress?: (passages: number) => void;
  /** Told when a build starts (not on a cache hit). */
  log?: (msg: string) => void;
}

function matches(path: string, sha256: string): boolean {
  try {
    return readBm25Meta(path).corpus_sha256 === sha256;
  } catch {
    return false;
  }
}

/**
 * The cached index of a corpus, built on first use. The key is the corpus sha256 plus analyzer and
 * format version, so the same corpus at another path reuses the index and an edited corpus gets a
 * new one. Returns the index folder.
 */
export async function bm25IndexFor(corpusPath: string, cacheDir: string, opts: Bm25IndexForOptions = {}): Promise<string> {
  if (!existsSync(corpusPath)) throw new Error(`corpus not found: ${corpusPath}`);
  const analyzer = opts.analyzer ?? 'porter';
  const sha256 = await sha256File(corpusPath);
  const out = join(cacheDir, `bm25-v${BM25_FORMAT_VERSION}-${analyzer}-${sha256.slice(0, 32)}`);
  if (existsSync(out) && matches(out, sha256)) return out;
  // Several benchmarks of one run given the same --corpus share one build.
  let pending = building.get(out);
  if (!pending) {
    opts.log?.(`building BM25 index of ${corpusPath} → ${out}`);
    pending = buildBm25Index(corpusPath, out, { analyzer, onProgress: opts.onProgress, expectedSha256: sha256 })
      .then(() => out)
      .finally(() => building.delete(out));
    building.set(out, pending);
  }
  return pending;
}

const building = new Map<string, Promise<string>>();
