// Streamed build of the embedded BM25 index (layout in bm25-layout.ts) from a Search-R1/FlashRAG
// JSONL corpus, in bounded memory. Pass 1: this thread reads the corpus in chunks of whole lines
// (hashing them for the cache key) and hands them to analysers on worker threads (bm25-chunk.ts:
// JSON, tokenising, stemming, per-passage term counts — most of the work); it takes the results back
// in corpus order, stores the passages in docs.bin and collects (term, doc, tf) postings in a
// fixed-size buffer that is sorted by term (bm25-runs.ts) and spilled to a run file whenever it fills.
// Pass 2 merges the runs term by term (each run is already doc-ordered within a term, and runs
// follow corpus order, so the merge is a concatenation) into postings.bin, computing per-block
// maximum scores on the way (bm25-merge.ts). Memory is the run buffer, the vocabulary, a few chunks
// in flight and 13 bytes per passage (offsets, length), whatever the corpus size.
//
// Term ids are numbered in corpus first-seen order whatever the number of workers: a chunk's results
// list the terms its analyser met for the first time, in order. A term first seen (in the corpus) in
// chunk c was seen in no earlier chunk, so in particular not by that analyser, whose earlier chunks
// all come before c; so it is on that list, and the list's order is first-occurrence order within c.
// Taking chunks in corpus order and numbering the list's terms not yet known reproduces the
// single-threaded numbering, and with it the index, byte for byte.
//
// The folder is written under a temp name and renamed at the end, so a failed or interrupted build
// never leaves a partial index where a reader or the cache would pick it up. Corpus errors fail fast
// (CorpusError names file:line): a silently smaller index would make results incomparable.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { AnalyzerName } from './analyzer.js';
import { openAnalysers, type Analysed, type Analysers } from './bm25-analysers.js';
import type { ChunkJob, ChunkResult } from './bm25-chunk.js';
import { PositionalWriter } from './bm25-io.js';
import { BM25_FORMAT_VERSION, type Bm25Meta } from './bm25-layout.js';
import { writePostings } from './bm25-merge.js';
import { RunBuffer } from './bm25-runs.js';
import { DEFAULT_B, DEFAULT_K1 } from './bm25-scoring.js';
import { CorpusError } from './types.js';

export interface Bm25BuildOptions {
  analyzer?: AnalyzerName;
  k1?: number;
  b?: number;
  /** Called every few thousand passages with the number indexed so far and the corpus bytes read. */
  onProgress?: (passages: number, bytesRead: number) => void;
  /** Fail if the corpus bytes read do not hash to this (the file changed under us). */
  expectedSha256?: string;
  /** Postings held in memory before a run is spilled to disk (default 4M ≈ 64 MB of buffers). */
  runPostings?: number;
  /**
   * Analysis worker threads (default: one per 128 MB of corpus, at least one, at most the available
   * cores or 8; a corpus of less than two chunks is analysed on the calling thread). 0: analyse on
   * the calling thread. The index is the same whatever the count.
   */
  workers?: number;
  /** Corpus bytes per analysed chunk (default 2 MB). */
  chunkBytes?: number;
}

export interface Bm25BuildResult {
  passages: number;
  ms: number;
  path: string;
  /** Size of the index folder. */
  bytes: number;
}

const PROGRESS_EVERY = 5000;
const CHUNK_BYTES = 2 << 20;
const WORKER_BYTES = 128 << 20;

class Grow<T extends Uint32Array | Float64Array> {
  constructor(public a: T) {}
  push(i: number, v: number): void {
    if (i >= this.a.length) this.grow(i + 1);
    this.a[i] = v;
  }
  grow(need: number): void {
    if (need <= this.a.length) return;
    const bigger = new (this.a.constructor as new (n: number) => T)(Math.max(need, this.a.length * 2));
    bigger.set(this.a);
    this.a = bigger;
  }
}

/** Reads a file in chunks of whole lines (a line longer than a chunk makes a longer chunk), hashing it. */
class LineChunks {
  private readonly fd: number;
  private carry: Buffer = Buffer.alloc(0);
  private pos = 0;
  private seq = 0;
  private line = 1;
  readonly hash = createHash('sha256');
  bytesRead = 0;

  constructor(
    path: string,
    private readonly chunkBytes: number,
  ) {
    this.fd = openSync(path, 'r');
  }

  /** The next chunk, in its own ArrayBuffer (it is transferred to a worker), or null at the end. */
  next(): ChunkJob | null {
    for (;;) {
      // A line longer than a chunk doubles the read until it ends (linear in its length).
      const want = Math.max(this.chunkBytes, this.carry.length);
      // allocUnsafeSlow: never a slice of Node's shared pool, which must not be transferred.
      const buf = Buffer.allocUnsafeSlow(this.carry.length + want);
      this.carry.copy(buf, 0);
      const got = readSync(this.fd, buf, this.carry.length, want, this.pos);
      this.pos += got;
      this.bytesRead += got;
      this.hash.update(buf.subarray(this.carry.length, this.carry.length + got));
      const filled = this.carry.length + got;
      let end = filled;
      if (got > 0) {
        const nl = buf.lastIndexOf(10, filled - 1);
        if (nl < 0) {
          this.carry = buf.subarray(0, filled);
          continue;
        }
        end = nl + 1;
      }
      if (end === 0) return null;
      this.carry = Buffer.from(buf.subarray(end, filled));
      const job: ChunkJob = { seq: this.seq++, bytes: buf.subarray(0, end), firstLine: this.line };
      for (let at = buf.indexOf(10, 0); at >= 0 && at < end; at = buf.indexOf(10, at + 1)) this.line += 1;
      return job;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

export async function buildBm25Index(corpusPath: string, outDir: string, opts: Bm25BuildOptions = {}): Promise<Bm25BuildResult> {
  const t0 = performance.now();
  const analyzerName = opts.analyzer ?? 'porter';
  const k1 = opts.k1 ?? DEFAULT_K1;
  const b = opts.b ?? DEFAULT_B;
  const runCap = Math.max(1024, opts.runPostings ?? 4_000_000);
  const chunkBytes = Math.max(1024, opts.chunkBytes ?? CHUNK_BYTES);
  if (!existsSync(corpusPath)) throw new Error(`corpus not found: ${corpusPath}`);
  const size = statSync(corpusPath).size;
  // Each worker meets (and stems) the whole vocabulary itself, which is most of the work on a small
  // corpus: one worker per 128 MB of corpus, up to the cores (a 1M-passage wiki-like corpus: 563 MB).
  const auto = size < 2 * chunkBytes ? 0 : Math.max(1, Math.min(8, availableParallelism(), Math.floor(size / WORKER_BYTES)));
  const nWorkers = Math.max(0, Math.floor(opts.workers ?? auto));
  await mkdir(dirname(resolve(outDir)), { recursive: true });
  const chunks = new LineChunks(corpusPath, chunkBytes);
  let analysers: Analysers;
  try {
    analysers = openAnalysers(analyzerName, nWorkers);
  } catch (e) {
    chunks.close();
    throw e;
  }
  const tmp = `${outDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fds: number[] = [];
  try {
    await mkdir(tmp);
    const vocab = new Map<string, number>();
    const termStrings: string[] = [];
    const df = new Grow(new Uint32Array(1 << 16));
    const docLen = new Grow(new Uint32Array(1 << 16));
    const docOff = new Grow(new Float64Array(1 << 16));
    const docsFd = openSync(join(tmp, 'docs.bin'), 'w');
    fds.push(docsFd);
    const docsOut = new PositionalWriter(docsFd, 0);
    docOff.push(0, 0);
    // Each analyser's local term id → global term id.
    const remaps = Array.from({ length: analysers.count }, () => new Grow(new Uint32Array(1 << 16)));
    const remapLen = new Array<number>(analysers.count).fill(0);

    // (term, doc, tf) in doc order, spilled sorted by term.
    const runs = new RunBuffer(tmp, runCap);

    let n = 0;
    let sumLen = 0;
    let docCount = 0;
    let bytesDone = 0;
    let nextProgress = PROGRESS_EVERY;
    // Fold one analysed chunk into the index, in corpus order.
    const take = ({ analyser, result: r }: Analysed, chunkLen: number) => {
      if (r.error) throw new CorpusError(corpusPath, r.error.line, r.error.message);
      const remap = remaps[analyser]!;
      if (remapLen[analyser] !== r.firstNew) throw new Error(`internal: chunk ${r.seq} starts at term ${r.firstNew}, expected ${remapLen[analyser]}`);
      remap.grow(r.firstNew + r.newTerms.length);
      r.newTerms.forEach((term, j) => {
        let id = vocab.get(term);
        if (id === undefined) {
          id = termStrings.length;
          vocab.set(term, id);
          termStrings.push(term);
        }
        remap.a[r.firstNew + j] = id;
      });
      remapLen[analyser] = r.firstNew + r.newTerms.length;
      df.grow(termStrings.length);
      docsOut.write(r.text);
      docOff.grow(2 * (n + r.docs) + 1);
      docLen.grow(n + r.docs);
      const off = docOff.a;
      const dl = docLen.a;
      for (let d = 0; d < r.docs; d++) {
        const at = 2 * (n + d);
        off[at + 1] = off[at]! + r.textLens[2 * d]!;
        off[at + 2] = off[at + 1]! + r.textLens[2 * d + 1]!;
        const len = r.docLen[d]!;
        dl[n + d] = len;
        sumLen += len;
        if (len > 0) docCount += 1;
      }
      runs.addChunk(r, remap.a, n, df.a, termStrings.length);
      n += r.docs;
      bytesDone += chunkLen;
      if (n >= nextProgress) {
        opts.onProgress?.(n, bytesDone);
        nextProgress = (Math.floor(n / PROGRESS_EVERY) + 1) * PROGRESS_EVERY;
      }
    };

    // A few chunks in flight per analyser keep the workers busy while this thread folds results in.
    const maxInFlight = 1 + 2 * analysers.count;
    const inFlight: Array<{ done: Promise<Analysed>; bytes: number }> = [];
    for (;;) {
      while (inFlight.length < maxInFlight) {
        const job = chunks.next();
        if (!job) break;
        const bytes = job.bytes.byteLength;
        const done = analysers.submit(job);
        done.catch(() => {}); // awaited in order below; a later failure must not go unhandled meanwhile
        inFlight.push({ done, bytes });
      }
      const next = inFlight.shift();
      if (!next) break;
      take(await next.done, next.bytes);
    }
    // Pass 1 is over: free the analysers' memory before the merge.
    await analysers.close();
    const bytesRead = chunks.bytesRead;
    if (n === 0) throw new Error(`corpus has no passages: ${corpusPath}`);
    const sha256 = chunks.hash.digest('hex');
    if (opts.expectedSha256 && opts.expectedSha256 !== sha256) {
      throw new Error(`corpus changed while it was being indexed: ${corpusPath}`);
    }
    opts.onProgress?.(n, bytesRead);
    const runFiles = runs.finish(termStrings.length);
    docsOut.flush();
    closeSync(fds.pop()!);

    const meta = writePostings(tmp, {
      n,
      docCount,
      sumLen,
      k1,
      b,
      termStrings,
      df: df.a,
      docLen: docLen.a,
      docOff: docOff.a.subarray(0, 2 * n + 1),
      runs: runFiles,
    });
    for (const r of runFiles) {
      await rm(r.docsPath, { force: true });
      await rm(r.tfsPath, { force: true });
    }
    const full: Bm25Meta = {
      format_version: BM25_FORMAT_VERSION,
      corpus_path: resolve(corpusPath),
      corpus_sha256: sha256,
      corpus_bytes: statSync(corpusPath).size,
      analyzer: analyzerName,
      built_at: new Date().toISOString(),
      ...meta,
    };
    writeFileSync(join(tmp, 'meta.json'), JSON.stringify(full, null, 1) + '\n');
    await replaceDir(tmp, outDir);
    const bytes = ['meta.json', 'postings.bin', 'docs.bin'].reduce((s, f) => s + statSync(join(outDir, f)).size, 0);
    return { passages: n, ms: performance.now() - t0, path: outDir, bytes };
  } catch (e) {
    for (const fd of fds) closeSync(fd);
    await rm(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    chunks.close();
    await analysers.close();
  }
}

/** Put the finished folder at `outDir`, replacing an older index only once the new one is complete. */
async function replaceDir(tmp: string, outDir: string): Promise<void> {
  if (!existsSync(outDir)) {
    await rename(tmp, outDir);
    return;
  }
  const old = `${outDir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
  await rename(outDir, old);
  await rename(tmp, outDir);
  await rm(old, { recursive: true, force: true });
}
