// Throughput of the embedded BM25 engine on a realistic synthetic corpus (bench/realistic-corpus.ts:
// Zipfian English-headed vocabulary, ~100-word passages with titles, "what is the …" questions):
// - build: `agenteval index` spawned as a user types it; wall time → passages/s, and the child's
//   peak RSS (GNU time's %M when /usr/bin/time exists);
// - queries: every question searched top-3 at once through the worker pool (queries/s at full load),
//   and one at a time on the calling thread (per-query latency without queueing).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBm25Retriever } from '../harness/retrieval/bm25-pool.js';
import { writeRealisticCorpus } from './realistic-corpus.js';

const CLI = fileURLToPath(new URL('../harness/cli/main.js', import.meta.url));

export interface TimedChild {
  code: number | null;
  wallMs: number;
  /** Peak resident set of the child in MB (null without /usr/bin/time). */
  peakRssMb: number | null;
  /** User + system CPU seconds of the child (null without /usr/bin/time): on a shared machine
   *  wall time also counts waiting for a core, CPU time does not. */
  cpuS: number | null;
  stderr: string;
}

/** Spawn `node <args>` (under GNU time for the peak RSS), wait, and time it. */
export async function timedNode(args: string[], dir: string, env: NodeJS.ProcessEnv = process.env): Promise<TimedChild> {
  const timeFile = join(dir, `time-${process.pid}-${Date.now()}.txt`);
  const gnuTime = existsSync('/usr/bin/time');
  const [cmd, argv] = gnuTime ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, process.execPath, ...args]] : [process.execPath, args];
  const t0 = performance.now();
  const child = spawn(cmd, argv as string[], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-20_000);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = performance.now() - t0;
  let peakRssMb: number | null = null;
  let cpuS: number | null = null;
  if (gnuTime && existsSync(timeFile)) {
    const [kb, user, sys] = (readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number);
    if (Number.isFinite(kb)) peakRssMb = kb! / 1024;
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuS = user! + sys!;
  }
  return { code, wallMs, peakRssMb, cpuS, stderr };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export interface RetrievalBenchOptions {
  /** Synthetic corpus size (default 1,000,000; a smoke run uses ~50,000). */
  passages?: number;
  /** Questions, top-3 each (default 2,000). */
  queries?: number;
}

export async function benchRetrieval(opts: RetrievalBenchOptions = {}): Promise<Record<string, number | string>> {
  const passages = opts.passages ?? 1_000_000;
  const nQueries = opts.queries ?? 2_000;
  const dir = mkdtempSync(join(tmpdir(), 'agenteval-retrieval-bench-'));
  try {
    const corpus = join(dir, 'corpus.jsonl');
    const questions = await writeRealisticCorpus(corpus, passages, nQueries);
    const index = join(dir, 'index.bm25');
    const built = await timedNode([CLI, 'index', corpus, '--out', index, '--quiet'], dir);
    if (built.code !== 0) throw new Error(`agenteval index failed (${built.code}): ${built.stderr}`);
    const indexBytes = ['meta.json', 'postings.bin', 'docs.bin'].reduce((s, f) => s + statSync(join(index, f)).size, 0);

    const workers = availableParallelism();
    const pool = openBm25Retriever(index, { workers });
    let hits = 0;
    let poolQps = 0;
    let poolCpuS = 0;
    try {
      await pool.searchBatch(questions.slice(0, 50).map((q) => q.question), 3); // warm up the workers
      const t0 = performance.now();
      const cpu0 = process.resourceUsage();
      const results = await Promise.all(questions.map((q) => pool.search(q.question, 3)));
      poolQps = questions.length / ((performance.now() - t0) / 1000);
      const cpu1 = process.resourceUsage();
      poolCpuS = (cpu1.userCPUTime - cpu0.userCPUTime + cpu1.systemCPUTime - cpu0.systemCPUTime) / 1e6;
      results.forEach((res, i) => {
        if (res.some((p) => p.id === questions[i]!.id)) hits += 1;
      });
    } finally {
      await pool.close();
    }

    const local = openBm25Retriever(index, { workers: 0 });
    const lat: number[] = [];
    try {
      for (const q of questions.slice(0, Math.min(500, questions.length))) {
        const s = performance.now();
        await local.search(q.question, 3);
        lat.push(performance.now() - s);
      }
    } finally {
      await local.close();
    }
    lat.sort((a, b) => a - b);
    return {
      passages,
      corpus_mb: round(statSync(corpus).size / 2 ** 20),
      index_mb: round(indexBytes / 2 ** 20),
      build_s: round(built.wallMs / 1000, 2),
      build_passages_per_s: Math.round(passages / (built.wallMs / 1000)),
      build_peak_rss_mb: built.peakRssMb === null ? 'n/a' : round(built.peakRssMb),
      build_cpu_s: built.cpuS === null ? 'n/a' : round(built.cpuS, 1),
      build_passages_per_cpu_s: built.cpuS === null ? 'n/a' : Math.round(passages / built.cpuS),
      search_workers: workers,
      queries: questions.length,
      queries_per_s: round(poolQps),
      queries_per_cpu_s: round(questions.length / Math.max(poolCpuS, 1e-3)),
      one_thread_p50_ms: round(percentile(lat, 0.5), 2),
      one_thread_p95_ms: round(percentile(lat, 0.95), 2),
      one_thread_p99_ms: round(percentile(lat, 0.99), 2),
      source_in_top3: round(hits / Math.max(1, questions.length), 3),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
