import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlExecutorPool, type ExecResult } from '../benchmarks/text2sql/executor.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/sql/department_store.sqlite');
const T = 2_000; // generous limit for ordinary queries
const HANG = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';

let dir: string;
let db: string;
let pool: SqlExecutorPool;

const sha = (p: string): string => createHash('sha256').update(fs.readFileSync(p)).digest('hex');
const ok = (r: ExecResult) => {
  if (!r.ok) throw new Error(`expected ok, got ${r.kind}: ${r.error}`);
  return r;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlpool-'));
  db = path.join(dir, 'department_store.sqlite');
  fs.copyFileSync(FIXTURE, db);
  fs.chmodSync(db, 0o644); // writable on disk: only our guards stand between model SQL and the file
  pool = new SqlExecutorPool({ size: 2 });
});

afterAll(async () => {
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SqlExecutorPool', () => {
  it('returns columns and rows with INTEGER as bigint, REAL as number, BLOB as bytes', async () => {
    const r = ok(await pool.execute(db, "SELECT 1 AS a, 1.0 AS b, 'x' AS c, x'00ff' AS d, NULL AS e, 9007199254740993 AS f", { timeoutMs: T }));
    expect(r.columns).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const [row] = r.rows;
    expect(row?.slice(0, 3)).toEqual([1n, 1, 'x']);
    expect(row?.[3]).toBeInstanceOf(Uint8Array);
    expect([...(row?.[3] as Uint8Array)]).toEqual([0, 255]);
    expect(row?.slice(4)).toEqual([null, 9007199254740993n]);
    expect(r.truncated).toBe(false);
    const c = ok(await pool.execute(db, 'SELECT count(*) FROM staff', { timeoutMs: T }));
    expect(c.rows).toEqual([[15n]]);
  });

  it('accepts double-quoted string literals like Python sqlite3 (SQLite legacy DQS)', async () => {
    const sql = 'SELECT count(*) FROM staff_department_assignments WHERE job_title_code  =  "Department Manager"';
    const r = ok(await pool.execute(db, sql, { timeoutMs: T }));
    expect(Number(r.rows[0]?.[0])).toBeGreaterThan(0);
    // A double-quoted name that resolves stays an identifier.
    const id = ok(await pool.execute(db, 'SELECT "staff_name" FROM staff ORDER BY staff_id LIMIT 1', { timeoutMs: T }));
    expect(id.rows[0]?.[0]).not.toBe('staff_name');
  });

  it('refuses every write, attach, file creation and setting change, leaving the file untouched', async () => {
    const before = { sha: sha(db), mtime: fs.statSync(db).mtimeMs, files: fs.readdirSync(dir).sort() };
    const attempts = [
      'INSERT INTO staff (staff_id, staff_gender, staff_name) VALUES (999, 1, "x")',
      "UPDATE staff SET staff_name = 'x'",
      'DELETE FROM staff',
      'CREATE TABLE z (a)',
      'CREATE TEMP TABLE z (a)',
      'DROP TABLE staff',
      `ATTACH DATABASE '${path.join(dir, 'evil.db')}' AS evil`,
      'DETACH DATABASE main',
      'VACUUM',
      `VACUUM INTO '${path.join(dir, 'copy.db')}'`,
      'PRAGMA journal_mode = WAL',
      'PRAGMA user_version = 5',
      'PRAGMA query_only = OFF',
      'PRAGMA reverse_unordered_selects(1)',
      'EXPLAIN PRAGMA user_version = 7',
      'WITH x AS (SELECT 1) DELETE FROM staff',
      "INSERT INTO staff (staff_id, staff_gender, staff_name) VALUES (998, 1, 'y') RETURNING staff_id",
      'BEGIN',
      'ANALYZE',
      'REINDEX',
      '/* sneaky */ -- comment\n  delete from staff',
    ];
    for (const sql of attempts) {
      const r = await pool.execute(db, sql, { timeoutMs: T });
      expect(r.ok, sql).toBe(false);
      if (!r.ok) expect(['rejected', 'error'], `${sql}: ${r.error}`).toContain(r.kind);
    }
    expect(ok(await pool.execute(db, 'SELECT count(*) FROM staff', { timeoutMs: T })).rows).toEqual([[15n]]);
    expect(ok(await pool.execute(db, 'PRAGMA reverse_unordered_selects', { timeoutMs: T })).rows).toEqual([[0n]]);
    expect(ok(await pool.execute(db, 'PRAGMA user_version', { timeoutMs: T })).rows).toEqual([[0n]]);
    const info = ok(await pool.execute(db, 'PRAGMA table_info(staff)', { timeoutMs: T }));
    expect(info.rows.map((r) => r[1])).toContain('staff_name');
    expect({ sha: sha(db), mtime: fs.statSync(db).mtimeMs, files: fs.readdirSync(dir).sort() }).toEqual(before);
  });

  it('runs one statement only, like Python sqlite3', async () => {
    const r = await pool.execute(db, 'SELECT 1; SELECT 2', { timeoutMs: T });
    expect(r).toMatchObject({ ok: false, kind: 'error', error: 'You can only execute one statement at a time.' });
    const w = await pool.execute(db, 'SELECT 1; DELETE FROM staff', { timeoutMs: T });
    expect(w.ok).toBe(false);
    expect(ok(await pool.execute(db, 'SELECT 1; -- done\n', { timeoutMs: T })).rows).toEqual([[1n]]);
  });

  it('reports SQLite errors and treats blank SQL as an empty result', async () => {
    const syn = await pool.execute(db, 'SELEC name FROM staff', { timeoutMs: T });
    expect(syn).toMatchObject({ ok: false, kind: 'error' });
    if (!syn.ok) expect(syn.error).toMatch(/syntax error/);
    const tbl = await pool.execute(db, 'SELECT * FROM nope', { timeoutMs: T });
    if (tbl.ok) throw new Error('expected an error');
    expect(tbl.error).toMatch(/no such table: nope/);
    const missing = await pool.execute(path.join(dir, 'missing.sqlite'), 'SELECT 1', { timeoutMs: T });
    expect(missing).toMatchObject({ ok: false, kind: 'error' });
    expect(fs.existsSync(path.join(dir, 'missing.sqlite'))).toBe(false);
    expect(ok(await pool.execute(db, '  -- nothing\n', { timeoutMs: T }))).toMatchObject({ columns: [], rows: [] });
  });

  it('caps rows and flags truncation', async () => {
    const gen = (n: number) => `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT ${n}) SELECT x FROM c`;
    const cut = ok(await pool.execute(db, gen(1000), { timeoutMs: T, maxRows: 10 }));
    expect(cut.rows).toHaveLength(10);
    expect(cut.truncated).toBe(true);
    const exact = ok(await pool.execute(db, gen(10), { timeoutMs: T, maxRows: 10 }));
    expect(exact.rows).toHaveLength(10);
    expect(exact.truncated).toBe(false);
  });

  it('kills a runaway query at its limit while other queries keep being served', async () => {
    await pool.warmUp(); // both children up (a cold start can outlast the limit on a loaded machine)
    let hangDone = false;
    let servedMeanwhile = 0;
    const hang = pool.execute(db, HANG, { timeoutMs: 500 }).then((r) => ((hangDone = true), r));
    const others = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        pool.execute(db, `SELECT ${i} + count(*) FROM staff`, { timeoutMs: T }).then((r) => {
          if (!hangDone) servedMeanwhile++;
          return r;
        }),
      ),
    );
    expect(others.every((r) => r.ok)).toBe(true);
    expect(servedMeanwhile).toBeGreaterThan(0); // the other child served while this one was stuck
    const h = await hang;
    expect(h).toMatchObject({ ok: false, kind: 'timeout' });
    // Ran to its limit, then killed (left running, the query would hold the test to its timeout).
    expect(h.ms).toBeGreaterThanOrEqual(499);
    // Both children (the replacement included) still serve.
    const after = await Promise.all([1, 2, 3].map(() => pool.execute(db, 'SELECT count(*) FROM staff', { timeoutMs: T })));
    expect(after.map((r) => ok(r).rows)).toEqual([[[15n]], [[15n]], [[15n]]]);
  });

  it('survives back-to-back timeouts on a single-process pool', async () => {
    const one = new SqlExecutorPool({ size: 1 });
    try {
      const rs = await Promise.all([
        one.execute(db, HANG, { timeoutMs: 300 }),
        one.execute(db, HANG, { timeoutMs: 300 }),
        one.execute(db, 'SELECT 42', { timeoutMs: T }),
      ]);
      expect(rs.map((r) => (r.ok ? 'ok' : r.kind))).toEqual(['timeout', 'timeout', 'ok']);
    } finally {
      await one.close();
    }
  });

  it('fails pending work on close and refuses new work', async () => {
    const p = new SqlExecutorPool({ size: 1 });
    const running = p.execute(db, HANG, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 200));
    await p.close();
    expect(await running).toMatchObject({ ok: false, kind: 'crash' });
    await expect(p.execute(db, 'SELECT 1', { timeoutMs: T })).rejects.toThrow(/closed/);
  });
});
