// The index build's run buffer (bm25-build.ts): (term, doc, tf) postings appended in doc order,
// sorted by term and spilled to a run file whenever the buffer fills. Pass 2 (bm25-merge.ts) reads
// the runs back term by term.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChunkResult } from './bm25-chunk.js';
import type { Run } from './bm25-merge.js';

/** Bits of the term id sorted per radix pass: 2^RADIX_BITS counters stay in the L1 cache. */
const RADIX_BITS = 11;

export class RunBuffer {
  private term: Uint32Array;
  private doc: Uint32Array;
  private tf: Uint16Array;
  private n = 0;
  /** The radix sort's other half, allocated at the first spill. */
  private scratch: Postings | null = null;
  readonly runs: Run[] = [];

  /** `cap`: postings held before a spill. The buffer starts small and doubles up to it. */
  constructor(
    private readonly dir: string,
    private readonly cap: number,
  ) {
    const start = Math.min(cap, 1 << 16);
    this.term = new Uint32Array(start);
    this.doc = new Uint32Array(start);
    this.tf = new Uint16Array(start);
  }

  /**
   * Append a chunk's postings: its passages are docs firstDoc, firstDoc + 1, …, its term ids map
   * through `map` to global ids < `terms`, whose document frequencies `df` counts.
   */
  addChunk(r: ChunkResult, map: Uint32Array, firstDoc: number, df: Uint32Array, terms: number): void {
    const rTerms = r.terms;
    const rTfs = r.tfs;
    const postCount = r.postCount;
    let p = 0;
    for (let d = 0; d < r.docs; d++) {
      const k = postCount[d]!;
      if (this.n + k > this.cap) this.spill(terms);
      this.reserve(this.n + k);
      const term = this.term;
      const doc = this.doc;
      const tf = this.tf;
      const docId = firstDoc + d;
      let q = this.n;
      for (const e = p + k; p < e; p++, q++) {
        const t = map[rTerms[p]!]!;
        term[q] = t;
        doc[q] = docId;
        tf[q] = rTfs[p]!;
        df[t]! += 1;
      }
      this.n = q;
    }
  }

  /** Spill what is left and let go of the buffers (pass 2 needs the memory); returns the runs. */
  finish(terms: number): Run[] {
    this.spill(terms);
    this.term = new Uint32Array(0);
    this.doc = new Uint32Array(0);
    this.tf = new Uint16Array(0);
    this.scratch = null;
    return this.runs;
  }

  private reserve(need: number): void {
    if (need <= this.term.length) return;
    const cap = Math.max(need, Math.min(this.cap, this.term.length * 2));
    const t = new Uint32Array(cap);
    t.set(this.term.subarray(0, this.n));
    this.term = t;
    const d = new Uint32Array(cap);
    d.set(this.doc.subarray(0, this.n));
    this.doc = d;
    const f = new Uint16Array(cap);
    f.set(this.tf.subarray(0, this.n));
    this.tf = f;
  }

  /**
   * Sort the buffer by term and write it as a run. LSD radix sort on the term id, at most
   * RADIX_BITS bits a pass, between the buffer and a scratch copy: stable, so docs stay in increasing
   * order within a term, and each pass streams through memory where a one-pass counting sort over
   * hundreds of thousands of terms scatters at random. `terms`: the number of term ids in use.
   */
  spill(terms: number): void {
    const n = this.n;
    if (n === 0) return;
    let bits = 1;
    while (bits < 32 && terms > 2 ** bits) bits++;
    const passes = Math.ceil(bits / RADIX_BITS);
    const per = Math.ceil(bits / passes);
    const mask = 2 ** per - 1;
    if (!this.scratch || this.scratch.term.length < n) {
      this.scratch = { term: new Uint32Array(this.term.length), doc: new Uint32Array(this.term.length), tf: new Uint16Array(this.term.length) };
    }
    let src: Postings = { term: this.term, doc: this.doc, tf: this.tf };
    let dst: Postings = this.scratch;
    const count = new Uint32Array(mask + 1);
    for (let pass = 0, shift = 0; pass < passes; pass++, shift += per) {
      const { term: sT, doc: sD, tf: sF } = src;
      const { term: dT, doc: dD, tf: dF } = dst;
      count.fill(0);
      for (let i = 0; i < n; i++) count[(sT[i]! >>> shift) & mask]! += 1;
      for (let b = 0, sum = 0; b <= mask; b++) {
        const c = count[b]!;
        count[b] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const t = sT[i]!;
        const at = count[(t >>> shift) & mask]!++;
        dT[at] = t;
        dD[at] = sD[i]!;
        dF[at] = sF[i]!;
      }
      [src, dst] = [dst, src];
    }
    const sT = src.term;
    // Distinct terms and their posting counts, from the sorted term ids.
    let distinct = 0;
    for (let i = 0; i < n; i++) if (i === 0 || sT[i] !== sT[i - 1]) distinct++;
    const runTerms = new Uint32Array(distinct);
    const counts = new Uint32Array(distinct);
    for (let i = 0, j = -1; i < n; i++) {
      if (i === 0 || sT[i] !== sT[i - 1]) runTerms[++j] = sT[i]!;
      counts[j]! += 1;
    }
    const r = this.runs.length;
    const run: Run = { docsPath: join(this.dir, `run-${r}.docs`), tfsPath: join(this.dir, `run-${r}.tfs`), terms: runTerms, counts };
    writeFileSync(run.docsPath, new Uint8Array(src.doc.buffer, 0, n * 4));
    writeFileSync(run.tfsPath, new Uint8Array(src.tf.buffer, 0, n * 2));
    this.runs.push(run);
    this.n = 0;
  }
}

interface Postings {
  term: Uint32Array;
  doc: Uint32Array;
  tf: Uint16Array;
}
