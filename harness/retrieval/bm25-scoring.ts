// BM25 exactly as Lucene's BM25Similarity scores it (Lucene ≥ 8, which Pyserini/Anserini run):
//   score = boost·idf · tf / (tf + k1·(1 − b + b·dl/avgdl)),  idf = ln(1 + (N − df + 0.5)/(df + 0.5))
// (no (k1 + 1) factor since Lucene 8), with three Lucene details kept on purpose so that rankings
// and scores match Pyserini's to float precision:
// - dl is the document length quantised to one byte (SmallFloat.intToByte4, exact below 24 tokens,
//   4 significant bits above) and decoded through a 256-entry table;
// - float32 arithmetic: idf, avgdl, the per-norm cache 1/(k1·(1 − b + b·dl/avgdl)) and
//   `weight − weight/(1 + tf·cache[norm])` are Java floats; per-term scores are summed in double
//   and the sum rounded to float (what the collector sees), ties going to the lower doc number;
// - N (docCount) counts documents with at least one indexed term, avgdl = sumTotalTermFreq / N.
// Source: apache/lucene lucene/core/src/java/org/apache/lucene/search/similarities/BM25Similarity.java
// (idf, avgFieldLength, scorer's cache loop, BM25Scorer.doScore) and lucene/core/.../util/SmallFloat.java
// (intToByte4, byte4ToInt, longToInt4, int4ToLong).
const f = Math.fround;

/** FlashRAG's and Search-R1's BM25 settings (Pyserini `searcher.set_bm25(0.9, 0.4)` defaults). */
export const DEFAULT_K1 = 0.9;
export const DEFAULT_B = 0.4;

function longToInt4(i: number): number {
  const numBits = i === 0 ? 0 : Math.floor(Math.log2(i)) + 1;
  if (numBits < 4) return i;
  const shift = numBits - 4;
  // Keep the 4 most significant bits; the top one is implicit.
  let encoded = Math.floor(i / 2 ** shift) & 0x07;
  encoded |= (shift + 1) << 3;
  return encoded;
}

function int4ToLong(i: number): number {
  const bits = i & 0x07;
  const shift = (i >>> 3) - 1;
  return shift === -1 ? bits : (bits | 0x08) * 2 ** shift;
}

const MAX_INT4 = longToInt4(2 ** 31 - 1);
const NUM_FREE_VALUES = 255 - MAX_INT4;

/** Lucene's SmallFloat.intToByte4 (unsigned byte 0–255). */
export function intToByte4(i: number): number {
  if (!(i >= 0)) throw new Error(`document length must be ≥ 0, got ${i}`);
  const n = Math.min(i, 2 ** 31 - 1);
  return n < NUM_FREE_VALUES ? n : NUM_FREE_VALUES + longToInt4(n - NUM_FREE_VALUES);
}

/** Lucene's SmallFloat.byte4ToInt. */
export function byte4ToInt(b: number): number {
  return b < NUM_FREE_VALUES ? b : NUM_FREE_VALUES + int4ToLong(b - NUM_FREE_VALUES);
}

/** Lucene's float idf. */
export function idf(df: number, docCount: number): number {
  return f(Math.log(1 + (docCount - df + 0.5) / (df + 0.5)));
}

/** The 256-entry cache of 1/(k1·((1 − b) + b·dl/avgdl)) per norm byte, in float32. */
export function normCache(k1: number, b: number, avgdl: number): Float32Array {
  const fk1 = f(k1);
  const fb = f(b);
  const favg = f(avgdl);
  const cache = new Float32Array(256);
  for (let i = 0; i < 256; i++) cache[i] = f(1 / f(fk1 * f(f(1 - fb) + f(f(fb * byte4ToInt(i)) / favg))));
  return cache;
}

/** One term's score in one document: `weight − weight / (1 + tf · normInverse)` in float32. */
export function termScore(weight: number, tf: number, normInverse: number): number {
  return f(weight - f(weight / f(1 + f(tf * normInverse))));
}
