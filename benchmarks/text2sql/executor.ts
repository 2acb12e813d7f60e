// A pool of reusable SQLite child processes with a hard per-query time limit.
//
// better-sqlite3 runs queries synchronously and cannot interrupt them (it omits the progress callback), and
// terminating a worker thread does not stop a running query — so each query runs in a child process, and the
// parent SIGKILLs a child whose query overruns and starts a replacement. One pathological query therefore costs
// at most its time limit (plus a replacement's ~0.1 s start, off the critical path) and the pool keeps serving.
// The child program and its safety guards are described in ./sql-worker.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SqlValue } from '../../scorers/sql-results.js';
import { SQL_WORKER_SOURCE, type WorkerReply, type WorkerRequest } from './sql-worker.js';

export type { SqlValue };

/**
 * `rejected`: refused by the read-only guards; `error`: SQLite error (syntax, no such table…); `timeout`: killed
 * at the limit; `crash`: the child died otherwise (or the pool was closed). `ms` is the parent's wall time from
 * dispatch to answer (queueing excluded).
 */
export type ExecResult =
  | { ok: true; columns: string[]; rows: SqlValue[][]; truncated: boolean; ms: number }
  | { ok: false; kind: 'error' | 'timeout' | 'crash' | 'rejected'; error: string; ms: number };

export interface SqlPoolOptions {
  /** Child processes; default: available parallelism. */
  size?: number;
  /** Row cap per query; default 100 000. A capped result has `truncated: true`. */
  maxRows?: number;
}

export interface ExecOptions {
  timeoutMs: number;
  maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 100_000;
/** Consecutive children dying before `ready` after which queued queries fail instead of respawning forever. */
const MAX_START_FAILURES = 3;

const SQLITE_MODULE = createRequire(import.meta.url).resolve('better-sqlite3');

interface Job {
  req: WorkerRequest;
  resolve: (r: ExecResult) => void;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  t0: number;
  /** Retired by the pool (timeout, close): its exit is expected. */
  retired: boolean;
  stderr: string;
  /** Settles when the child is ready or gone. */
  started: Promise<void>;
  exited: Promise<void>;
  markStarted: () => void;
}

export class SqlExecutorPool {
  readonly size: number;
  readonly maxRows: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Set by the first use: from then on the pool keeps `size` children running (replacing killed ones). */
  private used = false;
  private startFailures = 0;
  /** Why children cannot start (after MAX_START_FAILURES in a row); cleared by the next call. */
  private broken: string | null = null;

  constructor(opts: SqlPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? os.availableParallelism()));
    this.maxRows = positiveInt(opts.maxRows ?? DEFAULT_MAX_ROWS, 'maxRows');
  }

  /**
   * Run one read-only query on `dbPath`. Query failures resolve as `ok: false`; the promise rejects only on
   * misuse (pool closed, invalid `timeoutMs`/`maxRows`).
   */
  execute(dbPath: string, sql: string, opts: ExecOptions): Promise<ExecResult> {
    if (this.closed) return Promise.reject(new Error('SqlExecutorPool is closed'));
    if (!(opts.timeoutMs > 0) || !Number.isFinite(opts.timeoutMs)) {
      return Promise.reject(new RangeError(`timeoutMs must be a positive number, got ${opts.timeoutMs}`));
    }
    const maxRows = opts.maxRows ?? this.maxRows;
    if (!Number.isInteger(maxRows) || maxRows < 1) {
      return Promise.reject(new RangeError(`maxRows must be a positive integer, got ${maxRows}`));
    }
    const req: WorkerRequest = { id: this.nextId++, dbPath: path.resolve(dbPath), sql, maxRows, timeoutMs: opts.timeoutMs };
    this.used = true;
    this.broken = null;
    return new Promise<ExecResult>((resolve) => {
      this.queue.push({ req, resolve });
      this.pump();
    });
  }

  /** Start all children and wait until they are up (optional: `execute` starts them on first use). */
  async warmUp(): Promise<void> {
    if (this.closed) throw new Error('SqlExecutorPool is closed');
    this.used = true;
    this.broken = null;
    this.pump();
    await Promise.all([...this.slots].map((s) => s.started));
  }

  /** Fail queued and running queries (`crash`, "pool closed") and kill the children. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(failure('crash', 'SQL pool closed', 0));
    const exits: Promise<void>[] = [];
    for (const slot of [...this.slots]) {
      const job = slot.job;
      // Children are unref'd while idle; re-ref so the exit we await keeps the event loop alive
      // (otherwise a CLI whose last work this is ends with an unsettled top-level await).
      slot.child.ref();
      this.retire(slot);
      if (job) job.resolve(failure('crash', 'SQL pool closed', performance.now() - slot.t0));
      exits.push(slot.exited);
    }
    await Promise.all(exits);
  }

  private pump(): void {
    if (this.broken !== null) {
      for (const j of this.queue.splice(0)) j.resolve(failure('crash', this.broken, 0));
      return;
    }
    for (const slot of this.slots) {
      const job = slot.ready && !slot.job ? this.queue.shift() : undefined;
      if (job) this.dispatch(slot, job);
    }
    // Eager top-up: a replacement starts right after a kill, not when the next query is already waiting.
    while (this.used && !this.closed && this.slots.size < this.size) this.spawnSlot();
  }

  private spawnSlot(): void {
    const child = spawn(process.execPath, ['-e', SQL_WORKER_SOURCE, SQLITE_MODULE], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced', // keeps bigint, Uint8Array, -0 and Infinity intact
      windowsHide: true,
    });
    let onExit: () => void = () => {};
    let onStarted: () => void = () => {};
    const slot: Slot = {
      child,
      ready: false,
      job: null,
      timer: null,
      t0: 0,
      retired: false,
      stderr: '',
      started: new Promise<void>((resolve) => (onStarted = resolve)),
      exited: new Promise<void>((resolve) => (onExit = resolve)),
      markStarted: () => onStarted(),
    };
    this.slots.add(slot);
    // Idle children must not keep the process alive; a running query is held by its timer instead.
    child.unref();
    const stderr = child.stderr as Socket | null;
    stderr?.unref();
    stderr?.on('data', (d: Buffer) => (slot.stderr = (slot.stderr + d.toString()).slice(-2000)));
    this.setRef(slot, true); // until ready: queued work may be waiting on this child
    child.on('message', (msg: WorkerReply) => this.onMessage(slot, msg));
    let done = false;
    const exit = (why: string): void => {
      if (done) return;
      done = true;
      this.onExit(slot, why);
      onStarted();
      onExit();
    };
    child.on('exit', (code, signal) => exit(signal ? `signal ${signal}` : `exit code ${code}`));
    child.on('error', (err) => exit(err.message));
  }

  private setRef(slot: Slot, on: boolean): void {
    const channel = slot.child.channel;
    if (!channel) return;
    if (on) channel.ref();
    else channel.unref();
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    slot.t0 = performance.now();
    this.setRef(slot, true);
    slot.timer = setTimeout(() => this.onTimeout(slot), job.req.timeoutMs);
    try {
      slot.child.send(job.req);
    } catch (err) {
      this.retire(slot);
      job.resolve(failure('crash', `SQL worker unreachable: ${(err as Error).message}`, 0));
      this.pump();
    }
  }

  private onMessage(slot: Slot, msg: WorkerReply): void {
    if (msg.type === 'ready') {
      slot.ready = true;
      this.startFailures = 0;
      this.setRef(slot, false);
      slot.markStarted();
      this.pump();
      return;
    }
    const job = slot.job;
    if (!job || job.req.id !== msg.id) return;
    this.clearJob(slot);
    this.setRef(slot, false);
    job.resolve({ ...msg.result, ms: performance.now() - slot.t0 });
    this.pump();
  }

  private onTimeout(slot: Slot): void {
    const job = slot.job;
    if (!job) return;
    this.retire(slot);
    const ms = performance.now() - slot.t0;
    job.resolve(failure('timeout', `query exceeded the ${job.req.timeoutMs} ms time limit`, ms));
    this.pump();
  }

  private onExit(slot: Slot, why: string): void {
    const wasRetired = slot.retired;
    this.slots.delete(slot);
    const job = slot.job;
    this.clearJob(slot);
    if (wasRetired) return;
    slot.child.kill('SIGKILL'); // after an IPC 'error' the process may still be alive
    if (job) {
      const ms = performance.now() - slot.t0;
      // A child past its deadline was killed by its own watchdog (our timer was late, e.g. a blocked loop).
      if (ms >= job.req.timeoutMs) job.resolve(failure('timeout', `query exceeded the ${job.req.timeoutMs} ms time limit`, ms));
      else job.resolve(failure('crash', `SQL worker died (${why})${tail(slot.stderr)}`, ms));
    }
    if (!slot.ready && ++this.startFailures >= MAX_START_FAILURES) {
      this.startFailures = 0;
      this.broken = `SQL worker failed to start (${why})${tail(slot.stderr)}`;
    }
    this.pump();
  }

  /** Take a child out of service and SIGKILL it (its exit event is then ignored). */
  private retire(slot: Slot): void {
    slot.retired = true;
    this.slots.delete(slot);
    this.clearJob(slot);
    slot.child.kill('SIGKILL');
  }

  private clearJob(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }
}

function failure(kind: 'error' | 'timeout' | 'crash' | 'rejected', error: string, ms: number): ExecResult {
  return { ok: false, kind, error, ms };
}

function tail(stderr: string): string {
  const t = stderr.trim();
  return t ? `: ${t.slice(-500)}` : '';
}

function positiveInt(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what} must be a positive integer, got ${n}`);
  return n;
}
