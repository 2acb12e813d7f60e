// Where the index build's chunks are analysed: on worker threads (bm25-build-worker.ts), each chunk
// to the worker with the least outstanding work, or on the calling thread. Each result names the
// analyser that produced it, whose local term ids it uses (bm25-chunk.ts).
import { Worker } from 'node:worker_threads';
import type { AnalyzerName } from './analyzer.js';
import type { BuildReply, BuildWorkerInit } from './bm25-build-worker.js';
import { ChunkAnalyser, type ChunkJob, type ChunkResult } from './bm25-chunk.js';
import { compiledWorkerScript, workerExecArgv } from '../worker-script.js';

export interface Analysed {
  analyser: number;
  result: ChunkResult;
}

export interface Analysers {
  readonly count: number;
  /** Analyse a chunk; chunks given to one analyser are analysed in the order submitted. */
  submit(job: ChunkJob): Promise<Analysed>;
  close(): Promise<void>;
}

export function openAnalysers(analyzer: AnalyzerName, workers: number): Analysers {
  return workers > 0 ? new WorkerAnalysers(analyzer, workers) : inThread(analyzer);
}

function inThread(analyzer: AnalyzerName): Analysers {
  const a = new ChunkAnalyser(analyzer);
  return {
    count: 1,
    submit: async (job) => ({ analyser: 0, result: a.analyse(job) }),
    close: async () => {},
  };
}

interface Waiting {
  resolve(r: Analysed): void;
  reject(e: Error): void;
}

class WorkerAnalysers implements Analysers {
  private readonly workers: Worker[] = [];
  private readonly waiting: Waiting[][] = [];
  private failure: Error | null = null;
  private closing = false;

  constructor(analyzer: AnalyzerName, n: number) {
    const script = compiledWorkerScript(import.meta.url, 'harness/retrieval', 'bm25-build-worker.js', 'BM25 build worker');
    const init: BuildWorkerInit = { analyzer };
    for (let i = 0; i < n; i++) {
      // A small young generation: each chunk leaves megabytes of short-lived strings, and the
      // default lets every worker's heap swell by tens of MB before collecting them.
      const w = new Worker(script, { workerData: init, execArgv: workerExecArgv(), resourceLimits: { maxYoungGenerationSizeMb: 16 } });
      const queue: Waiting[] = [];
      w.on('message', (reply: BuildReply) => {
        const next = queue.shift();
        if (!next) return;
        if ('fatal' in reply) next.reject(new Error(`BM25 build worker failed: ${reply.fatal}`));
        else next.resolve({ analyser: i, result: reply });
      });
      w.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
      w.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`BM25 build worker exited (code ${code})`));
      });
      this.workers.push(w);
      this.waiting.push(queue);
    }
  }

  get count(): number {
    return this.workers.length;
  }

  submit(job: ChunkJob): Promise<Analysed> {
    if (this.failure) return Promise.reject(this.failure);
    let best = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.waiting[i]!.length < this.waiting[best]!.length) best = i;
    return new Promise<Analysed>((resolve, reject) => {
      this.waiting[best]!.push({ resolve, reject });
      this.workers[best]!.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
    });
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const q of this.waiting) for (const w of q.splice(0)) w.reject(e);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
