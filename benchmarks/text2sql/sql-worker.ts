// The SQL child process of the executor pool: its IPC protocol (typed) and its program (plain JS source).
//
// Why a JS string: the pool must fork the same program under vitest (TypeScript sources, no compiled sibling)
// and from dist/ (compiled JS), and Node 20 cannot run .ts files. So the program is CommonJS source that the
// parent runs with `node -e <source> <path of better-sqlite3>`; it has no file of its own to resolve, and the
// better-sqlite3 entry is resolved by the parent (createRequire) so the child loads the very same module.
// Keep it small, dependency-free and free of backticks/`${` (it lives in a String.raw template).
import type { SqlValue } from '../../scorers/sql-results.js';

/** Parent → child: run one query. */
export interface WorkerRequest {
  id: number;
  dbPath: string;
  sql: string;
  maxRows: number;
  /** The parent kills the child at this limit; the child's watchdog kills itself 2 s later as a backstop. */
  timeoutMs: number;
}

export type WorkerResult =
  | { ok: true; columns: string[]; rows: SqlValue[][]; truncated: boolean }
  | { ok: false; kind: 'error' | 'rejected'; error: string };

/** Child → parent. `ready` once better-sqlite3 is loaded. */
export type WorkerReply = { type: 'ready' } | { type: 'result'; id: number; result: WorkerResult };

/**
 * Guards, in order (each one alone should stop writes; together they also stop connection-state changes,
 * since connections are reused across queries):
 * 1. blank SQL (only spaces/comments) returns an empty result, as Python's `cursor.execute('')` + `fetchall()`;
 * 2. lexical gate before preparing (some PRAGMAs act while being prepared): the statement must start with
 *    SELECT, WITH, VALUES or EXPLAIN (not EXPLAIN PRAGMA), or be a read-only PRAGMA: bare `PRAGMA name` (not
 *    optimize/shrink_memory/incremental_vacuum/wal_checkpoint) or `PRAGMA name(arg)` for the introspection ones
 *    (table_info, index_list, foreign_key_list, …); never `PRAGMA name = value`. Statements starting with any
 *    other SQLite statement keyword (ATTACH, DETACH, VACUUM [INTO], BEGIN, CREATE, INSERT…) are rejected here;
 *    text starting with a non-keyword (a typo like `SELEC`) goes on to prepare, to get SQLite's syntax error;
 * 3. the connection is opened `readonly` + `fileMustExist` and gets `PRAGMA query_only = ON`;
 * 4. after preparing, better-sqlite3's `stmt.reader` (returns rows) and `stmt.readonly` (sqlite3_stmt_readonly)
 *    must both be true — this catches `WITH … INSERT/DELETE` and `INSERT … RETURNING`.
 * better-sqlite3 has no authorizer API (checked v12), hence 2 and 4. SQL `load_extension()` stays disabled.
 *
 * Several statements: better-sqlite3 refuses them at prepare time (nothing runs); we return Python's message
 * "You can only execute one statement at a time." (trailing `;`, spaces and comments are fine).
 *
 * Double-quoted strings: better-sqlite3 builds SQLite with SQLITE_DQS=0, so `WHERE x = "abc"` fails with
 * `no such column: "abc"`, while Python's sqlite3 (the official evaluators) accepts it as the string 'abc' —
 * Spider and BIRD gold SQL use this a lot. SQLite's legacy rule is "an unresolvable double-quoted identifier is
 * a string literal", so on exactly that error we rewrite every double-quoted token with that name into a
 * single-quoted literal and prepare again (up to 64 times). Approximation: all occurrences of the same quoted
 * text are rewritten together, even one that would have resolved as a column.
 */
export const SQL_WORKER_SOURCE: string = String.raw`
'use strict';
const Database = require(process.argv[1]);
const { Worker } = require('node:worker_threads');

// Watchdog thread: kill this process if the parent died, or if a query outlives its deadline (backstop only).
const shared = new SharedArrayBuffer(8);
const deadline = new BigInt64Array(shared);
new Worker(
  "const { workerData: w } = require('node:worker_threads');" +
  "const d = new BigInt64Array(w.shared);" +
  "setInterval(() => { const t = Atomics.load(d, 0);" +
  " if ((t > 0n && BigInt(Date.now()) > t) || process.ppid !== w.parent) process.kill(w.self, 'SIGKILL'); }, 250);",
  { eval: true, workerData: { shared, parent: process.ppid, self: process.pid } }
).unref();

const MAX_OPEN = 8;
const conns = new Map();
function open(path) {
  let db = conns.get(path);
  if (db) { conns.delete(path); conns.set(path, db); return db; }
  db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  conns.set(path, db);
  if (conns.size > MAX_OPEN) {
    const [oldest, old] = conns.entries().next().value;
    conns.delete(oldest);
    try { old.close(); } catch (e) { /* ignore */ }
  }
  return db;
}

function skipLead(s) {
  for (;;) {
    s = s.replace(/^[\s;]+/, '');
    if (s.startsWith('--')) { const j = s.indexOf('\n'); s = j < 0 ? '' : s.slice(j + 1); }
    else if (s.startsWith('/*')) { const j = s.indexOf('*/', 2); s = j < 0 ? '' : s.slice(j + 2); }
    else return s;
  }
}

const ARG_PRAGMAS = new Set(['table_info', 'table_xinfo', 'table_list', 'index_list', 'index_info', 'index_xinfo',
  'foreign_key_list', 'foreign_key_check', 'integrity_check', 'quick_check']);
const STATEMENT_WORDS = /^(alter|analyze|attach|begin|commit|create|delete|detach|drop|end|insert|reindex|release|replace|rollback|savepoint|update|vacuum)\b/i;
const ACTION_PRAGMAS = new Set(['optimize', 'shrink_memory', 'incremental_vacuum', 'wal_checkpoint']);

function gate(sql) {
  let s = skipLead(sql);
  const ex = /^explain\b(\s+query\s+plan\b)?/i.exec(s);
  if (ex) {
    s = skipLead(s.slice(ex[0].length));
    if (/^pragma\b/i.test(s)) return 'EXPLAIN PRAGMA is not allowed';
  }
  if (/^(select|with|values)\b/i.test(s)) return null;
  if (/^pragma\b/i.test(s)) {
    const m = /^pragma\s+(?:\w+\s*\.\s*)?(\w+)\s*(\([^()]*\))?[\s;]*$/i.exec(s);
    if (!m) return 'only read-only PRAGMA queries are allowed (no settings)';
    const name = m[1].toLowerCase();
    if (m[2] ? ARG_PRAGMAS.has(name) : !ACTION_PRAGMAS.has(name)) return null;
    return 'PRAGMA ' + name + ' is not allowed';
  }
  // Not a statement keyword at all (a typo): let SQLite report the syntax error; step 4 still applies.
  if (!STATEMENT_WORDS.test(s)) return null;
  return 'only read-only queries are allowed (SELECT, WITH, VALUES, EXPLAIN, read-only PRAGMA)';
}

const DQ_HINT = / - should this be a string literal in single-quotes\?$/;

// Rewrite the double-quoted tokens named in a "no such column" error into string literals; null if none.
function dqsRewrite(sql, message) {
  const m = /^no such column: ([\s\S]*)$/.exec(message);
  if (!m) return null;
  let name = m[1];
  if (DQ_HINT.test(name)) {
    name = name.replace(DQ_HINT, '');
    if (name.length >= 2 && name[0] === '"' && name[name.length - 1] === '"') name = name.slice(1, -1);
  }
  let out = '';
  let changed = false;
  let i = 0;
  const closeOf = { "'": "'", '"': '"', '\u0060': '\u0060', '[': ']' };
  while (i < sql.length) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i); const e = j < 0 ? sql.length : j;
      out += sql.slice(i, e); i = e; continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2); const e = j < 0 ? sql.length : j + 2;
      out += sql.slice(i, e); i = e; continue;
    }
    const close = closeOf[c];
    if (close === undefined) { out += c; i++; continue; }
    let j = i + 1;
    let text = '';
    for (; j < sql.length; j++) {
      if (sql[j] === close) {
        if (close !== ']' && sql[j + 1] === close) { text += close; j++; continue; }
        break;
      }
      text += sql[j];
    }
    const e = Math.min(j + 1, sql.length);
    if (c === '"' && j < sql.length && text === name) {
      out += "'" + text.replace(/'/g, "''") + "'";
      changed = true;
    } else {
      out += sql.slice(i, e);
    }
    i = e;
  }
  return changed ? out : null;
}

function run(m) {
  if (skipLead(m.sql) === '') return { ok: true, columns: [], rows: [], truncated: false };
  const reason = gate(m.sql);
  if (reason) return { ok: false, kind: 'rejected', error: reason };
  const db = open(m.dbPath);
  let sql = m.sql;
  let stmt = null;
  for (let tries = 0; stmt === null; tries++) {
    try {
      stmt = db.prepare(sql);
    } catch (e) {
      const msg = String(e && e.message);
      if (/more than one statement/.test(msg)) {
        return { ok: false, kind: 'error', error: 'You can only execute one statement at a time.' };
      }
      const next = tries < 64 ? dqsRewrite(sql, msg) : null;
      if (next === null) throw e;
      sql = next;
    }
  }
  if (!stmt.reader || !stmt.readonly) {
    return { ok: false, kind: 'rejected', error: 'only read-only queries that return rows are allowed' };
  }
  stmt.raw(true);
  stmt.safeIntegers(true);
  const columns = stmt.columns().map((c) => c.name);
  const rows = [];
  let truncated = false;
  for (const row of stmt.iterate()) {
    if (rows.length >= m.maxRows) { truncated = true; break; }
    rows.push(row);
  }
  return { ok: true, columns, rows, truncated };
}

process.on('message', (m) => {
  Atomics.store(deadline, 0, BigInt(Date.now() + m.timeoutMs + 2000));
  let result;
  try {
    result = run(m);
  } catch (e) {
    result = { ok: false, kind: 'error', error: String((e && e.message) || e) };
  }
  Atomics.store(deadline, 0, 0n);
  process.send({ type: 'result', id: m.id, result });
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
`;
