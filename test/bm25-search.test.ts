// Top-k agreement of the embedded BM25 engine (block-max MaxScore over the on-disk index) with a
// reference BM25 written here independently: exhaustive scoring of every passage with Lucene's
// formula in double precision, idf = ln(1 + (N − df + 0.5)/(df + 0.5)), tf-part = tf/(tf + k1(1 − b +
// b·dl/avgdl)), dl decoded from Lucene's one-byte norm. Corpora: the real passages of the fixtures
// and the bundled search-QA corpus, and a 20× enlarged variant of them (real words, reshuffled
// passages) whose long postings lists span many blocks and several spilled runs, so pruning and
// the run merge are exercised.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath } from '../benchmarks/searchqa/specs.js';
import { createAnalyzer } from '../harness/retrieval/analyzer.js';
import { buildBm25Index } from '../harness/retrieval/bm25-build.js';
import { loadBm25Index } from '../harness/retrieval/bm25-index.js';
import { openLocalSearcher, type LocalSearcher } from '../harness/retrieval/bm25-local.js';
import { normaliseDocument } from '../harness/retrieval/format.js';
import { seededRandom as seeded } from '../harness/testing/prng.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'retrieval');
const SOURCES = [
  join(FIXTURES, 'mini_corpus_from_hotpot_context.jsonl'),
  join(FIXTURES, 'hotpot_corpus_context_paragraphs.jsonl'),
  join(FIXTURES, 'musique_corpus_supporting_paragraphs.jsonl'),
  dataPath('combined-corpus.jsonl'),
];

/** Real passages as {id, contents}, ids made unique across files. */
const passages = SOURCES.flatMap((f, fi) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line, i) => {
      const d = normaliseDocument(JSON.parse(line), String(i));
      if ('error' in d) throw new Error(d.error);
      return { id: `${fi}:${d.id}`, contents: d.contents };
    }),
);


/** 20 variants of each real passage: its title, then a random-length random sample of its words. */
function enlarged(): Array<{ id: string; contents: string }> {
  const rand = seeded(7);
  const out: Array<{ id: string; contents: string }> = [];
  for (let v = 0; v < 20; v++) {
    for (const p of passages) {
      const [title, ...rest] = p.contents.split('\n');
      const words = rest.join(' ').split(/\s+/);
      const n = 5 + Math.floor(rand() * words.length);
      const picked = Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]!);
      out.push({ id: `${v}/${p.id}`, contents: `${title}\n${picked.join(' ')}` });
    }
  }
  return out;
}

// ---- the reference: Lucene's SmallFloat norm byte, written from its definition ----
function refIntToByte4(len: number): number {
  if (len < 24) return len;
  const x = len - 24;
  const bits = 32 - Math.clz32(x);
  if (bits < 4) return 24 + x;
  const shift = bits - 4;
  return 24 + (((x >>> shift) & 7) | ((shift + 1) << 3));
}
function refByte4ToInt(b: number): number {
  if (b < 24) return b;
  const e = b - 24;
  const shift = (e >> 3) - 1;
  return 24 + (shift < 0 ? e & 7 : ((e & 7) | 8) << shift);
}

interface RefIndex {
  tf: Array<Map<string, number>>;
  dl: number[];
  df: Map<string, number>;
  n: number;
  avgdl: number;
}

function refIndex(docs: Array<{ contents: string }>): RefIndex {
  const an = createAnalyzer('porter');
  const tf: Array<Map<string, number>> = [];
  const dl: number[] = [];
  const df = new Map<string, number>();
  let sum = 0;
  let n = 0;
  for (const d of docs) {
    const m = new Map<string, number>();
    let len = 0;
    an.analyze(d.contents, (t) => {
      m.set(t, (m.get(t) ?? 0) + 1);
      len++;
    });
    for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    tf.push(m);
    dl.push(refByte4ToInt(refIntToByte4(len)));
    sum += len;
    if (len > 0) n++;
  }
  return { tf, dl, df, n, avgdl: sum / n };
}

function refTopK(ix: RefIndex, query: string, k: number, k1 = 0.9, b = 0.4): Array<{ doc: number; score: number }> {
  const terms: string[] = [];
  createAnalyzer('porter').analyze(query, (t) => terms.push(t));
  const scored: Array<{ doc: number; score: number }> = [];
  ix.tf.forEach((m, doc) => {
    let score = 0;
    let hit = false;
    for (const t of terms) {
      const f = m.get(t);
      if (!f) continue;
      hit = true;
      const df = ix.df.get(t)!;
      const idf = Math.log(1 + (ix.n - df + 0.5) / (df + 0.5));
      score += (idf * f) / (f + k1 * (1 - b + (b * ix.dl[doc]!) / ix.avgdl));
    }
    if (hit) scored.push({ doc, score });
  });
  scored.sort((x, y) => y.score - x.score || x.doc - y.doc);
  return scored.slice(0, k);
}

/** Queries: titles, title + words, "what is the … of …" questions, word bags, stop words only. */
function queries(docs: Array<{ contents: string }>, count: number): string[] {
  const rand = seeded(11);
  const out = ['the of and', 'what is the', 'who was the first', 'film', 'American film director born', ''];
  while (out.length < count) {
    const d = docs[Math.floor(rand() * docs.length)]!;
    const [title, ...rest] = d.contents.split('\n');
    const words = rest.join(' ').split(/\s+/).filter(Boolean);
    const w = () => words[Math.floor(rand() * words.length)] ?? '';
    const kind = out.length % 4;
    if (kind === 0) out.push(title!.replace(/"/g, ''));
    else if (kind === 1) out.push(`what is the ${w()} of ${title!.replace(/"/g, '')}`);
    else if (kind === 2) out.push(`${w()} ${w()} ${w()} ${w()}`);
    else out.push(`who ${w()} the ${w()} ${w()} in ${w()}?`);
  }
  return out;
}

const TOL = 1e-5;

function expectAgreement(got: Array<{ id: string; score: number | null }>, want: Array<{ doc: number; score: number }>, ids: string[], q: string): void {
  expect(got.length, q).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    expect(Math.abs(g.score! - w.score) <= TOL * Math.max(1, w.score), `${q}: score ${i}: ${g.score} vs ${w.score}`).toBe(true);
    // Ids agree, except that documents whose scores tie (within float rounding) may swap places.
    if (g.id !== ids[w.doc]) {
      const tied = want.filter((x) => Math.abs(x.score - w.score) <= TOL * Math.max(1, w.score)).map((x) => ids[x.doc]);
      expect(tied, `${q}: rank ${i}`).toContain(g.id);
    }
  });
}

const dir = mkdtempSync(join(tmpdir(), 'bm25-search-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['real passages', () => passages, 1_000_000],
  ['20× enlarged real passages, spilled in many runs', enlarged, 20_000],
])('%s', (_name, docsOf, runPostings) => {
  const docs = docsOf();
  const ids = docs.map((d) => d.id);
  let searcher: LocalSearcher;
  let ref: RefIndex;
  beforeAll(async () => {
    const corpus = join(dir, `corpus-${docs.length}.jsonl`);
    writeFileSync(corpus, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
    const out = join(dir, `ix-${docs.length}`);
    const built = await buildBm25Index(corpus, out, { runPostings });
    expect(built.passages).toBe(docs.length);
    const ix = loadBm25Index(out);
    expect(ix.meta.avgdl).toBeGreaterThan(0);
    searcher = openLocalSearcher(out, ix.meta, ix.postings);
    ref = refIndex(docs);
    expect(ix.meta.doc_count).toBe(ref.n);
    expect(ix.meta.terms).toBe(ref.df.size);
  });
  afterAll(() => searcher.close());

  it('returns the reference top-k, ids and scores, for k = 1, 3, 10, 50', () => {
    let compared = 0;
    for (const q of queries(docs, 160)) {
      const want = refTopK(ref, q, 50);
      for (const k of [1, 3, 10, 50]) {
        const got = searcher.search(q, k);
        expectAgreement(got, want.slice(0, k), ids, q);
        compared += got.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('returns the stored passage (id, title, text, contents) of each hit', () => {
    const d = docs[Math.floor(docs.length / 2)]!;
    const title = d.contents.split('\n')[0]!;
    const hit = searcher.search(d.contents, 5).find((p) => p.id === d.id);
    expect(hit).toBeDefined();
    expect(hit!.contents).toBe(d.contents);
    expect(hit!.title).toBe(title.replace(/^"+|"+$/g, ''));
    expect(hit!.text).toBe(d.contents.split('\n').slice(1).join('\n'));
  });
});

describe('query weighting', () => {
  it('counts a repeated query term once per occurrence, like Anserini’s bag-of-words query', async () => {
    const corpus = join(dir, 'rep.jsonl');
    writeFileSync(corpus, passages.slice(0, 60).map((d) => JSON.stringify(d)).join('\n'));
    const out = join(dir, 'rep-ix');
    await buildBm25Index(corpus, out);
    const ix = loadBm25Index(out);
    const s = openLocalSearcher(out, ix.meta, ix.postings);
    const once = s.search('Derrickson', 1)[0]!;
    const twice = s.search('Derrickson Derrickson', 1)[0]!;
    expect(twice.id).toBe(once.id);
    expect(twice.score! / once.score!).toBeCloseTo(2, 5);
    s.close();
  });
});
