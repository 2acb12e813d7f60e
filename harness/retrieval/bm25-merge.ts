// Pass 2 of the index build (bm25-build.ts): merge the spilled runs term by term into postings.bin
// (runs follow corpus order, so a term's postings are the concatenation of its run segments), with
// per-block maximum scores, norms, the sorted dictionary and the passage offsets.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { ChunkReader, PositionalWriter } from './bm25-io.js';
import { BLOCK, layoutSections, type Bm25Meta } from './bm25-layout.js';
import { idf, intToByte4, normCache, termScore } from './bm25-scoring.js';

/** One spilled run: its postings sorted by term id (docs and tfs files), and which terms it holds. */
export interface Run {
  docsPath: string;
  tfsPath: string;
  terms: Uint32Array;
  counts: Uint32Array;
}

export interface MergeInput {
  n: number;
  docCount: number;
  sumLen: number;
  k1: number;
  b: number;
  termStrings: string[];
  df: Uint32Array;
  docLen: Uint32Array;
  docOff: Float64Array;
  runs: Run[];
}

export type PostingsMeta = Omit<Bm25Meta, 'format_version' | 'corpus_path' | 'corpus_sha256' | 'corpus_bytes' | 'analyzer' | 'built_at'>;

/** Pass 2: merge the runs into postings.bin with block maxima, norms, dictionary and doc offsets. */
export function writePostings(dir: string, m: MergeInput): PostingsMeta {
  const V = m.termStrings.length;
  let P = 0;
  let B = 0;
  for (let t = 0; t < V; t++) {
    P += m.df[t]!;
    B += Math.ceil(m.df[t]! / BLOCK);
  }
  // Lucene: avgdl = sumTotalTermFreq / docCount, as a float.
  const avgdl = m.docCount > 0 ? Math.fround(m.sumLen / m.docCount) : 1;
  const norms = new Uint8Array(m.n);
  for (let d = 0; d < m.n; d++) norms[d] = intToByte4(m.docLen[d]!);
  const cache = normCache(m.k1, m.b, avgdl);

  // Dictionary: terms sorted as JS strings, each pointing at its term id.
  const order = Array.from({ length: V }, (_, i) => i).sort((x, y) => {
    const a = m.termStrings[x]!;
    const c = m.termStrings[y]!;
    return a < c ? -1 : a > c ? 1 : 0;
  });
  const encoded = order.map((t) => Buffer.from(m.termStrings[t]!, 'utf8'));
  const dictBytesLen = encoded.reduce((s, e) => s + e.byteLength, 0);

  const { table, bytes } = layoutSections({
    norms: m.n,
    postStart: V + 1,
    blockStart: V + 1,
    termMax: V,
    blockLast: B,
    blockMax: B,
    docs: P,
    tfs: P,
    dictOff: V + 1,
    dictTerm: V,
    dictBytes: dictBytesLen,
    docOff: 2 * m.n + 1,
  });
  const fd = openSync(join(dir, 'postings.bin'), 'w');
  try {
    const docsW = new PositionalWriter(fd, table.docs.offset);
    const tfsW = new PositionalWriter(fd, table.tfs.offset);
    const postStart = new Uint32Array(V + 1);
    const blockStart = new Uint32Array(V + 1);
    const termMax = new Float32Array(V);
    const blockLast = new Uint32Array(B);
    const blockMax = new Float32Array(B);
    const readers = m.runs.map((r) => ({ docs: new ChunkReader(r.docsPath), tfs: new ChunkReader(r.tfsPath), r, at: 0 }));
    let tDoc = new Uint32Array(1024);
    let tTf = new Uint16Array(1024);
    let p = 0;
    let bi = 0;
    for (let t = 0; t < V; t++) {
      postStart[t] = p;
      blockStart[t] = bi;
      const dft = m.df[t]!;
      if (tDoc.length < dft) {
        tDoc = new Uint32Array(dft * 2);
        tTf = new Uint16Array(dft * 2);
      }
      let fill = 0;
      for (const rd of readers) {
        if (rd.at < rd.r.terms.length && rd.r.terms[rd.at] === t) {
          const c = rd.r.counts[rd.at++]!;
          rd.docs.read(new Uint8Array(tDoc.buffer), fill * 4, c * 4);
          rd.tfs.read(new Uint8Array(tTf.buffer), fill * 2, c * 2);
          fill += c;
        }
      }
      if (fill !== dft) throw new Error(`internal: term ${t} has ${fill} postings, expected ${dft}`);
      const w = idf(dft, m.docCount);
      let tmax = 0;
      for (let s = 0; s < dft; s += BLOCK) {
        const e = Math.min(dft, s + BLOCK);
        // termScore is non-decreasing in f(tf · normInverse) (every float step is monotone), so the
        // block's best score is the score of its largest product: one multiply a posting.
        let xmax = 0;
        for (let i = s; i < e; i++) {
          const x = Math.fround(tTf[i]! * cache[norms[tDoc[i]!]!]!);
          if (x > xmax) xmax = x;
        }
        const bmax = termScore(w, 1, xmax);
        blockLast[bi] = tDoc[e - 1]!;
        blockMax[bi++] = bmax;
        if (bmax > tmax) tmax = bmax;
      }
      termMax[t] = tmax;
      docsW.writeArray(tDoc, dft);
      tfsW.writeArray(tTf, dft);
      p += dft;
    }
    postStart[V] = p;
    blockStart[V] = bi;
    for (const rd of readers) {
      rd.docs.close();
      rd.tfs.close();
    }
    docsW.flush();
    tfsW.flush();

    const dictOff = new Uint32Array(V + 1);
    const dictTerm = new Uint32Array(V);
    const dictW = new PositionalWriter(fd, table.dictBytes.offset);
    let off = 0;
    encoded.forEach((e, i) => {
      dictOff[i] = off;
      dictTerm[i] = order[i]!;
      dictW.write(e);
      off += e.byteLength;
    });
    dictOff[V] = off;
    dictW.flush();
    const put = (name: keyof typeof table, a: ArrayBufferView) => PositionalWriter.put(fd, table[name].offset, a);
    put('norms', norms);
    put('postStart', postStart);
    put('blockStart', blockStart);
    put('termMax', termMax);
    put('blockLast', blockLast);
    put('blockMax', blockMax);
    put('dictOff', dictOff);
    put('dictTerm', dictTerm);
    put('docOff', m.docOff);
    // docOff is the last section and Float64-sized, so the file already ends at `bytes`.
    if (fstatSync(fd).size !== bytes) throw new Error(`internal: postings.bin is ${fstatSync(fd).size} bytes, expected ${bytes}`);
  } finally {
    closeSync(fd);
  }
  return {
    k1: m.k1,
    b: m.b,
    passages: m.n,
    doc_count: m.docCount,
    sum_total_term_freq: m.sumLen,
    avgdl,
    terms: V,
    postings: P,
    blocks: B,
    sections: table,
  };
}
