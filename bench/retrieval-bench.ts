// Throughput of the embedded BM25 index: stream a synthetic corpus to disk, build the FTS5 index
// (passages/s, peak RSS), then time random top-3 queries (queries/s, latency percentiles).
// The corpus is seeded and Zipf-distributed like natural text: the head of the vocabulary is the
// English stop set (which queries drop, as in English), the rest pronounceable nonsense words, so
// common terms have long doclists. Queries take a title word and three text words of a passage.
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex, openIndex } from '../harness/retrieval/fts-index.js';

const SYLLABLES = 'ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo'.split(' ');

/** mulberry32: small seeded PRNG, so every run benchmarks the same corpus. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STOP = 'the of and to in a is was for on as with by at that it from an be this are or which his he not'.split(' ');

/** Stop words, then distinct pronounceable words: i written in base |SYLLABLES|, ≥ 2 syllables. */
function vocabulary(n: number): string[] {
  const b = SYLLABLES.length;
  return STOP.concat(Array.from({ length: n - STOP.length }, (_, i) => {
    let w = '';
    let x = i + b; // ≥ 2 syllables
    while (x > 0) {
      w += SYLLABLES[x % b];
      x = Math.floor(x / b);
    }
    return w;
  }));
}

/** Sampler of vocabulary ranks with P(rank r) ∝ 1/(r+1). */
function zipf(n: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1);
  return () => {
    const u = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

interface Query {
  text: string;
  id: string;
}

/** Write `passages` lines of `{id, contents}`; return queries drawn from `queries` random passages. */
async function writeCorpus(path: string, passages: number, queries: number): Promise<Query[]> {
  const rand = rng(42);
  const vocab = vocabulary(50_000);
  const word = zipf(vocab.length, rand);
  const picked = new Set<number>();
  while (picked.size < Math.min(queries, passages)) picked.add(Math.floor(rand() * passages));
  const out: Query[] = [];
  const ws = createWriteStream(path);
  let chunk = '';
  for (let i = 0; i < passages; i++) {
    // Titles come from the rare half of the vocabulary, like named entities.
    const title = [0, 1].map(() => vocab[25_000 + Math.floor(rand() * 25_000)]!);
    const text = Array.from({ length: 60 }, () => vocab[word()]!);
    chunk += JSON.stringify({ id: String(i), contents: `"${title.join(' ')}"\n${text.join(' ')}` }) + '\n';
    if (picked.has(i)) out.push({ id: String(i), text: [title[0], text[3], text[7], text[11]].join(' ') });
    if (chunk.length > 1 << 20 || i === passages - 1) {
      if (!ws.write(chunk)) await once(ws, 'drain');
      chunk = '';
    }
  }
  ws.end();
  await once(ws, 'finish');
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export interface RetrievalBenchOptions {
  /** Synthetic corpus size (default 1,000,000; a smoke run uses ~20,000). */
  passages?: number;
  /** Queries to run, top-3 each (default 2,000). */
  queries?: number;
  /** Stop querying after this long, so a large corpus keeps the bench bounded (default 60 s). */
  queryBudgetMs?: number;
}

export async function benchRetrieval(opts: RetrievalBenchOptions = {}): Promise<Record<string, number | string>> {
  const passages = opts.passages ?? 1_000_000;
  const nQueries = opts.queries ?? 2_000;
  const budgetMs = opts.queryBudgetMs ?? 60_000;
  const dir = mkdtempSync(join(tmpdir(), 'agenteval-retrieval-bench-'));
  try {
    const corpus = join(dir, 'corpus.jsonl');
    const queries = await writeCorpus(corpus, passages, nQueries);
    const built = await buildIndex(corpus, join(dir, 'index.sqlite'));
    const peakRssMb = process.resourceUsage().maxRSS / 1024;

    const ix = openIndex(built.path);
    const lat: number[] = [];
    let hits = 0;
    const t0 = performance.now();
    for (const q of queries) {
      if (performance.now() - t0 > budgetMs) break;
      const s = performance.now();
      const res = await ix.search(q.text, 3);
      lat.push(performance.now() - s);
      if (res.some((p) => p.id === q.id)) hits += 1;
    }
    const ran = lat.length;
    const queryMs = performance.now() - t0;
    await ix.close();
    lat.sort((a, b) => a - b);
    return {
      passages: built.passages,
      corpus_mb: round(statSync(corpus).size / 2 ** 20),
      index_mb: round(statSync(built.path).size / 2 ** 20),
      build_s: round(built.ms / 1000, 2),
      build_passages_per_s: Math.round(built.passages / (built.ms / 1000)),
      peak_rss_mb: round(peakRssMb),
      queries: ran,
      queries_per_s: round(ran / (queryMs / 1000)),
      query_p50_ms: round(percentile(lat, 0.5), 2),
      query_p95_ms: round(percentile(lat, 0.95), 2),
      query_p99_ms: round(percentile(lat, 0.99), 2),
      source_in_top3: round(hits / Math.max(1, ran), 3),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
