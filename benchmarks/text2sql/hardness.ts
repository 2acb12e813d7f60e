// Spider's hardness levels (easy / medium / hard / extra), computed from the parsed `sql` field
// that the official dev.json carries, exactly as taoyds/spider evaluation.py's
// Evaluator.eval_hardness does (count_component1, count_component2 = get_nestedSQL, count_others).
//
// Parsed-SQL shapes (evaluation.py header): cond_unit = (not_op, op_id, val_unit, val1, val2);
// condition = [cond_unit, 'and'/'or', cond_unit, …]; select = (isDistinct, [(agg_id, val_unit)…]);
// orderBy = ('asc'/'desc', [val_unit…]); val_unit = (unit_op, col_unit1, col_unit2);
// col_unit = (agg_id, col_id, isDistinct).

export type Hardness = 'easy' | 'medium' | 'hard' | 'extra';

type Py = unknown;
const LIKE = 9; // WHERE_OPS.index('like')

function list(x: Py): Py[] {
  return Array.isArray(x) ? x : [];
}
const evens = (xs: Py[]) => xs.filter((_, i) => i % 2 === 0);
const odds = (xs: Py[]) => xs.filter((_, i) => i % 2 === 1);

/**
 * has_agg(unit) = unit[0] != AGG_OPS.index('none'), applied by count_others to whatever it is
 * given. Quirks kept: for cond_units unit[0] is not_op, so `NOT …` counts as an aggregation;
 * count_agg(sql['having']) also sees the 'and'/'or' strings, whose first character != 0.
 */
function hasAgg(unit: Py): boolean {
  const first = Array.isArray(unit) ? unit[0] : typeof unit === 'string' ? unit[0] : undefined;
  if (typeof first === 'boolean') return first; // Python: False != 0 is False, True != 0 is True
  if (typeof first === 'number') return first !== 0;
  return first !== undefined; // a string's first character is never == 0
}
const countAgg = (units: Py[]) => units.filter(hasAgg).length;

interface ParsedSql {
  select: Py;
  from: { table_units?: Py; conds?: Py };
  where: Py;
  groupBy: Py;
  orderBy: Py;
  having: Py;
  limit: Py;
  intersect: Py;
  except: Py;
  union: Py;
}

function asSql(x: Py): ParsedSql | null {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return null;
  const o = x as Record<string, unknown>;
  if (!('select' in o) || !('from' in o) || !('where' in o)) return null;
  return o as unknown as ParsedSql;
}

const isDict = (x: Py) => Boolean(x) && typeof x === 'object' && !Array.isArray(x);

function conds(sql: ParsedSql): { all: Py[]; connectors: Py[] } {
  const from = list(sql.from?.conds);
  const where = list(sql.where);
  const having = list(sql.having);
  return { all: [...evens(from), ...evens(where), ...evens(having)], connectors: [...odds(from), ...odds(where), ...odds(having)] };
}

function countComponent1(sql: ParsedSql): number {
  let count = 0;
  if (list(sql.where).length > 0) count += 1;
  if (list(sql.groupBy).length > 0) count += 1;
  if (list(sql.orderBy).length > 0) count += 1;
  if (sql.limit !== null && sql.limit !== undefined) count += 1;
  const tables = list(sql.from?.table_units);
  if (tables.length > 0) count += tables.length - 1; // JOIN
  const c = conds(sql);
  count += c.connectors.filter((t) => t === 'or').length;
  count += c.all.filter((u) => list(u)[1] === LIKE).length;
  return count;
}

/** get_nestedSQL: subqueries as val1/val2 of conditions, plus intersect/except/union. */
function countComponent2(sql: ParsedSql): number {
  let nested = 0;
  for (const u of conds(sql).all) {
    if (isDict(list(u)[3])) nested += 1;
    if (isDict(list(u)[4])) nested += 1;
  }
  for (const k of [sql.intersect, sql.except, sql.union]) if (k !== null && k !== undefined) nested += 1;
  return nested;
}

function countOthers(sql: ParsedSql): number {
  let count = 0;
  const select = list(list(sql.select)[1]);
  let agg = countAgg(select);
  agg += countAgg(evens(list(sql.where)));
  agg += countAgg(list(sql.groupBy));
  const order = list(sql.orderBy);
  if (order.length > 0) {
    const units = list(order[1]);
    agg += countAgg([...units.map((u) => list(u)[1]).filter(Boolean), ...units.map((u) => list(u)[2]).filter(Boolean)]);
  }
  agg += countAgg(list(sql.having));
  if (agg > 1) count += 1;
  if (select.length > 1) count += 1;
  if (list(sql.where).length > 1) count += 1;
  if (list(sql.groupBy).length > 1) count += 1;
  return count;
}

/** eval_hardness; null when the record carries no parsed `sql`. */
export function spiderHardness(parsed: Py): Hardness | null {
  const sql = asSql(parsed);
  if (!sql) return null;
  const c1 = countComponent1(sql);
  const c2 = countComponent2(sql);
  const o = countOthers(sql);
  if (c1 <= 1 && o === 0 && c2 === 0) return 'easy';
  if ((o <= 2 && c1 <= 1 && c2 === 0) || (c1 <= 2 && o < 2 && c2 === 0)) return 'medium';
  if ((o > 2 && c1 <= 2 && c2 === 0) || (c1 > 2 && c1 <= 3 && o <= 2 && c2 === 0) || (c1 <= 1 && o === 0 && c2 <= 1)) return 'hard';
  return 'extra';
}
