// The run history: one SQLite file (`<resultsDir>/history.sqlite` by default) indexing every
// finished run folder — which run, when, and each metric with its 95% CI — so a metric can be
// listed over time per model without walking thousands of run folders.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

export { defaultHistoryPath, HISTORY_FILE } from './location.js';
/** Bump with a migration when the tables change. */
const SCHEMA_VERSION = 1;

export type HistoryDb = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  dir TEXT PRIMARY KEY,
  benchmark TEXT NOT NULL,
  model TEXT NOT NULL,
  label TEXT,
  suite TEXT,
  night TEXT,
  fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  indexed_at TEXT NOT NULL,
  n INTEGER NOT NULL,
  ks TEXT NOT NULL,
  problems INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  scored INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  missing INTEGER NOT NULL,
  git_commit TEXT,
  agenteval_version TEXT
);
CREATE INDEX IF NOT EXISTS runs_benchmark ON runs(benchmark, created_at);
CREATE TABLE IF NOT EXISTS metrics (
  run TEXT NOT NULL REFERENCES runs(dir) ON DELETE CASCADE,
  key TEXT NOT NULL,
  label TEXT NOT NULL,
  kind TEXT NOT NULL,
  value REAL,
  ci_low REAL,
  ci_high REAL,
  stderr REAL,
  scale REAL NOT NULL,
  n INTEGER NOT NULL,
  is_primary INTEGER NOT NULL,
  PRIMARY KEY (run, key)
);
CREATE INDEX IF NOT EXISTS metrics_key ON metrics(key);
`;

/**
 * Open (creating when `create`) the history database. Several processes may index into one file
 * (suite cells, shards on one machine): a busy timeout makes writers wait instead of failing.
 * The rollback journal (not WAL) is kept because WAL does not work on network file systems,
 * where a shared results/ folder often lives.
 */
export function openHistory(path: string, opts: { create?: boolean } = {}): HistoryDb {
  const abs = resolve(path);
  if (!existsSync(abs)) {
    if (!opts.create) {
      throw new Error(
        `no history at ${abs}: runs are indexed as they finish; index existing run folders with \`agenteval history index <dirs...>\``,
      );
    }
    mkdirSync(dirname(abs), { recursive: true });
  }
  const db = new Database(abs);
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new Error(`${abs} was written by a newer agenteval (history schema ${version})`);
    if (version < SCHEMA_VERSION) {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
