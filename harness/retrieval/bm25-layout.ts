// On-disk layout of an embedded BM25 index (a folder):
//   meta.json     what was indexed and how (corpus sha256, analyzer, k1/b, statistics, section table)
//   postings.bin  every numeric array, 8-byte aligned sections, read whole into one SharedArrayBuffer
//                 that all search workers view (nothing is copied per worker)
//   docs.bin      id and contents of each passage, UTF-8, read with positional reads for the top hits
// Postings are doc-ordered per term (term ids in first-seen order), cut into blocks of BLOCK
// postings with each block's last doc and best score, for block-max MaxScore (bm25-search.ts).
// The dictionary is the terms sorted as JS strings, each pointing at its term id.

/** Bump when the layout, the analyzers or the scoring change; part of the cache key. */
export const BM25_FORMAT_VERSION = 1;
export const BLOCK = 128;

export const SECTIONS = {
  norms: Uint8Array,
  postStart: Uint32Array,
  blockStart: Uint32Array,
  termMax: Float32Array,
  blockLast: Uint32Array,
  blockMax: Float32Array,
  docs: Uint32Array,
  tfs: Uint16Array,
  dictOff: Uint32Array,
  dictTerm: Uint32Array,
  dictBytes: Uint8Array,
  docOff: Float64Array,
} as const;

export type SectionName = keyof typeof SECTIONS;
export type SectionTable = Record<SectionName, { offset: number; length: number }>;

export interface Bm25Meta {
  format_version: number;
  corpus_path: string;
  corpus_sha256: string;
  corpus_bytes: number;
  analyzer: string;
  k1: number;
  b: number;
  /** Passages stored (every corpus line). */
  passages: number;
  /** Lucene's docCount: passages with at least one indexed term. */
  doc_count: number;
  sum_total_term_freq: number;
  avgdl: number;
  terms: number;
  postings: number;
  blocks: number;
  built_at: string;
  sections: SectionTable;
}

/** Element counts → byte offsets, 8-byte aligned, in SECTIONS order. */
export function layoutSections(lengths: Record<SectionName, number>): { table: SectionTable; bytes: number } {
  let at = 0;
  const table = {} as SectionTable;
  for (const name of Object.keys(SECTIONS) as SectionName[]) {
    table[name] = { offset: at, length: lengths[name] };
    at += lengths[name] * SECTIONS[name].BYTES_PER_ELEMENT;
    at = Math.ceil(at / 8) * 8;
  }
  return { table, bytes: at };
}

export interface Bm25Arrays {
  norms: Uint8Array;
  postStart: Uint32Array;
  blockStart: Uint32Array;
  termMax: Float32Array;
  blockLast: Uint32Array;
  blockMax: Float32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
  dictOff: Uint32Array;
  dictTerm: Uint32Array;
  dictBytes: Uint8Array;
  docOff: Float64Array;
}

/** Typed-array views over the loaded postings.bin (a SharedArrayBuffer or a plain ArrayBuffer). */
export function viewSections(buf: ArrayBufferLike, table: SectionTable): Bm25Arrays {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(SECTIONS) as SectionName[]) {
    const { offset, length } = table[name];
    // Every section constructor accepts a shared or a plain buffer; TS's union of their overloads does not.
    out[name] = new SECTIONS[name](buf as ArrayBuffer, offset, length);
  }
  return out as unknown as Bm25Arrays;
}
