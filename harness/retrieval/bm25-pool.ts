// The embedded BM25 Retriever: searches run on worker threads (one per core by default), never on
// the event loop, so a search does not stall the model requests in flight. Every worker views the
// same SharedArrayBuffer of postings. Queries wait in one queue; an idle worker takes up to
// MAX_BATCH of them in one message (fewer round trips under load, no waiting when idle).
// Workers hold the process open only while they have work, so a forgotten close() cannot hang exit.
// One index opened twice in a process (several benchmarks of one run) shares one pool.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { JsonObject } from '../types.js';
import { describeBm25, loadBm25Index, loadBm25IndexAsync, openBm25Header, type IndexHeader, type LoadedIndex } from './bm25-index.js';
import { openLocalSearcher } from './bm25-local.js';
import type { BatchReply, BatchRequest, WorkerInit } from './bm25-worker.js';
import type { Passage, Retriever } from './types.js';
import { compiledWorkerScript, workerExecArgv } from '../worker-script.js';

const MAX_BATCH = 32;

export interface Bm25RetrieverOptions {
  /** Search threads (default: the available cores); 0 searches on the calling thread. */
  workers?: number;
}

interface Item {
  query: string;
  topk: number;
  resolve(p: Passage[]): void;
  reject(e: Error): void;
  signal?: AbortSignal;
}

interface Slot {
  worker: Worker;
  inflight: Item[] | null;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('search aborted');
}

class Pool {
  private readonly slots: Slot[] = [];
  private readonly queue: Item[] = [];
  private failure: Error | null = null;
  private nextId = 1;
  private terminated = false;
  /** Settles once the postings are loaded and the workers started (or loading failed). */
  private readonly started: Promise<void>;
  users = 0;

  constructor(
    readonly ix: IndexHeader,
    private readonly n: number,
  ) {
    const script = compiledWorkerScript(import.meta.url, 'harness/retrieval', 'bm25-worker.js', 'BM25 search worker');
    // Postings load off the event loop; searches submitted meanwhile wait in the queue.
    this.started = loadBm25IndexAsync(ix).then(
      (loaded) => this.start(script, loaded),
      (e: unknown) => this.fail(e instanceof Error ? e : new Error(String(e))),
    );
  }

  private start(script: string, loaded: LoadedIndex): void {
    if (this.terminated || this.failure) return;
    const init: WorkerInit = { path: loaded.path, meta: loaded.meta, postings: loaded.postings };
    for (let i = 0; i < this.n; i++) {
      const worker = new Worker(script, { workerData: init, execArgv: workerExecArgv() });
      worker.unref();
      const slot: Slot = { worker, inflight: null };
      worker.on('message', (reply: BatchReply) => this.onReply(slot, reply));
      // An unref() before the thread is online does not stick (Node 20): repeat it once started.
      worker.on('online', () => {
        if (!slot.inflight) worker.unref();
      });
      worker.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
      worker.on('exit', (code) => {
        if (this.users > 0) this.fail(new Error(`BM25 search worker exited (code ${code})`));
      });
      this.slots.push(slot);
    }
    this.pump();
  }

  get size(): number {
    return this.n;
  }

  submit(query: string, topk: number, signal?: AbortSignal): Promise<Passage[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      this.queue.push({ query, topk, resolve, reject, ...(signal ? { signal } : {}) });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.inflight) continue;
      const items: Item[] = [];
      while (items.length < MAX_BATCH && this.queue.length > 0) {
        const it = this.queue.shift()!;
        if (it.signal?.aborted) it.reject(abortError(it.signal));
        else items.push(it);
      }
      if (items.length === 0) continue;
      slot.inflight = items;
      slot.worker.ref();
      const req: BatchRequest = { id: this.nextId++, items: items.map((it) => ({ query: it.query, topk: it.topk })) };
      slot.worker.postMessage(req);
    }
  }

  private onReply(slot: Slot, reply: BatchReply): void {
    const items = slot.inflight ?? [];
    slot.inflight = null;
    slot.worker.unref();
    if ('error' in reply) {
      const err = new Error(`BM25 search failed: ${reply.error}`);
      for (const it of items) it.reject(err);
    } else {
      items.forEach((it, i) => it.resolve(reply.results[i] ?? []));
    }
    this.pump();
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const slot of this.slots) {
      for (const it of slot.inflight ?? []) it.reject(e);
      slot.inflight = null;
    }
    for (const it of this.queue.splice(0)) it.reject(e);
  }

  async terminate(): Promise<void> {
    const closed = new Error('BM25 retriever closed');
    this.terminated = true;
    for (const it of this.queue.splice(0)) it.reject(closed);
    await this.started;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const slot of this.slots) {
      for (const it of slot.inflight ?? []) it.reject(closed);
      slot.inflight = null;
    }
  }
}

const pools = new Map<string, Pool>();

/** Open an index folder built by `agenteval index` (or the cache) as a Retriever. */
export function openBm25Retriever(path: string, opts: Bm25RetrieverOptions = {}): Retriever {
  const n = Math.max(0, Math.floor(opts.workers ?? availableParallelism()));
  if (n === 0) return inThread(loadBm25Index(path));
  const key = `${resolve(path)}\u0000${n}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new Pool(openBm25Header(path), n);
    pools.set(key, pool);
  }
  const p = pool;
  p.users += 1;
  let closed = false;
  return {
    search: (query, topk, signal) => (closed ? Promise.reject(new Error('BM25 retriever closed')) : p.submit(query, topk, signal)),
    searchBatch: (queries, topk, signal) =>
      closed ? Promise.reject(new Error('BM25 retriever closed')) : Promise.all(queries.map((q) => p.submit(q, topk, signal))),
    describe: (): JsonObject => describeBm25(p.ix, p.size),
    async close() {
      if (closed) return;
      closed = true;
      p.users -= 1;
      if (p.users === 0) {
        pools.delete(key);
        await p.terminate();
      }
    },
  };
}

function inThread(ix: LoadedIndex): Retriever {
  const s = openLocalSearcher(ix.path, ix.meta, ix.postings);
  let closed = false;
  const one = (q: string, k: number, signal?: AbortSignal): Passage[] => {
    if (closed) throw new Error('BM25 retriever closed');
    if (signal?.aborted) throw abortError(signal);
    return s.search(q, k);
  };
  return {
    search: async (q, k, signal) => one(q, k, signal),
    searchBatch: async (qs, k, signal) => qs.map((q) => one(q, k, signal)),
    describe: () => describeBm25(ix, 0),
    async close() {
      if (closed) return;
      closed = true;
      s.close();
    },
  };
}
