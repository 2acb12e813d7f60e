// A pool of worker threads running the answer checker, with a hard per-comparison time limit.
//
// Symbolic equivalence can blow up on adversarial model output (huge exponents, deep nesting), and a
// synchronous CAS call cannot be interrupted from inside. So comparisons run off the event loop, one
// at a time per thread, and a thread whose comparison overruns is terminated and replaced (as
// text2sql's SQL pool kills a child process): one pathological answer costs at most its limit, the
// run goes on, and that sample becomes an error record (error_kind 'scorer'), never a hang.
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compiledWorkerScript, workerExecArgv } from '../../harness/worker-script.js';
import type { CheckReply, CheckRequest, MathVerdict, WorkerInit } from './check-protocol.js';

export type CheckOutcome =
  | { ok: true; verdict: MathVerdict }
  | { ok: false; kind: 'timeout' | 'crash' | 'error'; error: string };

export interface CheckPoolOptions {
  /** Worker threads; default min(4, max(2, available parallelism − 1)). */
  size?: number;
  /** Hard limit per comparison (the thread is terminated past it); default 10 s. */
  timeoutMs?: number;
  /** Module exporting `verifyMath` (default: the compiled scorers/math/index.js). */
  checkerUrl?: string;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;
/** Threads dying before they are ready, in a row, after which comparisons fail instead of respawning forever. */
const MAX_START_FAILURES = 3;

interface Job {
  req: CheckRequest;
  resolve: (o: CheckOutcome) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  retired: boolean;
}

/**
 * The compiled worker: worker threads run JavaScript, so from the TypeScript sources (vitest) the
 * pool uses dist/ (built by `npx tsc -p tsconfig.json`, as the CLI tests need anyway).
 */
export function workerScriptUrl(): URL {
  return pathToFileURL(compiledWorkerScript(import.meta.url, 'benchmarks/math', 'check-worker.js', 'math checker'));
}

/** scorers/math/index.js in the same tree as the worker script. */
export function defaultCheckerUrl(): string {
  return new URL('../../scorers/math/index.js', workerScriptUrl()).href;
}

export class MathCheckPool {
  readonly size: number;
  readonly timeoutMs: number;
  private readonly checkerUrl: string;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private startFailures = 0;
  private broken: string | null = null;

  constructor(opts: CheckPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? Math.min(4, Math.max(2, os.availableParallelism() - 1))));
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    if (!(this.timeoutMs > 0) || !Number.isFinite(this.timeoutMs)) throw new RangeError(`timeoutMs must be a positive number, got ${this.timeoutMs}`);
    this.checkerUrl = opts.checkerUrl ?? defaultCheckerUrl();
  }

  /** Compare a prediction with the gold answer. Never rejects: failures resolve as `ok: false`. */
  check(gold: string, prediction: string): Promise<CheckOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, kind: 'crash', error: 'math checker pool is closed' });
    if (this.broken) return Promise.resolve({ ok: false, kind: 'crash', error: this.broken });
    // The checker's own deadline comes first (half the hard limit: Math-Verify's 5 s by default), so
    // it can give up cleanly before the thread is killed.
    const req: CheckRequest = { id: this.nextId++, gold, prediction, deadlineMs: Math.max(1, Math.floor(this.timeoutMs / 2)) };
    return new Promise<CheckOutcome>((resolve) => {
      this.queue.push({ req, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, kind: 'crash', error: 'math checker pool closed' });
    const ends: Promise<number>[] = [];
    for (const slot of [...this.slots]) {
      slot.retired = true;
      this.finish(slot, { ok: false, kind: 'crash', error: 'math checker pool closed' });
      ends.push(slot.worker.terminate());
    }
    this.slots.clear();
    await Promise.allSettled(ends);
  }

  private pump(): void {
    if (this.closed) return;
    while (this.slots.size < this.size && this.queue.length > 0 && !this.broken) this.spawn();
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.ready && slot.job === null && !slot.retired) this.dispatch(slot, this.queue.shift()!);
    }
    this.updateRefs();
  }

  private spawn(): void {
    const init: WorkerInit = { checkerUrl: this.checkerUrl };
    const worker = new Worker(workerScriptUrl(), { workerData: init, execArgv: workerExecArgv() });
    const slot: Slot = { worker, ready: false, job: null, timer: null, retired: false };
    this.slots.add(slot);
    worker.on('message', (msg: CheckReply | { ready: true }) => {
      if ('ready' in msg) {
        slot.ready = true;
        this.startFailures = 0;
        this.pump();
        return;
      }
      if (slot.job && slot.job.req.id === msg.id) {
        this.finish(slot, msg.ok ? { ok: true, verdict: msg.verdict } : { ok: false, kind: 'error', error: `checker failed: ${msg.error}` });
        this.pump();
      }
    });
    worker.on('error', (err) => this.lost(slot, `checker thread crashed: ${err.message}`));
    worker.on('exit', (code) => this.lost(slot, `checker thread exited (code ${code})`));
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    slot.timer = setTimeout(() => {
      // Past the hard limit: the thread may be stuck in a synchronous computation. Kill it.
      slot.retired = true;
      this.finish(slot, { ok: false, kind: 'timeout', error: `checker timed out after ${this.timeoutMs} ms (thread terminated)` });
      this.slots.delete(slot);
      void slot.worker.terminate();
      this.pump();
    }, this.timeoutMs);
    slot.worker.postMessage(job.req);
  }

  private finish(slot: Slot, outcome: CheckOutcome): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const job = slot.job;
    slot.job = null;
    job?.resolve(outcome);
  }

  /** Threads keep the process alive while comparisons are queued or running, never when idle. */
  private updateRefs(): void {
    const busy = this.queue.length > 0 || [...this.slots].some((s) => s.job !== null);
    for (const s of this.slots) {
      if (busy) s.worker.ref();
      else s.worker.unref();
    }
  }

  /** A thread died on its own (crash, exit): fail its job, and replace it unless it never started. */
  private lost(slot: Slot, why: string): void {
    if (!this.slots.has(slot)) return;
    this.slots.delete(slot);
    if (slot.retired) return;
    slot.retired = true;
    if (!slot.ready) {
      this.startFailures += 1;
      if (this.startFailures >= MAX_START_FAILURES) {
        this.broken = `the math checker cannot start: ${why}`;
        for (const job of this.queue.splice(0)) job.resolve({ ok: false, kind: 'crash', error: this.broken });
      }
    }
    this.finish(slot, { ok: false, kind: 'crash', error: why });
    this.pump();
  }
}
