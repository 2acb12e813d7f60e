import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlExecutorPool } from '../benchmarks/text2sql/executor.js';
import { GoldCache } from '../benchmarks/text2sql/gold-cache.js';
import { exCompare } from '../scorers/sql-results.js';
import { spiderPrepareSql } from '../scorers/sql-spider-prep.js';

const DB = path.join(import.meta.dirname, 'fixtures/sql/department_store.sqlite');
const T = 2_000;
let pool: SqlExecutorPool;

beforeAll(() => {
  pool = new SqlExecutorPool({ size: 2 });
});
afterAll(() => pool.close());

describe('GoldCache', () => {
  it('runs a gold query once, sharing the in-flight execution', async () => {
    const cache = new GoldCache(pool);
    const sql = 'SELECT staff_name FROM staff ORDER BY staff_id';
    const rel = path.relative(process.cwd(), DB);
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => cache.get(DB, sql, T)),
      cache.get(rel, sql, T), // same file, other spelling
    ]);
    expect(cache.misses).toBe(1);
    expect(cache.size).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toMatchObject({ ok: true, truncated: false });
    expect(await cache.get(DB, sql, T)).toBe(results[0]);
    await cache.get(DB, 'SELECT count(*) FROM staff', T);
    expect(cache.misses).toBe(2);
  });

  it('caches errors, but not crashes', async () => {
    const cache = new GoldCache(pool);
    const bad = await cache.get(DB, 'SELECT * FROM nope', T);
    expect(bad).toMatchObject({ ok: false, kind: 'error' });
    await cache.get(DB, 'SELECT * FROM nope', T);
    expect(cache.misses).toBe(1);

    const doomed = new SqlExecutorPool({ size: 1 });
    const c2 = new GoldCache(doomed);
    const pending = c2.get(DB, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c', 10_000);
    await new Promise((r) => setTimeout(r, 150));
    await doomed.close();
    expect(await pending).toMatchObject({ ok: false, kind: 'crash' });
    expect(c2.size).toBe(0);
  });

  it('keys on the SQL actually run, so Spider-prepared gold is its own entry and scores its pred', async () => {
    const cache = new GoldCache(pool);
    const gold = 'SELECT DISTINCT staff_gender FROM staff';
    const raw = await cache.get(DB, gold, T);
    const prepared = await cache.get(DB, spiderPrepareSql(gold), T);
    expect(cache.misses).toBe(2);
    if (!raw.ok || !prepared.ok) throw new Error('gold failed');
    expect(prepared.rows.length).toBeGreaterThan(raw.rows.length); // DISTINCT removed: the test-suite's own quirk
    const pred = await pool.execute(DB, spiderPrepareSql('SELECT staff_gender FROM staff', { role: 'pred' }), { timeoutMs: T });
    expect(exCompare(pred, prepared, 'spider', { goldSql: gold })).toEqual({ match: true, reason: 'match' });
  });
});
