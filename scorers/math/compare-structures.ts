// Structural helpers for the comparison (compare.ts): inequalities read as sets, equations
// compared by their solutions, and matrix arithmetic — the parts of Math-Verify's grader.py
// that lean on SymPy's as_set(), solve() and Matrix objects.
import { type MathNode, freeSymbols, int, show } from './ast.js';
import { floatEval, samplePoints, sampleVariables } from './float-eval.js';

type Rel = Extract<MathNode, { k: 'rel' }>;
type Interval = Extract<MathNode, { k: 'interval' }>;
const NEG_OO: MathNode = { k: 'mul', args: [int(-1), { k: 'const', name: 'oo' }] };
const POS_OO: MathNode = { k: 'const', name: 'oo' };

const isVar = (n: MathNode): boolean => n.k === 'sym' || n.k === 'ufn';

/** One bound "x OP c" as an interval over the reals; null when not of that shape. */
function boundAsInterval(r: Rel, variable: string): Interval | null {
  let { lhs, rhs, op } = r;
  if (isVar(rhs) && show(rhs) === variable && !isVar(lhs)) {
    [lhs, rhs] = [rhs, lhs];
    op = op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
  }
  if (!isVar(lhs) || show(lhs) !== variable || freeSymbols(rhs).size > 0) return null;
  switch (op) {
    case '<': return { k: 'interval', lo: NEG_OO, hi: rhs, lopen: true, ropen: true };
    case '<=': return { k: 'interval', lo: NEG_OO, hi: rhs, lopen: true, ropen: false };
    case '>': return { k: 'interval', lo: rhs, hi: POS_OO, lopen: true, ropen: true };
    case '>=': return { k: 'interval', lo: rhs, hi: POS_OO, lopen: false, ropen: true };
    default: return null;
  }
}

/**
 * relation.as_set() for the one-variable shapes answers use ("x > 2", "-2 ≤ x ≤ 7",
 * "0 < f(x) < 1" with f(x) unwrapped to a symbol as unwrap_fcs does); null otherwise.
 */
export function relationAsSet(n: MathNode): MathNode | null {
  const rels = n.k === 'and' ? n.args : [n];
  if (rels.length === 0 || rels.length > 2 || rels.some((r) => r.k !== 'rel')) return null;
  const first = rels[0] as Rel;
  const variable = isVar(first.rhs) && !isVar(first.lhs) ? show(first.rhs) : isVar(first.lhs) ? show(first.lhs) : null;
  if (!variable) return null;
  let acc: Interval | null = null;
  for (const r of rels as Rel[]) {
    const iv = boundAsInterval(r, variable);
    if (!iv) return null;
    if (!acc) acc = iv;
    else {
      // intersect: the larger lower bound and the smaller upper bound
      const lo: Interval = floatEval(iv.lo) > floatEval(acc.lo) ? iv : acc;
      const hi: Interval = floatEval(iv.hi) < floatEval(acc.hi) ? iv : acc;
      acc = { k: 'interval', lo: lo.lo, lopen: lo.lopen, hi: hi.hi, ropen: hi.ropen };
    }
  }
  return acc;
}

const difference = (r: Rel): MathNode => ({ k: 'add', args: [r.lhs, { k: 'mul', args: [int(-1), r.rhs] }] });

/**
 * sympy_solve_and_compare for two equations over the same unknowns: equivalent when one
 * side's (lhs − rhs) is a constant non-zero multiple of the other's at every sample point
 * (y = −x/2 + 3/4 vs 2x + 4y − 3 = 0; x²/4 + y²/3 = 1 vs x²/16 + y²/12 = 1/4).
 */
export function equationsProportional(g: Rel, p: Rel): boolean {
  if (g.op !== '=' || p.op !== '=') return false;
  const gv = sampleVariables(difference(g));
  const pv = sampleVariables(difference(p));
  if (gv.size === 0 || gv.size !== pv.size || [...gv].some((v) => !pv.has(v))) return false;
  let ratio: number | null = null;
  let seen = 0;
  for (const env of samplePoints(gv, 5)) {
    const a = floatEval(difference(g), env);
    const b = floatEval(difference(p), env);
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    if (Math.abs(b) < 1e-12) {
      if (Math.abs(a) < 1e-12) continue;
      return false;
    }
    const r = a / b;
    if (ratio === null) ratio = r;
    else if (Math.abs(r - ratio) > 1e-9 * Math.max(1, Math.abs(ratio))) return false;
    seen++;
  }
  return ratio !== null && Math.abs(ratio) > 1e-12 && seen >= 3;
}

type Matrix = MathNode[][];

const containsMatrix = (n: MathNode): boolean =>
  n.k === 'matrix' || ((n.k === 'add' || n.k === 'mul') && n.args.some(containsMatrix)) || (n.k === 'pow' && containsMatrix(n.base));

/** Matrix sums, scalar multiples, products and integer powers evaluated entrywise (SymPy's doit()). */
export function evalMatrix(n: MathNode): Matrix | null {
  if (!containsMatrix(n)) return null;
  if (n.k === 'matrix') return n.rows;
  if (n.k === 'add') {
    const ms = n.args.map(evalMatrix);
    if (ms.some((m) => m === null)) return null;
    const [first, ...rest] = ms as Matrix[];
    if (rest.some((m) => m.length !== first!.length || m[0]!.length !== first![0]!.length)) return null;
    return first!.map((row, i) => row.map((x, j) => ({ k: 'add', args: [x, ...rest.map((m) => m[i]![j]!)] }) as MathNode));
  }
  if (n.k === 'mul') {
    let acc: Matrix | null = null;
    let scalar: MathNode[] = [];
    for (const a of n.args) {
      const m = containsMatrix(a) ? evalMatrix(a) : null;
      if (containsMatrix(a) && !m) return null;
      if (!m) {
        scalar.push(a);
        continue;
      }
      if (!acc) acc = m;
      else {
        if (acc[0]!.length !== m.length) return null;
        const prev: Matrix = acc;
        acc = prev.map((row) => m[0]!.map((_, j) => ({ k: 'add', args: row.map((x, k) => ({ k: 'mul', args: [x, m[k]![j]!] })) }) as MathNode));
      }
    }
    if (!acc) return null;
    if (scalar.length > 0) acc = acc.map((row) => row.map((x) => ({ k: 'mul', args: [...scalar, x] }) as MathNode));
    scalar = [];
    return acc;
  }
  if (n.k === 'pow' && n.exp.k === 'int' && n.exp.v > 0n && n.exp.v <= 16n) {
    const m = evalMatrix(n.base);
    if (!m || m.length !== m[0]!.length) return null;
    let acc: MathNode = { k: 'matrix', rows: m };
    for (let k = 1n; k < n.exp.v; k++) acc = { k: 'mul', args: [acc, { k: 'matrix', rows: m }] };
    return evalMatrix(acc);
  }
  return null;
}
