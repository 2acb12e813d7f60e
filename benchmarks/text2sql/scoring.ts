// Execution accuracy of one answer: extract the SQL, run it read-only under the time limit on the
// gold database(s), compare with the cached gold result in the chosen official semantics.
// - bird:   one database, `set(pred) == set(gold)` (bird-bench evaluation_ex.py calculate_ex).
// - spider: test-suite EX (taoyds/test-suite-sql-eval exec_eval.py eval_exec_match): both queries
//   rewritten first (spiderPrepareSql: DISTINCT removal…), then compared on every `.sqlite` of the
//   database folder; the first database that disagrees makes it 0.
// Any pred failure (error, timeout, rejected by the read-only guards) scores 0, as in both scripts.
import { extractSql } from '../../scorers/sql-extract.js';
import { exCompare, resultKey, type ExMode } from '../../scorers/sql-results.js';
import { spiderOrderMatters, spiderPrepareSql } from '../../scorers/sql-spider-prep.js';
import type { Json, JsonObject, ScoreResult } from '../../harness/types.js';
import type { ExecResult, SqlExecutorPool, SqlValue } from './executor.js';
import type { GoldCache } from './gold-cache.js';
import type { SqlSample } from './load.js';

export interface ScoringContext {
  pool: Pick<SqlExecutorPool, 'execute'>;
  gold: Pick<GoldCache, 'get'>;
  exMode: ExMode;
  timeoutMs: number;
}

const PREVIEW_ROWS = 3;

/** The gold SQL as executed in this mode (the gold cache is keyed by it). */
export function goldSqlFor(sample: SqlSample, exMode: ExMode): string {
  return exMode === 'spider' ? spiderPrepareSql(sample.goldSql, { role: 'gold' }) : sample.goldSql;
}

/** The databases EX is judged on: the test suite for spider, the one database for bird. */
export function dbsFor(sample: SqlSample, exMode: ExMode): string[] {
  return exMode === 'spider' ? sample.suiteDbPaths : [sample.dbPath];
}

function jsonCell(v: SqlValue): Json {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return `<blob ${v.length} bytes>`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}

function describeFailure(r: Extract<ExecResult, { ok: false }>): string {
  return r.kind === 'error' ? r.error : `${r.kind}: ${r.error}`;
}

export async function scoreOutput(sample: SqlSample, output: string, ctx: ScoringContext): Promise<ScoreResult> {
  const predSql = extractSql(output);
  if (predSql === '') {
    return { scores: { ex: 0 }, vote: null, extra: { pred_sql: '', reason: 'no_sql', pred_error: 'no SQL found in the answer' } };
  }
  const goldSql = goldSqlFor(sample, ctx.exMode);
  const execSql = ctx.exMode === 'spider' ? spiderPrepareSql(predSql, { role: 'pred' }) : predSql;
  const extra: JsonObject = { pred_sql: predSql };
  if (execSql !== predSql) extra.executed_sql = execSql;
  if (execSql.trim() === '') return { scores: { ex: 0 }, vote: null, extra: { ...extra, reason: 'no_sql', pred_error: 'empty SQL after preparation' } };

  let vote: string | null = null;
  const dbs = dbsFor(sample, ctx.exMode);
  for (const [i, db] of dbs.entries()) {
    const gold = await ctx.gold.get(db, goldSql, ctx.timeoutMs);
    // A gold that fails here was checked at open, so this is the environment (pool closed, crash): not a 0.
    if (!gold.ok) throw new Error(`gold SQL of ${sample.id} failed on ${db}: ${describeFailure(gold)}`);
    const pred = await ctx.pool.execute(db, execSql, { timeoutMs: ctx.timeoutMs });
    const cmp = exCompare(pred, gold, ctx.exMode, { goldSql: sample.goldSql });
    if (i === 0) {
      extra.gold_rows = gold.rows.length;
      if (pred.ok) {
        extra.pred_rows = pred.rows.length;
        extra.pred_ms = Math.round(pred.ms);
        extra.pred_preview = pred.rows.slice(0, PREVIEW_ROWS).map((r) => r.map(jsonCell));
        if (pred.truncated) extra.pred_truncated = true;
        const orderMatters = ctx.exMode === 'spider' && spiderOrderMatters(sample.goldSql);
        vote = resultKey(pred, ctx.exMode, { orderMatters });
      }
    }
    if (!pred.ok) extra.pred_error = describeFailure(pred);
    if (!cmp.match) {
      if (i > 0) extra.failed_db = db;
      return { scores: { ex: 0 }, vote, extra: { ...extra, reason: cmp.reason } };
    }
  }
  return { scores: { ex: 1 }, vote, extra: { ...extra, reason: 'match' } };
}
