import { describe, expect, it } from 'vitest';
import {
  exCompare,
  pyFloatRepr,
  pyStr,
  resultKey,
  resultsMatch,
  type ExMode,
  type ResultSet,
  type SqlValue,
} from '../scorers/sql-results.js';
import { spiderOrderMatters, spiderPrepareSql, spiderRemoveDistinct } from '../scorers/sql-spider-prep.js';

const rs = (rows: SqlValue[][], columns?: string[]): ResultSet => ({
  columns: columns ?? (rows[0] ?? []).map((_, i) => `c${i}`),
  rows,
});
const NO_ORDER = 'SELECT a, b FROM t';
const ORDERED = 'SELECT a, b FROM t ORDER BY a';
const match = (pred: SqlValue[][], gold: SqlValue[][], mode: ExMode, goldSql = NO_ORDER): boolean =>
  resultsMatch(rs(pred), rs(gold), mode, { goldSql });
const both = (pred: SqlValue[][], gold: SqlValue[][], goldSql = NO_ORDER) => ({
  bird: match(pred, gold, 'bird', goldSql),
  spider: match(pred, gold, 'spider', goldSql),
});

describe('resultsMatch: BIRD set semantics vs Spider test-suite bag semantics', () => {
  it('reordered rows: bird matches; spider matches unless the gold has ORDER BY', () => {
    const gold = [[1n, 'a'], [2n, 'b']];
    const pred = [[2n, 'b'], [1n, 'a']];
    expect(both(pred, gold)).toEqual({ bird: true, spider: true });
    expect(both(pred, gold, ORDERED)).toEqual({ bird: true, spider: false });
    expect(both(gold, gold, ORDERED)).toEqual({ bird: true, spider: true });
  });

  it('duplicated rows: bird ignores them, spider counts them', () => {
    expect(both([[1n], [1n], [2n]], [[1n], [2n]])).toEqual({ bird: true, spider: false });
    expect(both([[1n], [2n], [2n]], [[1n], [1n], [2n]])).toEqual({ bird: true, spider: false });
  });

  it('swapped column order: bird does not match, spider finds the permutation', () => {
    const gold = [[1n, 'a'], [2n, 'b']];
    const pred = [['a', 1n], ['b', 2n]];
    expect(both(pred, gold)).toEqual({ bird: false, spider: true });
    expect(both(pred, gold, ORDERED)).toEqual({ bird: false, spider: true });
    const wide = [[1n, 2n, 3n, 4n, 5n], [6n, 7n, 8n, 9n, 10n]];
    const permuted = wide.map((r) => [r[4], r[2], r[0], r[3], r[1]] as SqlValue[]);
    expect(both(permuted, wide)).toEqual({ bird: false, spider: true });
  });

  it('spider needs one permutation for all rows, not one per row', () => {
    expect(both([[1n, 2n], [4n, 3n]], [[1n, 2n], [3n, 4n]])).toEqual({ bird: false, spider: false });
    expect(match([[2n, 1n], [1n, 2n]], [[1n, 2n], [2n, 1n]], 'spider')).toBe(true);
  });

  it('int and float compare equal as in Python (1 == 1.0), exactly', () => {
    expect(both([[1.0]], [[1n]])).toEqual({ bird: true, spider: true });
    expect(both([[0n]], [[-0]])).toEqual({ bird: true, spider: true });
    expect(both([[2.5]], [[2n]])).toEqual({ bird: false, spider: false });
    expect(both([[2 ** 53]], [[2n ** 53n + 1n]])).toEqual({ bird: false, spider: false });
    expect(both([[1.0, 2n]], [[1n, 2n]])).toEqual({ bird: true, spider: true });
  });

  it("spider quirk: quick_rej sorts each row by str(x)+str(type(x)), so (1.0, 10) is rejected against (1, 10)", () => {
    expect(both([[1.0, 10n]], [[1n, 10n]])).toEqual({ bird: true, spider: false });
  });

  it("strings never equal numbers, text never equals bytes", () => {
    expect(both([['1']], [[1n]])).toEqual({ bird: false, spider: false });
    expect(both([[new Uint8Array([97])]], [['a']])).toEqual({ bird: false, spider: false });
    expect(both([[new Uint8Array([97])]], [[new Uint8Array([97])]])).toEqual({ bird: true, spider: true });
  });

  it('NULLs equal NULLs only', () => {
    expect(both([[null, 1n]], [[null, 1n]])).toEqual({ bird: true, spider: true });
    expect(both([[1n, null]], [[null, 1n]])).toEqual({ bird: false, spider: true });
    expect(both([[null]], [[0n]])).toEqual({ bird: false, spider: false });
    expect(both([[null]], [['']])).toEqual({ bird: false, spider: false });
  });

  it('empty vs empty matches whatever the columns; empty vs rows does not', () => {
    expect(resultsMatch(rs([], ['a']), rs([], ['x', 'y']), 'bird', { goldSql: NO_ORDER })).toBe(true);
    expect(resultsMatch(rs([], ['a']), rs([], ['x', 'y']), 'spider', { goldSql: NO_ORDER })).toBe(true);
    expect(both([], [[1n]])).toEqual({ bird: false, spider: false });
    expect(both([[null]], [])).toEqual({ bird: false, spider: false });
  });

  it('an extra column never matches; column names never matter', () => {
    expect(both([[1n, 'a']], [[1n]])).toEqual({ bird: false, spider: false });
    expect(resultsMatch(rs([[1n]], ['count(*)']), rs([[1n]], ['n']), 'bird', { goldSql: NO_ORDER })).toBe(true);
  });

  it('truncated results never match, even against themselves', () => {
    const t: ResultSet = { columns: ['a'], rows: [[1n]], truncated: true };
    expect(resultsMatch(t, t, 'bird', { goldSql: NO_ORDER })).toBe(false);
    expect(resultsMatch(t, rs([[1n]]), 'spider', { goldSql: NO_ORDER })).toBe(false);
  });
});

describe('Spider SQL preparation (exec_eval.py / parse.py)', () => {
  it('removes every DISTINCT word, including inside aggregates, but not in strings, names or comments', () => {
    expect(spiderRemoveDistinct('SELECT DISTINCT name FROM t')).toBe('SELECT  name FROM t');
    expect(spiderRemoveDistinct('SELECT count(distinct x) FROM t')).toBe('SELECT count( x) FROM t');
    expect(spiderRemoveDistinct("SELECT Distinct a FROM t WHERE b = 'distinct' AND \"distinct\" = 1")).toBe(
      "SELECT  a FROM t WHERE b = 'distinct' AND \"distinct\" = 1",
    );
    expect(spiderRemoveDistinct('SELECT distinct_name FROM t -- distinct\n')).toBe('SELECT distinct_name FROM t -- distinct\n');
  });

  it('keeps only the first statement, like sqlparse.parse(s)[0]', () => {
    expect(spiderRemoveDistinct('SELECT DISTINCT a FROM t; DROP TABLE t')).toBe('SELECT  a FROM t; ');
    expect(spiderRemoveDistinct("SELECT ';' FROM t;\nSELECT 2")).toBe("SELECT ';' FROM t;");
    expect(spiderRemoveDistinct('   ')).toBe('');
  });

  it('applies postprocess, replace_cur_year and, for predictions, the " value " placeholder', () => {
    expect(spiderPrepareSql('SELECT a FROM t WHERE b > = 1 AND c < = 2 AND d ! = 3')).toBe(
      'SELECT a FROM t WHERE b >= 1 AND c <= 2 AND d != 3',
    );
    expect(spiderPrepareSql('SELECT a FROM t WHERE y = year ( curdate ( ) ) - 1')).toBe('SELECT a FROM t WHERE y = 2020- 1');
    expect(spiderPrepareSql('SELECT a FROM t WHERE b = value ', { role: 'pred' })).toBe('SELECT a FROM t WHERE b = 1 ');
    expect(spiderPrepareSql('SELECT a FROM t WHERE b = value ')).toBe('SELECT a FROM t WHERE b = value ');
    expect(spiderPrepareSql('SELECT DISTINCT a FROM t', { keepDistinct: true })).toBe('SELECT DISTINCT a FROM t');
    // gold and pred differing only by DISTINCT become the same query
    expect(spiderPrepareSql('SELECT DISTINCT a FROM t')).toBe(spiderPrepareSql('SELECT  a FROM t', { role: 'pred' }));
  });

  it("decides order_matters by the substring 'order by' in the prepared gold", () => {
    expect(spiderOrderMatters('SELECT a FROM t ORDER BY a')).toBe(true);
    expect(spiderOrderMatters('select a from t order by a desc limit 1')).toBe(true);
    expect(spiderOrderMatters('SELECT a FROM t ORDER  BY a')).toBe(false);
    expect(spiderOrderMatters('SELECT a FROM t ORDER\nBY a')).toBe(false);
    expect(spiderOrderMatters('SELECT a FROM t')).toBe(false);
  });
});

describe('resultKey (maj@n votes)', () => {
  it('bird: equal keys for row order, duplicates and 1 vs 1.0; different otherwise', () => {
    const k = resultKey(rs([[1n, 'a'], [2n, 'b']]), 'bird');
    expect(resultKey(rs([[2.0, 'b'], [1n, 'a'], [1n, 'a']]), 'bird')).toBe(k);
    expect(resultKey(rs([['a', 1n], ['b', 2n]]), 'bird')).not.toBe(k);
    expect(resultKey(rs([[1n, 'a']]), 'bird')).not.toBe(k);
  });

  it('spider: multiset (order-free unless asked), duplicates count', () => {
    const k = resultKey(rs([[1n], [2n]]), 'spider');
    expect(resultKey(rs([[2n], [1.0]]), 'spider')).toBe(k);
    expect(resultKey(rs([[1n], [2n], [2n]]), 'spider')).not.toBe(k);
    expect(resultKey(rs([[2n], [1n]]), 'spider', { orderMatters: true })).not.toBe(resultKey(rs([[1n], [2n]]), 'spider', { orderMatters: true }));
  });

  it('empty results share a key whatever their columns; truncation changes the key', () => {
    expect(resultKey(rs([], ['a']), 'bird')).toBe(resultKey(rs([], ['a', 'b']), 'bird'));
    expect(resultKey({ columns: ['a'], rows: [[1n]], truncated: true }, 'bird')).not.toBe(resultKey(rs([[1n]]), 'bird'));
  });
});

describe('exCompare', () => {
  const ok = (rows: SqlValue[][]) => ({ ok: true as const, columns: ['a'], rows, truncated: false });
  it('gives the reason of a zero', () => {
    const g = { goldSql: NO_ORDER };
    expect(exCompare(ok([[1n]]), ok([[1n]]), 'bird', g)).toEqual({ match: true, reason: 'match' });
    expect(exCompare(ok([[2n]]), ok([[1n]]), 'bird', g)).toEqual({ match: false, reason: 'mismatch' });
    expect(exCompare({ ok: false, kind: 'timeout', error: 't' }, ok([[1n]]), 'bird', g).reason).toBe('pred_timeout');
    expect(exCompare(ok([[1n]]), { ok: false, kind: 'error', error: 'e' }, 'spider', g).reason).toBe('gold_error');
    expect(exCompare({ ...ok([[1n]]), truncated: true }, ok([[1n]]), 'bird', g).reason).toBe('truncated');
    expect(exCompare(ok([[1n]]), { ...ok([[1n]]), truncated: true }, 'bird', g).reason).toBe('gold_truncated');
  });
});

describe('Python str() of values', () => {
  it('formats floats like repr(float)', () => {
    const cases: Array<[number, string]> = [
      [1, '1.0'], [-0, '-0.0'], [0.1 + 0.2, '0.30000000000000004'], [123.456, '123.456'], [1e15, '1000000000000000.0'],
      [1e16, '1e+16'], [2.5e20, '2.5e+20'], [0.0001, '0.0001'], [1e-5, '1e-05'], [1.5e-7, '1.5e-07'], [Infinity, 'inf'],
      [-Infinity, '-inf'], [1e100, '1e+100'], [-12.5, '-12.5'],
    ];
    for (const [x, s] of cases) expect(pyFloatRepr(x), String(x)).toBe(s);
  });

  it('formats the other types like str()', () => {
    expect(pyStr(null)).toBe('None');
    expect(pyStr(12n)).toBe('12');
    expect(pyStr('héllo')).toBe('héllo');
    expect(pyStr(new Uint8Array([0, 255, 97, 10]))).toBe("b'\\x00\\xffa\\n'");
    expect(pyStr(new Uint8Array([105, 39, 115]))).toBe('b"i\'s"');
  });
});
