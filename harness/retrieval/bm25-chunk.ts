// The text-processing half of the index build (bm25-build.ts): one chunk of whole corpus lines in,
// per passage its docs.bin bytes, length and (term, tf) postings out. It runs on build worker threads
// (bm25-build-worker.ts) or on the calling thread; the result does not depend on which.
//
// Term ids here are local to one analyser, numbered in the order it first met each term; with each
// chunk it reports the terms it met for the first time there, in order. The builder, taking chunks in
// corpus order, maps them to global ids numbered in corpus first-seen order, so the index is the same
// byte for byte whatever the number of workers (see bm25-build.ts for why the order carries over).
import { isAscii } from 'node:buffer';
import { createAnalyzer, termOfWord, type Analyzer, type AnalyzerName } from './analyzer.js';
import { corpusRecord } from './format.js';
import { ABSENT, TokenTable } from './token-table.js';

export interface ChunkJob {
  seq: number;
  /** Whole corpus lines, UTF-8 (the last may lack its "\n" at the end of the file). */
  bytes: Uint8Array;
  /** 1-based corpus line number of the first line. */
  firstLine: number;
}

export interface ChunkResult {
  seq: number;
  /** Passages in the chunk (blank lines are not passages). */
  docs: number;
  /** docs.bin bytes of the chunk: each passage's id then contents, UTF-8, back to back. */
  text: Uint8Array;
  /** Byte lengths of each passage's id and contents (2 per passage). */
  textLens: Uint32Array;
  /** Indexed terms of each passage (its BM25 length). */
  docLen: Uint32Array;
  /** Distinct terms of each passage: that many postings of it follow in terms/tfs. */
  postCount: Uint32Array;
  /** Local term ids, per passage in first-occurrence order. */
  terms: Uint32Array;
  /** Term frequencies (a tf above 65,535 in one passage counts as 65,535). */
  tfs: Uint16Array;
  /** Terms this analyser met for the first time in this chunk: local ids firstNew, firstNew + 1, … */
  newTerms: string[];
  firstNew: number;
  /** The first bad line: the build fails on it (its line number is a corpus line number). */
  error?: { line: number; message: string };
}

const isWord = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigit = (c: number) => c >= 48 && c <= 57;
const NON_ASCII = /[^\x00-\x7f]/;

class Grow32 {
  a: Uint32Array;
  n = 0;
  constructor(cap: number) {
    this.a = new Uint32Array(cap);
  }
  ensure(extra: number): void {
    if (this.n + extra <= this.a.length) return;
    const b = new Uint32Array(Math.max(this.n + extra, this.a.length * 2));
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
  push(v: number): void {
    if (this.n === this.a.length) this.ensure(1);
    this.a[this.n++] = v;
  }
}

export class ChunkAnalyser {
  private readonly name: AnalyzerName;
  private readonly analyzer: Analyzer;
  private readonly table = new TokenTable();
  private readonly vocab = new Map<string, number>();
  /** Terms first met in the chunk being analysed. */
  private fresh: string[] = [];
  /** ASCII passages take the fused scan-and-hash loop (not for trigrams, whose tokens are windows). */
  private readonly fused: boolean;
  // Per-passage term counting: tf by term id, and the ids touched, in first-occurrence order.
  private tf = new Uint32Array(1 << 16);
  private touched = new Uint32Array(1 << 12);
  private nTouched = 0;
  private len = 0;
  private readonly onSpan: (src: string, start: number, end: number, final: boolean) => void;

  constructor(analyzer: AnalyzerName) {
    this.name = analyzer;
    this.analyzer = createAnalyzer(analyzer);
    this.fused = analyzer !== 'trigram';
    this.onSpan = (src, start, end, final) => {
      let id = this.table.get(src, start, end);
      if (id === ABSENT) id = this.miss(src.slice(start, end), final);
      if (id >= 0) this.count(id);
    };
  }

  /** Terms met so far (the next local id). */
  get terms(): number {
    return this.vocab.size;
  }

  analyse(job: ChunkJob): ChunkResult {
    const firstNew = this.vocab.size;
    this.fresh = [];
    const raw = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    // ASCII bytes decode as latin1 (the same string, ten times faster than UTF-8); with no \u
    // escape either, every string parsed from them is ASCII, and needs no per-passage check.
    // Lines are decoded one at a time: short strings die young, where a chunk-sized string would
    // go to the old generation and keep the major collector busy.
    const asciiBytes = isAscii(raw);
    const encoding = asciiBytes ? 'latin1' : 'utf8';
    const asciiText = asciiBytes && raw.indexOf('\\u') < 0;
    // allocUnsafeSlow: a buffer of its own, never a slice of Node's shared pool (it is transferred).
    let text = Buffer.allocUnsafeSlow(Math.max(1024, raw.length + (raw.length >> 3)));
    let textUsed = 0;
    const textLens = new Grow32(1024);
    const docLen = new Grow32(512);
    const postCount = new Grow32(512);
    const terms = new Grow32(1 << 15);
    let tfs = new Uint16Array(terms.a.length);
    let docs = 0;
    let error: ChunkResult['error'];
    let line = job.firstLine - 1;
    let pos = 0;
    while (pos < raw.length) {
      let end = raw.indexOf(10, pos);
      if (end < 0) end = raw.length;
      const next = end + 1;
      // "\r\n" ends a line too (as readline with crlfDelay: Infinity); a lone "\r" does not (JSON Lines).
      if (end > pos && raw[end - 1] === 13) end -= 1;
      line += 1;
      let text1 = raw.toString(encoding, pos, end);
      pos = next;
      if (line === 1 && text1.charCodeAt(0) === 0xfeff) text1 = text1.slice(1);
      if (text1.charCodeAt(0) !== 123 /* { */ && text1.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text1);
      } catch (e) {
        error = { line, message: `invalid JSON (${(e as Error).message})` };
        break;
      }
      const rec = corpusRecord(value, String(line - 1));
      if ('error' in rec) {
        error = { line, message: rec.error };
        break;
      }
      const need = textUsed + 3 * (rec.id.length + rec.contents.length);
      if (need > text.length) {
        const bigger = Buffer.allocUnsafeSlow(Math.max(need, text.length * 2));
        text.copy(bigger, 0, 0, textUsed);
        text = bigger;
      }
      const ascii = asciiText || !NON_ASCII.test(rec.contents);
      const idBytes = text.write(rec.id, textUsed, 'utf8');
      textUsed += idBytes;
      const cBytes = text.write(rec.contents, textUsed, ascii ? 'latin1' : 'utf8');
      textUsed += cBytes;
      textLens.push(idBytes);
      textLens.push(cBytes);

      this.len = 0;
      this.nTouched = 0;
      if (this.fused && ascii) this.asciiPassage(rec.contents);
      else this.analyzer.spans(rec.contents, this.onSpan);
      const k = this.nTouched;
      terms.ensure(k);
      if (tfs.length < terms.a.length) {
        const t = new Uint16Array(terms.a.length);
        t.set(tfs.subarray(0, terms.n));
        tfs = t;
      }
      const ta = terms.a;
      const tf = this.tf;
      const touched = this.touched;
      let p = terms.n;
      for (let i = 0; i < k; i++) {
        const id = touched[i]!;
        ta[p] = id;
        const f = tf[id]!;
        tfs[p++] = f > 65_535 ? 65_535 : f;
        tf[id] = 0;
      }
      terms.n = p;
      postCount.push(k);
      docLen.push(this.len);
      docs += 1;
    }
    return {
      seq: job.seq,
      docs,
      text: new Uint8Array(text.buffer, text.byteOffset, textUsed),
      textLens: textLens.a.subarray(0, textLens.n),
      docLen: docLen.a.subarray(0, docLen.n),
      postCount: postCount.a.subarray(0, postCount.n),
      terms: terms.a.subarray(0, terms.n),
      tfs: tfs.subarray(0, terms.n),
      newTerms: this.fresh,
      firstNew,
      ...(error ? { error } : {}),
    };
  }

  private count(id: number): void {
    if (this.tf[id] === 0) {
      if (this.nTouched === this.touched.length) {
        const t = new Uint32Array(this.touched.length * 2);
        t.set(this.touched);
        this.touched = t;
      }
      this.touched[this.nTouched++] = id;
    }
    this.tf[id]! += 1;
    this.len += 1;
  }

  /** First sight of a token: its term's id (-1 for a stop word), remembered in the token table. */
  private miss(tok: string, final: boolean): number {
    // Uncached: the token table remembers the answer for this token.
    const term = final ? tok : termOfWord(tok, this.name);
    let id = -1;
    if (term !== null) {
      const known = this.vocab.get(term);
      if (known !== undefined) id = known;
      else {
        id = this.vocab.size;
        // A flat copy: V8 may make a long substring a view of its whole passage, which the
        // vocabulary would then keep alive (shorter substrings are always copies).
        const flat = term.length >= 13 ? Buffer.from(term, 'utf8').toString('utf8') : term;
        this.vocab.set(flat, id);
        this.fresh.push(flat);
        if (id >= this.tf.length) {
          const t = new Uint32Array(this.tf.length * 2);
          t.set(this.tf);
          this.tf = t;
        }
      }
    }
    this.table.add(id);
    return id;
  }

  /**
   * The analyzer's ASCII tokenizer (analyzer.ts asciiSpans) fused with the token table's hashing, so
   * each character is read once. Tokens are hashed lowercased: every analyzer but trigram maps a
   * token and its lowercase to the same term, and fewer distinct keys keep the table small.
   */
  private asciiPassage(s: string): void {
    const n = s.length;
    const table = this.table;
    // Locals, not fields, in the hot loop; `touched` is sized for the most tokens `s` can hold.
    if (this.touched.length <= n >> 1) this.touched = new Uint32Array((n >> 1) + 1);
    const touched = this.touched;
    let tf = this.tf;
    let nTouched = this.nTouched;
    let len = this.len;
    let i = 0;
    scan: while (i < n) {
      let c = s.charCodeAt(i);
      while (!isWord(c)) {
        if (++i >= n) break scan;
        c = s.charCodeAt(i);
      }
      const start = i;
      let h1 = TokenTable.SEED1;
      let h2 = TokenTable.SEED2;
      for (;;) {
        for (;;) {
          const f = c >= 65 && c <= 90 ? c + 32 : c;
          h1 = Math.imul(h1 ^ f, 0x01000193);
          h2 = Math.imul(h2 ^ f, 0x5bd1e995);
          h2 ^= h2 >>> 15;
          if (++i >= n) break;
          c = s.charCodeAt(i);
          if (!isWord(c)) break;
        }
        if (i + 1 >= n) break;
        // ' . : between letters; , . ; ' between digits (UAX#29 WB6/7, WB11/12), as asciiSpans.
        const prev = s.charCodeAt(i - 1);
        const next = s.charCodeAt(i + 1);
        if (((c === 39 || c === 46 || c === 58) && isLetter(prev) && isLetter(next)) || ((c === 44 || c === 46 || c === 59 || c === 39) && isDigit(prev) && isDigit(next))) {
          h1 = Math.imul(h1 ^ c, 0x01000193);
          h2 = Math.imul(h2 ^ c, 0x5bd1e995);
          h2 ^= h2 >>> 15;
          c = next;
          i += 1;
          continue;
        }
        break;
      }
      let id = table.find(h1, h2);
      if (id === ABSENT) {
        id = this.miss(s.slice(start, i), false);
        tf = this.tf;
      }
      if (id >= 0) {
        if (tf[id] === 0) touched[nTouched++] = id;
        tf[id]! += 1;
        len += 1;
      }
    }
    this.nTouched = nTouched;
    this.len = len;
  }
}
