// Spider hardness from the parsed `sql` of the official release, against eval_hardness
// (taoyds/spider evaluation.py), on hand-built parse trees of real Spider dev queries.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spiderHardness } from '../benchmarks/text2sql/hardness.js';

const col = (agg: number, id: number) => [agg, id, false];
const val = (agg: number, id: number) => [0, col(agg, id), null];
const base = () => ({
  select: [false, [[0, val(0, 1)]]] as unknown[],
  from: { table_units: [['table_unit', 0]] as unknown[], conds: [] as unknown[] },
  where: [] as unknown[],
  groupBy: [] as unknown[],
  orderBy: [] as unknown[],
  having: [] as unknown[],
  limit: null as number | null,
  intersect: null as unknown,
  except: null as unknown,
  union: null as unknown,
});

describe('spiderHardness (eval_hardness)', () => {
  it('easy: SELECT count(*) FROM pets WHERE weight > 10', () => {
    const sql = base();
    sql.select = [false, [[3, val(0, 0)]]];
    sql.where = [[false, 3, val(0, 5), 10.0, null]];
    expect(spiderHardness(sql)).toBe('easy');
  });

  it('medium: two select columns, one WHERE (others = 1, component1 = 1)', () => {
    const sql = base();
    sql.select = [false, [[0, val(0, 1)], [0, val(0, 2)]]];
    sql.where = [[false, 2, val(0, 3), '"x"', null]];
    expect(spiderHardness(sql)).toBe('medium');
  });

  it('hard: a join, GROUP BY, ORDER BY, LIMIT (component1 = 4 > 3 ⇒ extra) vs three components ⇒ hard', () => {
    const sql = base();
    sql.from.table_units = [['table_unit', 0], ['table_unit', 1]];
    sql.from.conds = [[false, 2, val(0, 1), col(0, 7), null]];
    sql.groupBy = [col(0, 1)];
    sql.orderBy = ['desc', [[0, col(3, 0), null]]];
    expect(spiderHardness(sql)).toBe('hard'); // c1 = 3 (group, order, join), others = 0
    sql.limit = 1;
    expect(spiderHardness(sql)).toBe('extra'); // c1 = 4
  });

  it('hard: one nested subquery and nothing else (c1 ≤ 1, others 0, c2 ≤ 1)', () => {
    const sql = base();
    const sub = base();
    sql.where = [[false, 8, val(0, 1), sub, null]]; // x IN (SELECT …)
    expect(spiderHardness(sql)).toBe('hard');
    sql.union = base();
    expect(spiderHardness(sql)).toBe('extra'); // two nested
  });

  it("keeps the official quirks: NOT conditions count as aggregations; HAVING's connectors too", () => {
    const sql = base();
    sql.select = [false, [[3, val(0, 0)]]]; // count(*): 1 aggregation
    sql.where = [[true, 8, val(0, 1), 5, null]]; // NOT IN: not_op = True counts as has_agg
    // agg_count = 2 > 1 ⇒ others = 1; c1 = 1 ⇒ medium (without the quirk it would be easy)
    expect(spiderHardness(sql)).toBe('medium');
  });

  it('returns null without a parsed sql, and rates the official dev rows of the reference file', () => {
    expect(spiderHardness(undefined)).toBeNull();
    expect(spiderHardness({ query: 'x' })).toBeNull();
    const ref = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'spider_dev_format_reference.json'), 'utf8')) as Array<{ query: string; sql: unknown }>;
    // All eight are single-table counts/filters: the official evaluator rates them easy.
    expect(ref.map((r) => spiderHardness(r.sql))).toEqual(ref.map(() => 'easy'));
  });
});
