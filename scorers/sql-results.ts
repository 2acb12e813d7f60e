// Execution accuracy (EX): result comparison of the official BIRD and Spider evaluators, as pure functions.
//
// BIRD   — bird-bench/mini_dev evaluation/evaluation_ex.py `calculate_ex` (same as the original
//          AlibabaResearch/DAMO-ConvAI bird/llm/src/evaluation.py `compute_execution_accuracy`):
//          `set(predicted_res) == set(ground_truth_res)` over the tuples of sqlite3 `fetchall()`.
//          mini_dev uses that one comparison for SQLite, MySQL and PostgreSQL alike.
// Spider — taoyds/test-suite-sql-eval exec_eval.py `eval_exec_match` / `result_eq` (the "test-suite" EX).
//          The SQL rewriting it does before execution is `spiderPrepareSql` (scorers/sql-spider-prep.ts).
import { createHash } from 'node:crypto';
import { spiderOrderMatters } from './sql-spider-prep.js';

/**
 * One SQLite cell. `bigint` is always an INTEGER and `number` always a REAL (better-sqlite3 `safeIntegers`),
 * mirroring Python's int/float split, which the Spider test-suite sort key depends on. TEXT is `string`,
 * BLOB is `Uint8Array`. All of these survive the pool's IPC (advanced serialization).
 */
export type SqlValue = null | bigint | number | string | Uint8Array;

export interface ResultSet {
  columns: string[];
  rows: SqlValue[][];
  /** The row cap cut the result short: it never compares equal to anything (see `resultsMatch`). */
  truncated?: boolean;
}

export type ExMode = 'bird' | 'spider';

/**
 * Official per-query time limits. BIRD: `--meta_time_out` default 30.0 s, applied by func_timeout to pred+gold
 * together (we apply it to each query). Spider test-suite: `TIMEOUT = 60`, but it wraps a synchronous call in
 * `asyncio.wait_for`, which can never fire — in practice the official run has no limit.
 */
export const DEFAULT_EX_TIMEOUT_MS: Record<ExMode, number> = { bird: 30_000, spider: 60_000 };

// ---------------------------------------------------------------- Python value semantics

/**
 * Canonical text of a value under Python `==` (and `hash`): int 1 == float 1.0 (exact: 2**53+1 != 2.0**53),
 * -0.0 == 0, 'a' != b'a', None == None. NaN is treated as equal to NaN; SQLite never returns NaN (it turns NaN
 * into NULL), so this choice is unobservable.
 */
export function canonValue(v: SqlValue): string {
  if (v === null) return 'n';
  if (typeof v === 'bigint') return 'i' + v.toString();
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return 'i' + BigInt(v).toString();
    return Number.isNaN(v) ? 'nan' : 'f' + String(v);
  }
  if (typeof v === 'string') return 's' + v;
  return 'b' + hex(v);
}

function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

const rowKey = (row: readonly SqlValue[]): string => JSON.stringify(row.map(canonValue));

function pyTypeName(v: SqlValue): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  return typeof v === 'string' ? 'str' : 'bytes';
}

/** Python `repr(float)` (CPython `float_repr_style == 'short'`: exponent form iff decpt <= -4 or decpt > 16). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mant = '0', expText = '0'] = Math.abs(x).toExponential().split('e'); // shortest round-trip digits
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  const decpt = exp + 1;
  if (decpt <= -4 || decpt > 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

function pyBytesRepr(b: Uint8Array): string {
  const hasSingle = b.includes(0x27);
  const quote = hasSingle && !b.includes(0x22) ? '"' : "'";
  let s = 'b' + quote;
  for (const c of b) {
    if (c === 0x5c) s += '\\\\';
    else if (c === quote.charCodeAt(0)) s += '\\' + quote;
    else if (c === 0x09) s += '\\t';
    else if (c === 0x0a) s += '\\n';
    else if (c === 0x0d) s += '\\r';
    else if (c < 0x20 || c >= 0x7f) s += '\\x' + c.toString(16).padStart(2, '0');
    else s += String.fromCharCode(c);
  }
  return s + quote;
}

/** Python `str(value)` of the value sqlite3 would return (None, 1, 1.0, 'text', b'\x00'). */
export function pyStr(v: SqlValue): string {
  if (v === null) return 'None';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return pyFloatRepr(v);
  if (typeof v === 'string') return v;
  return pyBytesRepr(v);
}

/** Python str ordering (by code point; JS `<` compares UTF-16 units, which differs past the BMP). */
function cmpCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------- BIRD

/** mini_dev evaluation_ex.py `calculate_ex`: set equality — row order and duplicates ignored, column order kept. */
function birdMatch(pred: readonly SqlValue[][], gold: readonly SqlValue[][]): boolean {
  return setEq(pred.map(rowKey), gold.map(rowKey));
}

function setEq(a: readonly string[], b: readonly string[]): boolean {
  const A = new Set(a);
  const B = new Set(b);
  if (A.size !== B.size) return false;
  for (const x of A) if (!B.has(x)) return false;
  return true;
}

function multisetEq(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  for (const x of b) {
    const c = counts.get(x) ?? 0;
    if (c === 0) return false;
    counts.set(x, c - 1);
  }
  return true;
}

// ---------------------------------------------------------------- Spider test-suite

/** exec_eval.py `unorder_row`: values sorted by `str(x) + str(type(x))` (stable sort, code-point order). */
function unorderRow(row: readonly SqlValue[]): SqlValue[] {
  const keyed = row.map((v) => ({ v, k: `${pyStr(v)}<class '${pyTypeName(v)}'>` }));
  keyed.sort((a, b) => cmpCodePoints(a.k, b.k));
  return keyed.map((e) => e.v);
}

/**
 * exec_eval.py `quick_rej`: a necessary condition — the rows with their values sorted must agree (as lists when
 * order matters, else as sets). Note the sort key uses Python `str()` and type names, so int 1 and float 1.0 can
 * sort differently within a row and reject a pair that the permutation search would accept; we keep that quirk.
 */
function quickRej(gold: readonly SqlValue[][], pred: readonly SqlValue[][], orderMatters: boolean): boolean {
  const s1 = gold.map((r) => rowKey(unorderRow(r)));
  const s2 = pred.map((r) => rowKey(unorderRow(r)));
  return orderMatters ? s1.every((x, i) => x === s2[i]) : setEq(s1, s2);
}

/** Leaves explored by the column-permutation search before giving up (never reached on real data). */
const PERMUTATION_BUDGET = 200_000;

/**
 * exec_eval.py `result_eq(result1=gold, result2=pred, order_matters)`: true iff some column permutation of pred
 * makes it equal to gold — as a list when order matters, else as a multiset (bag) of rows.
 * The official code enumerates candidate permutations (`get_constraint_permutation` prunes a pred column j for
 * gold column i when a sampled pred value is absent from gold column i — a sound pruning, so its random sampling
 * never changes the answer). We prune soundly too (a valid permutation maps each gold column to a pred column with
 * the same multiset — same sequence when order matters) and treat identical pred columns as interchangeable, so
 * the outcome is the same as "there exists a bijection" without the exponential blow-up.
 */
function spiderResultEq(gold: readonly SqlValue[][], pred: readonly SqlValue[][], orderMatters: boolean): boolean {
  if (gold.length === 0 && pred.length === 0) return true; // empty == empty, whatever the columns
  if (gold.length !== pred.length) return false;
  const n = gold[0]?.length ?? 0;
  if ((pred[0]?.length ?? 0) !== n) return false;
  if (!quickRej(gold, pred, orderMatters)) return false;

  const gk = gold.map((r) => r.map(canonValue));
  const pk = pred.map((r) => r.map(canonValue));
  const column = (rows: string[][], j: number): string[] => rows.map((r) => r[j] ?? '');
  const sig = (col: string[]): string => JSON.stringify(orderMatters ? col : [...col].sort());
  const goldSig = Array.from({ length: n }, (_, i) => sig(column(gk, i)));
  const classes = new Map<string, { cols: number[]; used: number; sig: string }>();
  for (let j = 0; j < n; j++) {
    const col = column(pk, j);
    const seq = JSON.stringify(col);
    const c = classes.get(seq) ?? { cols: [], used: 0, sig: sig(col) };
    c.cols.push(j);
    classes.set(seq, c);
  }
  const goldRows = gk.map((r) => JSON.stringify(r));
  const perm: number[] = new Array<number>(n).fill(0);
  let leaves = 0;
  const search = (i: number): boolean => {
    if (i === n) {
      leaves++;
      const permuted = pk.map((r) => JSON.stringify(perm.map((j) => r[j])));
      return orderMatters ? permuted.every((x, k) => x === goldRows[k]) : multisetEq(goldRows, permuted);
    }
    for (const c of classes.values()) {
      if (c.used >= c.cols.length || c.sig !== goldSig[i]) continue;
      perm[i] = c.cols[c.used] ?? 0;
      c.used++;
      const ok = search(i + 1);
      c.used--;
      if (ok || leaves >= PERMUTATION_BUDGET) return ok;
    }
    return false;
  };
  return search(0);
}

// ---------------------------------------------------------------- public API

/**
 * EX of one prediction against the gold result on one database.
 * - bird: `set(pred) == set(gold)`.
 * - spider: `result_eq(gold, pred, order_matters)` with `order_matters = 'order by' in prepared_gold.lower()`
 *   (`opts.goldSql` is the gold SQL as written; it is prepared here exactly as eval_exec_match does).
 *   The official test-suite also repeats this on every `*.sqlite` in the gold database's folder (the test suite);
 *   the caller does that loop, requiring a match on each database.
 * Column names never matter. A truncated result (row cap hit) never matches: equal prefixes prove nothing.
 */
export function resultsMatch(pred: ResultSet, gold: ResultSet, mode: ExMode, opts: { goldSql: string }): boolean {
  if (pred.truncated || gold.truncated) return false;
  if (mode === 'bird') return birdMatch(pred.rows, gold.rows);
  return spiderResultEq(gold.rows, pred.rows, spiderOrderMatters(opts.goldSql));
}

/**
 * Canonical key for majority voting (maj@n): equal for results the mode considers equal.
 * bird: the set of rows. spider: the sorted multiset of rows (or the row list when `orderMatters`, i.e. when the
 * gold SQL has ORDER BY — see `spiderOrderMatters`). Column permutations are NOT folded together for spider (two
 * predictions differing only in column order get different keys). Returned as `<rows>:<sha256 prefix>`.
 */
export function resultKey(rs: ResultSet, mode: ExMode, opts: { orderMatters?: boolean } = {}): string {
  let rows = rs.rows.map(rowKey);
  if (mode === 'bird') rows = [...new Set(rows)].sort();
  else if (!opts.orderMatters) rows.sort();
  const body = JSON.stringify(rows) + (rs.truncated ? '+truncated' : '');
  return `${rows.length}:${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;
}

/** What one execution gave: `ExecResult` of benchmarks/text2sql/executor.ts is assignable to this. */
export type ExecOutcome = ({ ok: true } & ResultSet) | { ok: false; kind: string; error: string };

export type ExReason =
  | 'match'
  | 'mismatch'
  | 'truncated'
  | 'gold_truncated'
  | `pred_${string}`
  | `gold_${string}`;

/**
 * EX with the reason when it is 0: an error/timeout/rejection of either query scores 0 in both official scripts
 * (BIRD: `except` ⇒ res = 0; Spider: pred exception ⇒ 0, gold exception is an assertion failure — we report
 * `gold_<kind>` so the caller can flag a data problem).
 */
export function exCompare(
  pred: ExecOutcome,
  gold: ExecOutcome,
  mode: ExMode,
  opts: { goldSql: string },
): { match: boolean; reason: ExReason } {
  if (!gold.ok) return { match: false, reason: `gold_${gold.kind}` };
  if (!pred.ok) return { match: false, reason: `pred_${pred.kind}` };
  if (gold.truncated) return { match: false, reason: 'gold_truncated' };
  if (pred.truncated) return { match: false, reason: 'truncated' };
  const match = resultsMatch(pred, gold, mode, opts);
  return { match, reason: match ? 'match' : 'mismatch' };
}
