// Top-k BM25 over the loaded index (bm25-layout.ts), with dynamic pruning so that a query made of
// common words does not score every document: document-at-a-time MaxScore (Turtle & Flood 1995)
// with block-max bounds (Ding & Suel 2011), the way Lucene ≥ 9's MaxScoreBulkScorer prunes.
// - Terms are sorted by their maximum score; the longest prefix whose summed maxima cannot beat the
//   current k-th score θ is "non-essential": its lists are only probed for candidates found in the
//   essential ones, and a probe stops as soon as the remaining maxima cannot lift the doc over θ.
// - Essential lists advance in windows ending at the nearest block boundary; a window whose summed
//   block maxima (plus the non-essential maxima) cannot beat θ is skipped without decoding a doc.
// A doc enters the top k only with a score strictly above θ, and docs come in increasing order, so
// ties keep the lower doc number, as Lucene's TopScoreDocCollector does. Pruning never changes the
// result: every skipped doc is provably not in the top k (bounds carry a 1e-6 relative margin over
// float rounding).
import { readSync } from 'node:fs';
import { queryTerms, type Analyzer } from './analyzer.js';
import { BLOCK, type Bm25Arrays } from './bm25-layout.js';
import { idf, normCache } from './bm25-scoring.js';

export interface Hit {
  doc: number;
  score: number;
}

export interface SearchStats {
  docCount: number;
  k1: number;
  b: number;
  avgdl: number;
}

const f = Math.fround;
const MARGIN = 1 + 1e-6;

interface Cursor {
  pos: number;
  end: number;
  /** Block of `pos` (absolute index into blockLast/blockMax) and one past the term's last block. */
  blk: number;
  blkBase: number;
  blkEnd: number;
  postBase: number;
  weight: number;
  /** Factor from stored (boost 1) maxima to this query term's bound. */
  scale: number;
  ub: number;
}

export class Bm25Searcher {
  private readonly cache: Float32Array;
  private readonly dict: Buffer;
  private readonly lookups = new Map<string, number>();

  constructor(
    private readonly a: Bm25Arrays,
    private readonly stats: SearchStats,
    private readonly analyzer: Analyzer,
  ) {
    this.cache = normCache(stats.k1, stats.b, stats.avgdl);
    this.dict = Buffer.from(a.dictBytes.buffer, a.dictBytes.byteOffset, a.dictBytes.byteLength);
  }

  /** Term id of an analysed term, or -1. */
  lookup(term: string): number {
    const hit = this.lookups.get(term);
    if (hit !== undefined) return hit;
    const { dictOff, dictTerm } = this.a;
    let lo = 0;
    let hi = dictTerm.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.dict.toString('utf8', dictOff[mid]!, dictOff[mid + 1]!);
      if (s === term) {
        found = dictTerm[mid]!;
        break;
      }
      if (s < term) lo = mid + 1;
      else hi = mid - 1;
    }
    if (this.lookups.size > 200_000) this.lookups.clear();
    this.lookups.set(term, found);
    return found;
  }

  /** The k best documents for a free-text query, best first (ties: lower doc first). */
  topDocs(query: string, k: number): Hit[] {
    k = Math.floor(k);
    if (!(k > 0)) return [];
    const { postStart, blockStart, termMax } = this.a;
    const cursors: Cursor[] = [];
    for (const [term, count] of queryTerms(this.analyzer, query)) {
      const t = this.lookup(term);
      if (t < 0) continue;
      const df = postStart[t + 1]! - postStart[t]!;
      if (df === 0) continue;
      // Lucene: weight = boost · idf in float; the boost is the term's count in the query.
      const weight = f(count * idf(df, this.stats.docCount));
      const scale = count * MARGIN;
      cursors.push({
        pos: postStart[t]!,
        end: postStart[t + 1]!,
        postBase: postStart[t]!,
        blk: blockStart[t]!,
        blkBase: blockStart[t]!,
        blkEnd: blockStart[t + 1]!,
        weight,
        scale,
        ub: termMax[t]! * scale,
      });
    }
    if (cursors.length === 0) return [];
    cursors.sort((x, y) => x.ub - y.ub);
    return this.maxScore(cursors, k);
  }

  private maxScore(c: Cursor[], k: number): Hit[] {
    const { docs, tfs, norms, blockLast, blockMax } = this.a;
    const cache = this.cache;
    const nt = c.length;
    const prefix = new Float64Array(nt);
    for (let i = 0, s = 0; i < nt; i++) prefix[i] = s += c[i]!.ub;
    // Top k kept sorted worst-first: lower score, or equal score and higher doc.
    const hs: number[] = [];
    const hd: number[] = [];
    let theta = -Infinity;
    let fe = 0;
    const INF = 0xffffffff + 1;

    const insert = (score: number, doc: number) => {
      if (hs.length === k) {
        hs.shift();
        hd.shift();
      }
      let i = hs.length;
      while (i > 0 && (hs[i - 1]! > score || (hs[i - 1] === score && hd[i - 1]! < doc))) i--;
      hs.splice(i, 0, score);
      hd.splice(i, 0, doc);
      if (hs.length === k) {
        theta = hs[0]!;
        while (fe < nt && prefix[fe]! <= theta) fe++;
      }
    };

    /** Move cursor x to its first posting ≥ target (blocks first, then a binary search in the block). */
    const advance = (x: Cursor, target: number) => {
      if (x.pos >= x.end || docs[x.pos]! >= target) return;
      let b = x.blk;
      if (blockLast[b]! < target) {
        let step = 1;
        while (b + step < x.blkEnd && blockLast[b + step]! < target) {
          b += step;
          step *= 2;
        }
        let hi = Math.min(b + step, x.blkEnd);
        let lo = b + 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (blockLast[mid]! < target) lo = mid + 1;
          else hi = mid;
        }
        b = lo;
        if (b >= x.blkEnd) {
          x.pos = x.end;
          x.blk = x.blkEnd;
          return;
        }
        x.blk = b;
        x.pos = Math.max(x.pos, x.postBase + (b - x.blkBase) * BLOCK);
      }
      let lo = x.pos;
      let hi = Math.min(x.end, x.postBase + (b - x.blkBase + 1) * BLOCK);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (docs[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      x.pos = lo;
    };

    const step = (x: Cursor) => {
      x.pos++;
      if (x.pos < x.end && (x.pos - x.postBase) % BLOCK === 0) x.blk++;
    };

    while (fe < nt) {
      let d = INF;
      for (let i = fe; i < nt; i++) {
        const x = c[i]!;
        if (x.pos < x.end && docs[x.pos]! < d) d = docs[x.pos]!;
      }
      if (d === INF) break;
      // Window up to the nearest end of an essential list's current block.
      let wend = INF;
      for (let i = fe; i < nt; i++) {
        const x = c[i]!;
        if (x.pos < x.end && blockLast[x.blk]! < wend) wend = blockLast[x.blk]!;
      }
      let bound = fe > 0 ? prefix[fe - 1]! : 0;
      for (let i = fe; i < nt; i++) {
        const x = c[i]!;
        if (x.pos < x.end && docs[x.pos]! <= wend) bound += blockMax[x.blk]! * x.scale;
      }
      if (bound <= theta) {
        for (let i = fe; i < nt; i++) advance(c[i]!, wend + 1);
        continue;
      }
      const feAtStart = fe;
      while (d <= wend) {
        const ni = cache[norms[d]!]!;
        let score = 0;
        for (let i = fe; i < nt; i++) {
          const x = c[i]!;
          if (x.pos < x.end && docs[x.pos] === d) {
            const w = x.weight;
            score += f(w - f(w / f(1 + f(tfs[x.pos]! * ni))));
            step(x);
          }
        }
        let alive = true;
        for (let i = fe - 1; i >= 0; i--) {
          if (score + prefix[i]! <= theta) {
            alive = false;
            break;
          }
          const x = c[i]!;
          advance(x, d);
          if (x.pos >= x.end) continue;
          if (docs[x.pos] === d) {
            const w = x.weight;
            score += f(w - f(w / f(1 + f(tfs[x.pos]! * ni))));
          }
        }
        if (alive) {
          const fs = f(score);
          if (hs.length < k || fs > theta) insert(fs, d);
        }
        if (fe !== feAtStart) break;
        d = INF;
        for (let i = fe; i < nt; i++) {
          const x = c[i]!;
          if (x.pos < x.end && docs[x.pos]! < d) d = docs[x.pos]!;
        }
      }
    }
    const out: Hit[] = [];
    for (let i = hs.length - 1; i >= 0; i--) out.push({ doc: hd[i]!, score: hs[i]! });
    return out;
  }
}

/** Read passage `doc`'s id and contents from docs.bin (positional reads; safe in any thread). */
export function readPassage(fd: number, docOff: Float64Array, doc: number): { id: string; contents: string } {
  const s = docOff[2 * doc]!;
  const m = docOff[2 * doc + 1]!;
  const e = docOff[2 * doc + 2]!;
  const buf = Buffer.allocUnsafe(e - s);
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, s + got);
    if (n === 0) throw new Error('docs.bin ended early: the index is damaged; rebuild it');
    got += n;
  }
  return { id: buf.toString('utf8', 0, m - s), contents: buf.toString('utf8', m - s) };
}
