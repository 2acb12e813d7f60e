// Gold query results, executed once per (database, SQL) and shared by every sample that needs them.
//
// The key is the SQL text actually executed, so mode-specific rewriting (Spider's `spiderPrepareSql`) is part of
// it: callers pass the prepared gold SQL. Concurrent requests for one key share one execution (the promise is
// cached while in flight). Outcomes are cached whatever they are — an error or a timeout would only repeat — except
// `crash` (a dead child or a closed pool), which is dropped so the next request tries again.
import path from 'node:path';
import type { ExecResult, SqlExecutorPool } from './executor.js';

export interface GoldCacheOptions {
  /** Row cap for gold queries; default: the pool's. */
  maxRows?: number;
}

export class GoldCache {
  private readonly entries = new Map<string, Promise<ExecResult>>();
  private executions = 0;

  constructor(
    private readonly pool: Pick<SqlExecutorPool, 'execute'>,
    private readonly opts: GoldCacheOptions = {},
  ) {}

  get(dbPath: string, sql: string, timeoutMs: number): Promise<ExecResult> {
    const key = JSON.stringify([path.resolve(dbPath), sql]);
    const hit = this.entries.get(key);
    if (hit) return hit;
    this.executions++;
    const run = this.pool.execute(dbPath, sql, { timeoutMs, maxRows: this.opts.maxRows }).then((r) => {
      if (!r.ok && r.kind === 'crash') this.entries.delete(key);
      return r;
    });
    run.catch(() => this.entries.delete(key)); // pool closed: forget, let the caller see the rejection
    this.entries.set(key, run);
    return run;
  }

  /** Distinct (database, SQL) pairs held. */
  get size(): number {
    return this.entries.size;
  }

  /** Executions started (cache misses), for tests and stats. */
  get misses(): number {
    return this.executions;
  }

  clear(): void {
    this.entries.clear();
  }
}
