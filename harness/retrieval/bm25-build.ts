// Streamed build of the embedded BM25 index (layout in bm25-layout.ts) from a Search-R1/FlashRAG
// JSONL corpus, in bounded memory: pass 1 analyses passages in corpus order, stores them in docs.bin
// and collects (term, doc, tf) postings in a fixed-size buffer that is counting-sorted by term and
// spilled to a run file whenever it fills; pass 2 merges the runs term by term (each run is already
// doc-ordered within a term, and runs follow corpus order, so the merge is a concatenation) into
// postings.bin, computing per-block maximum scores on the way. Memory is the run buffer, the
// vocabulary and 13 bytes per passage (offsets, length), whatever the corpus size.
//
// The folder is written under a temp name and renamed at the end, so a failed or interrupted build
// never leaves a partial index where a reader or the cache would pick it up. Corpus errors fail fast
// (CorpusError names file:line): a silently smaller index would make results incomparable.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, existsSync, openSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createAnalyzer, type AnalyzerName } from './analyzer.js';
import { PositionalWriter } from './bm25-io.js';
import { ABSENT, TokenTable } from './token-table.js';
import { BM25_FORMAT_VERSION, type Bm25Meta } from './bm25-layout.js';
import { writePostings, type Run } from './bm25-merge.js';
import { DEFAULT_B, DEFAULT_K1 } from './bm25-scoring.js';
import { normaliseDocument } from './format.js';
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
}

export interface Bm25BuildResult {
  passages: number;
  ms: number;
  path: string;
  /** Size of the index folder. */
  bytes: number;
}

const PROGRESS_EVERY = 5000;

class Grow<T extends Uint32Array | Float64Array> {
  constructor(public a: T) {}
  push(i: number, v: number): void {
    if (i >= this.a.length) {
      const bigger = new (this.a.constructor as new (n: number) => T)(this.a.length * 2);
      bigger.set(this.a);
      this.a = bigger;
    }
    this.a[i] = v;
  }
}


export async function buildBm25Index(corpusPath: string, outDir: string, opts: Bm25BuildOptions = {}): Promise<Bm25BuildResult> {
  const t0 = performance.now();
  const analyzerName = opts.analyzer ?? 'porter';
  const k1 = opts.k1 ?? DEFAULT_K1;
  const b = opts.b ?? DEFAULT_B;
  const runCap = Math.max(1024, opts.runPostings ?? 4_000_000);
  if (!existsSync(corpusPath)) throw new Error(`corpus not found: ${corpusPath}`);
  await mkdir(dirname(resolve(outDir)), { recursive: true });
  const tmp = `${outDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(tmp);
  const fds: number[] = [];
  try {
    const analyzer = createAnalyzer(analyzerName);
    const vocab = new Map<string, number>();
    const termStrings: string[] = [];
    const df = new Grow(new Uint32Array(1 << 16));
    const docLen = new Grow(new Uint32Array(1 << 16));
    const docOff = new Grow(new Float64Array(1 << 16));
    const docsFd = openSync(join(tmp, 'docs.bin'), 'w');
    fds.push(docsFd);
    const docsOut = new PositionalWriter(docsFd, 0);
    docOff.push(0, 0);

    // Run buffer: (term, doc, tf) in doc order; spilled sorted by term.
    // Allocated small and doubled up to runCap, so a small corpus does not pay for the full buffer.
    let rTerm = new Uint32Array(Math.min(runCap, 1 << 16));
    let rDoc = new Uint32Array(rTerm.length);
    let rTf = new Uint16Array(rTerm.length);
    let rn = 0;
    const reserve = (need: number) => {
      if (need <= rTerm.length) return;
      const cap = Math.max(need, Math.min(runCap, rTerm.length * 2));
      const t = new Uint32Array(cap);
      t.set(rTerm.subarray(0, rn));
      rTerm = t;
      const d = new Uint32Array(cap);
      d.set(rDoc.subarray(0, rn));
      rDoc = d;
      const f = new Uint16Array(cap);
      f.set(rTf.subarray(0, rn));
      rTf = f;
    };
    const runs: Run[] = [];
    let tfScratch = new Uint32Array(1 << 16);
    const touched: number[] = [];

    const spill = () => {
      if (rn === 0) return;
      const V = termStrings.length;
      const start = new Uint32Array(V + 1);
      for (let i = 0; i < rn; i++) start[rTerm[i]! + 1]! += 1;
      let nTerms = 0;
      for (let t = 0; t < V; t++) {
        if (start[t + 1]! > 0) nTerms++;
        start[t + 1]! += start[t]!;
      }
      const terms = new Uint32Array(nTerms);
      const counts = new Uint32Array(nTerms);
      for (let t = 0, j = 0; t < V; t++) {
        const c = start[t + 1]! - start[t]!;
        if (c > 0) {
          terms[j] = t;
          counts[j++] = c;
        }
      }
      // Stable counting sort: docs stay in increasing order within each term.
      const sDoc = new Uint32Array(rn);
      const sTf = new Uint16Array(rn);
      for (let i = 0; i < rn; i++) {
        const at = start[rTerm[i]!]!++;
        sDoc[at] = rDoc[i]!;
        sTf[at] = rTf[i]!;
      }
      const r = runs.length;
      const run: Run = { docsPath: join(tmp, `run-${r}.docs`), tfsPath: join(tmp, `run-${r}.tfs`), terms, counts };
      writeFileSync(run.docsPath, new Uint8Array(sDoc.buffer));
      writeFileSync(run.tfsPath, new Uint8Array(sTf.buffer));
      runs.push(run);
      rn = 0;
    };

    const hash = createHash('sha256');
    const stream = createReadStream(corpusPath, { highWaterMark: 1 << 20 });
    let bytesRead = 0;
    stream.on('data', (chunk) => {
      hash.update(chunk as Buffer);
      bytesRead += chunk.length;
    });
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let lineNo = 0;
    let n = 0;
    let sumLen = 0;
    let docCount = 0;
    // token → term id (-1: stop word), so each distinct token is analysed and hashed into the
    // vocabulary once; per-token work is then one probe of a table keyed by text ranges.
    const tokenId = new TokenTable();
    const idOfTerm = (term: string): number => {
      let id = vocab.get(term);
      if (id === undefined) {
        id = termStrings.length;
        vocab.set(term, id);
        termStrings.push(term);
        if (id >= tfScratch.length) {
          const bigger = new Uint32Array(tfScratch.length * 2);
          bigger.set(tfScratch);
          tfScratch = bigger;
        }
      }
      return id;
    };
    let len = 0;
    const onToken = (src: string, start: number, end: number, final: boolean): void => {
      let id = tokenId.get(src, start, end);
      if (id === ABSENT) {
        const tok = src.slice(start, end);
        const term = final ? tok : analyzer.termOf(tok);
        // A fresh flat copy: a slice of a long token would keep its whole passage alive in the vocabulary.
        id = term === null ? -1 : idOfTerm(Buffer.from(term, 'utf8').toString('utf8'));
        tokenId.add(id);
      }
      if (id < 0) return;
      if (tfScratch[id] === 0) touched.push(id);
      tfScratch[id]! += 1;
      len += 1;
    };
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

        const base = docOff.a[2 * n]!;
        const idLen = docsOut.writeString(doc.id);
        const cLen = docsOut.writeString(doc.contents);
        docOff.push(2 * n + 1, base + idLen);
        docOff.push(2 * n + 2, base + idLen + cLen);

        len = 0;
        analyzer.spans(doc.contents, onToken);
        if (rn + touched.length > runCap) spill();
        reserve(rn + touched.length);
        for (const id of touched) {
          rTerm[rn] = id;
          rDoc[rn] = n;
          // Uint16 term frequencies: a tf above 65,535 in one passage counts as 65,535.
          rTf[rn++] = Math.min(tfScratch[id]!, 65_535);
          df.push(id, (id < df.a.length ? df.a[id]! : 0) + 1);
          tfScratch[id] = 0;
        }
        touched.length = 0;
        docLen.push(n, len);
        sumLen += len;
        if (len > 0) docCount += 1;
        n += 1;
        if (n % PROGRESS_EVERY === 0) opts.onProgress?.(n, bytesRead);
      }
    } finally {
      lines.close();
      stream.destroy();
    }
    if (n === 0) throw new Error(`corpus has no passages: ${corpusPath}`);
    const sha256 = hash.digest('hex');
    if (opts.expectedSha256 && opts.expectedSha256 !== sha256) {
      throw new Error(`corpus changed while it was being indexed: ${corpusPath}`);
    }
    opts.onProgress?.(n, bytesRead);
    spill();
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
      runs,
    });
    for (const r of runs) {
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
