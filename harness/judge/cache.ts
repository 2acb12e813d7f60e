// The judge verdict cache: one SQLite file (`<cacheDir>/judge.sqlite`) keyed by the sha256 of
// everything that decides a verdict — judge model, sampling and the exact messages. Re-scoring a
// run with the same judge therefore makes no requests; a changed prompt, input or judge misses.
// Only outputs that parsed and validated are stored, so a malformed answer is never replayed.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalJson } from '../store/manifest.js';
import type { ChatMessage, Json, SamplingParams } from '../types.js';

/** Bump when what is stored (or how keys are made) changes. */
export const JUDGE_CACHE_VERSION = 1;

export function judgeCacheKey(model: string, messages: readonly ChatMessage[], sampling: SamplingParams): string {
  const material = { v: JUDGE_CACHE_VERSION, model, sampling, messages } as unknown as Json;
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}

export interface CachedVerdict {
  raw: string;
  value: unknown;
}

export class JudgeCache {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement;
  private readonly putStmt: Database.Statement;

  private constructor(readonly path: string) {
    this.db = new Database(path);
    // Several runs (and shards) may share one cache: WAL lets readers and one writer coexist.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS verdicts (
      key TEXT PRIMARY KEY,
      model TEXT NOT NULL,
      raw TEXT NOT NULL,
      value TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`);
    this.getStmt = this.db.prepare('SELECT raw, value FROM verdicts WHERE key = ?');
    this.putStmt = this.db.prepare('INSERT OR REPLACE INTO verdicts (key, model, raw, value, created_at) VALUES (?, ?, ?, ?, ?)');
  }

  static open(cacheDir: string): JudgeCache {
    mkdirSync(cacheDir, { recursive: true });
    return new JudgeCache(join(cacheDir, 'judge.sqlite'));
  }

  get(key: string): CachedVerdict | undefined {
    const row = this.getStmt.get(key) as { raw: string; value: string } | undefined;
    if (!row) return undefined;
    try {
      return { raw: row.raw, value: JSON.parse(row.value) as unknown };
    } catch {
      return undefined;
    }
  }

  put(key: string, model: string, raw: string, value: unknown): void {
    this.putStmt.run(key, model, raw, JSON.stringify(value), new Date().toISOString());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
