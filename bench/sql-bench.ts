// SQL executor figures: EX scoring throughput on the bundled Spider databases, and the cost of one
// pathological query (a huge cross join) — it must cost no more than its time limit while the pool keeps serving.
import fs from 'node:fs';
import path from 'node:path';
import { assetPath } from '../harness/paths.js';
import { SqlExecutorPool, type ExecResult } from '../benchmarks/text2sql/executor.js';
import { GoldCache } from '../benchmarks/text2sql/gold-cache.js';
import { exCompare, type ExMode } from '../scorers/sql-results.js';
import { spiderPrepareSql } from '../scorers/sql-spider-prep.js';

interface Gold {
  sql: string;
  db: string;
}

const TIMEOUT_MS = 5_000;
/** staff has 15 rows: 15^8 ≈ 2.6e9 joined rows, minutes of work for SQLite. */
const CROSS_JOIN = `SELECT count(*) FROM ${Array.from({ length: 8 }, (_, i) => `staff t${i}`).join(', ')}`;

export async function benchSql(opts: { repeats?: number; limitMs?: number } = {}): Promise<Record<string, number | string>> {
  const repeats = opts.repeats ?? 10;
  const limitMs = opts.limitMs ?? 1_000;
  const fixtures = assetPath('test', 'fixtures', 'sql');
  const golds = loadGold(fixtures);
  const pool = new SqlExecutorPool();
  const out: Record<string, number | string> = { pool_size: pool.size, gold_queries: golds.length };
  try {
    let t0 = performance.now();
    const first = await pool.execute(golds[0]?.db ?? '', golds[0]?.sql ?? 'SELECT 1', { timeoutMs: TIMEOUT_MS });
    out.cold_first_query_ms = round(performance.now() - t0);
    if (!first.ok) throw new Error(`gold query failed: ${first.error}`);
    await pool.warmUp();
    await Promise.all(golds.map((g) => pool.execute(g.db, g.sql, { timeoutMs: TIMEOUT_MS }))); // open connections

    // Raw executions: each gold query `repeats` times through the pool.
    t0 = performance.now();
    const runs = await Promise.all(
      Array.from({ length: repeats }, () => golds.map((g) => pool.execute(g.db, g.sql, { timeoutMs: TIMEOUT_MS }))).flat(),
    );
    const execS = (performance.now() - t0) / 1000;
    out.exec_queries = runs.length;
    out.exec_per_s = round(runs.length / execS);
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    out.exec_ms_p50 = round(ms[Math.floor(ms.length / 2)] ?? 0, 2);
    out.exec_ms_p95 = round(ms[Math.floor(ms.length * 0.95)] ?? 0, 2);
    out.exec_failures = runs.filter((r) => !r.ok).length;

    // EX scoring as a run does it: execute the prediction, fetch the gold from the cache, compare.
    for (const mode of ['bird', 'spider'] as ExMode[]) {
      const cache = new GoldCache(pool);
      t0 = performance.now();
      const scores = await Promise.all(
        Array.from({ length: repeats }, () => golds.map((g) => scoreOne(pool, cache, g, mode))).flat(),
      );
      out[`ex_${mode}_per_s`] = round(scores.length / ((performance.now() - t0) / 1000));
      out[`ex_${mode}_accuracy_gold_vs_gold`] = round(scores.filter(Boolean).length / scores.length, 3);
    }

    // One pathological query among ordinary ones.
    let served = 0;
    let stop = false;
    const t1 = performance.now();
    const bad = pool.execute(golds[0]?.db ?? '', CROSS_JOIN, { timeoutMs: limitMs }).then((r) => {
      stop = true;
      return { r, wall: performance.now() - t1 };
    });
    const others = async (): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const g = golds[i % golds.length] as Gold;
        if ((await pool.execute(g.db, g.sql, { timeoutMs: TIMEOUT_MS })).ok) served++;
      }
    };
    await Promise.all([bad, others(), others()]);
    const { r, wall } = await bad;
    out.pathological_limit_ms = limitMs;
    out.pathological_wall_ms = round(wall);
    out.pathological_result = r.ok ? 'ok (unexpected)' : r.kind;
    out.queries_served_meanwhile = served;
    const after = await Promise.all(golds.map((g) => pool.execute(g.db, g.sql, { timeoutMs: TIMEOUT_MS })));
    out.pool_ok_after = after.every((x: ExecResult) => x.ok) ? 'yes' : 'no';
  } finally {
    await pool.close();
  }
  return out;
}

async function scoreOne(pool: SqlExecutorPool, cache: GoldCache, g: Gold, mode: ExMode): Promise<boolean> {
  const sql = mode === 'spider' ? spiderPrepareSql(g.sql) : g.sql;
  const predSql = mode === 'spider' ? spiderPrepareSql(g.sql, { role: 'pred' }) : g.sql;
  const [pred, gold] = await Promise.all([
    pool.execute(g.db, predSql, { timeoutMs: TIMEOUT_MS }),
    cache.get(g.db, sql, TIMEOUT_MS),
  ]);
  return exCompare(pred, gold, mode, { goldSql: g.sql }).match;
}

/** `spider_gold.sql`: `SQL<TAB>db_id` per line (the official gold format), databases next to it. */
function loadGold(dir: string): Gold[] {
  return fs
    .readFileSync(path.join(dir, 'spider_gold.sql'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [sql = '', db = ''] = l.split('\t');
      return { sql, db: path.join(dir, `${db.trim()}.sqlite`) };
    });
}


function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
