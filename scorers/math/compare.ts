// Gold-vs-prediction comparison of parsed answers, following Math-Verify 0.8.0
// (huggingface/Math-Verify, src/math_verify/grader.py: sympy_expr_eq and helpers) with its
// defaults float_rounding=6, numeric_precision=15, strict=True. Not symmetric: the gold's
// form decides how an equation in the prediction is read ("x = 3" vs gold "3" → 3).
import { type MathNode, freeSymbols, isEquation, isNumberAtom, isRelation, isSetLike, onlySymbols, show } from './ast.js';
import { numericValue, symbolicEqual } from './cas.js';
import { exactValue, qEq, qToNumber, roundEq6 } from './exact.js';
import { floatEval, sampleVariables, samplePoints } from './float-eval.js';
import { equationsProportional, evalMatrix, relationAsSet } from './compare-structures.js';

export class DeadlineExceeded extends Error {}

export interface CompareCtx {
  deadline: number; // Date.now() bound; checked before every costly step
}

function check(ctx: CompareCtx): void {
  if (Date.now() > ctx.deadline) throw new DeadlineExceeded('comparison deadline exceeded');
}

const rels = (n: MathNode): MathNode[] => (n.k === 'and' ? n.args : [n]);
type Rel = Extract<MathNode, { k: 'rel' }>;
const firstRel = (n: MathNode): Rel => rels(n)[0] as Rel;
const lastRel = (n: MathNode): Rel => rels(n)[rels(n).length - 1] as Rel;
function isAssignment(n: MathNode): boolean {
  if (n.k === 'rel') return n.op === '=' && onlySymbols(n.lhs);
  return isEquation(n) && n.k === 'and' && onlySymbols(firstRel(n).lhs);
}

const isFloatAtom = (n: MathNode): boolean => n.k === 'float' || (n.k === 'pct' && n.arg.k === 'float');
const isNumAtomOrPct = (n: MathNode): boolean => isNumberAtom(n) || (n.k === 'pct' && isNumberAtom(n.arg));

/** Numeric value for comparisons: exact when rational, else double precision, else the engine's evalf. */
function realValue(n: MathNode): number | null {
  const e = exactValue(n);
  if (e) return qToNumber(e);
  const f = floatEval(n);
  if (Number.isFinite(f)) return f;
  const v = numericValue(n);
  if (!v || Math.abs(v.im) > 1e-12 * Math.max(1, Math.abs(v.re))) return null;
  return v.re;
}

function containsFloat(n: MathNode): boolean {
  switch (n.k) {
    case 'float':
      return true;
    case 'add':
    case 'mul':
    case 'fn':
      return n.args.some(containsFloat);
    case 'pow':
      return containsFloat(n.base) || containsFloat(n.exp);
    case 'pct':
      return containsFloat(n.arg);
    default:
      return false;
  }
}

/** Constants equal up to evaluation precision: (a - b).evalf(chop=True, n=15) == 0. */
function constantsEqual(a: MathNode, b: MathNode): boolean {
  if (freeSymbols(a).size > 0 || freeSymbols(b).size > 0) return false;
  // Fast path: double precision settles clear cases; the engine's evalf decides close calls.
  const fa = floatEval(a);
  const fb = floatEval(b);
  if (Number.isFinite(fa) && Number.isFinite(fb)) {
    const d = Math.abs(fa - fb);
    const sc = Math.max(1, Math.abs(fa), Math.abs(fb));
    if (d > 1e-9 * sc) return false;
    if (d <= 1e-14 * sc) return true;
  }
  const va = numericValue(a);
  const vb = numericValue(b);
  if (!va || !vb || !Number.isFinite(va.re) || !Number.isFinite(vb.re)) return false;
  const scale = Math.max(1, Math.abs(va.re), Math.abs(vb.re));
  return Math.abs(va.re - vb.re) <= 1e-13 * scale && Math.abs(va.im - vb.im) <= 1e-13 * scale;
}

/** sympy_numeric_eq for non-matrix operands. */
function numericEq(a: MathNode, b: MathNode, ctx: CompareCtx): boolean {
  check(ctx);
  const ea = exactValue(a);
  const eb = exactValue(b);
  if ((isNumAtomOrPct(a) || isNumAtomOrPct(b)) && (isFloatAtom(a) || isFloatAtom(b))) {
    // a.round(6) == b.round(6) after doit()
    if (ea && eb) return roundEq6(ea, eb);
    const va = realValue(a);
    const vb = realValue(b);
    if (va === null || vb === null) return false;
    return Math.round(va * 1e6) === Math.round(vb * 1e6);
  }
  // A decimal inside a larger expression ("14/3." read as 14·3.0⁻¹) makes SymPy evaluate in
  // binary floating point: doit() == and simplify(a − b) == 0 then hold only when the doubles
  // coincide (2/3. equals 2/3, 14/3. does not equal 14/3). IEEE doubles reproduce that.
  if (containsFloat(a) || containsFloat(b)) {
    const fa = floatEval(a);
    const fb = floatEval(b);
    if (Number.isFinite(fa) && Number.isFinite(fb)) return fa === fb;
  }
  // Exact values (doit() equality), else evalf of the difference for constants.
  if (ea && eb) return qEq(ea, eb);
  return constantsEqual(a, b);
}

/** Fast refutation: the two sides take different values at a sample point of their variables. */
function differAtSamples(a: MathNode, b: MathNode): boolean {
  const vars = sampleVariables(b, sampleVariables(a));
  for (const env of [...samplePoints(vars), ...samplePoints(vars, 3, true)]) {
    const va = floatEval(a, env);
    const vb = floatEval(b, env);
    if (!Number.isFinite(va) || !Number.isFinite(vb)) continue;
    if (Math.abs(va - vb) > 1e-8 * Math.max(1, Math.abs(va), Math.abs(vb))) return true;
  }
  return false;
}

/** sympy_compare_symbols: e vs E, "abc" vs a·b·c, case-insensitive multi-letter names. */
function compareSymbols(g: MathNode, p: MathNode): boolean {
  const isE = (n: MathNode): boolean => n.k === 'const' && n.name === 'E';
  const bare = (s: string): string => s.replace(/'$/, '');
  if ((g.k === 'sym' && bare(g.name) === 'e' && isE(p)) || (p.k === 'sym' && bare(p.name) === 'e' && isE(g))) return true;
  const concat = (m: MathNode): string | null =>
    m.k === 'mul' && m.args.every((x) => x.k === 'sym' || isE(x)) ? m.args.map((x) => (x.k === 'sym' ? bare(x.name) : 'e')).join('') : null;
  if (g.k === 'sym' && p.k === 'mul') {
    const c = concat(p);
    return c !== null && bare(g.name) === c;
  }
  if (p.k === 'sym' && g.k === 'mul') {
    const c = concat(g);
    return c !== null && bare(p.name) === c;
  }
  if (g.k === 'sym' && p.k === 'sym') return g.name === p.name;
  return show(g) === show(p);
}

function compareRelational(g: MathNode, p: MathNode, ctx: CompareCtx): boolean {
  if (g.k === 'and' && p.k === 'and') {
    return g.args.length === p.args.length && g.args.every((x, k) => compareRelational(x, p.args[k]!, ctx));
  }
  if (g.k !== 'rel' || p.k !== 'rel') return false;
  const diff = (r: Rel, flip: boolean): MathNode =>
    flip
      ? { k: 'add', args: [r.rhs, { k: 'mul', args: [{ k: 'int', v: -1n }, r.lhs] }] }
      : { k: 'add', args: [r.lhs, { k: 'mul', args: [{ k: 'int', v: -1n }, r.rhs] }] };
  if (g.op === p.op && exprEq(diff(g, false), diff(p, false), ctx)) return true;
  const inverse: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=', '!=': '' };
  if (inverse[g.op] === p.op && exprEq(diff(g, false), diff(p, true), ctx)) return true;
  // sympy_solve_and_compare: equations with the same solutions (approximated, see the helper).
  return equationsProportional(g, p);
}

const setItems = (n: MathNode): MathNode[] | null =>
  n.k === 'set' || n.k === 'tuple' ? n.items : null;

/** Distinct elements of a finite set, as SymPy's FiniteSet deduplicates. */
function dedupe(items: MathNode[]): MathNode[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const s = show(x);
    if (seen.has(s)) return false;
    seen.add(s);
    return true;
  });
}

/** sympy_deep_compare_set_and_tuple: same size; tuples in order, sets up to reordering. */
function compareCollections(g: MathNode, p: MathNode, ctx: CompareCtx): boolean {
  const gi = g.k === 'set' ? dedupe(g.items) : setItems(g)!;
  const pi = p.k === 'set' ? dedupe(p.items) : setItems(p)!;
  if (gi.length !== pi.length) return false;
  // A tuple gold keeps its order (a set prediction is read in written order, _unsorted_args).
  if (g.k === 'tuple') return gi.every((x, k) => exprEq(x, pi[k]!, ctx));
  // Math-Verify sorts both sides by value and compares pairwise; a matching finds the same
  // pairs for sets of distinct values and does not depend on a sort order.
  const used = new Array<boolean>(pi.length).fill(false);
  return gi.every((x) => {
    for (let k = 0; k < pi.length; k++) {
      if (!used[k] && exprEq(x, pi[k]!, ctx)) {
        used[k] = true;
        return true;
      }
    }
    return false;
  });
}

function compareSets(g: MathNode, p: MathNode, ctx: CompareCtx): boolean {
  const a = isSetLike(g) ? g : { k: 'set', items: [g] } as MathNode;
  const b = isSetLike(p) ? p : { k: 'set', items: [p] } as MathNode;
  if (a.k === 'interval' && b.k === 'interval') {
    return a.lopen === b.lopen && a.ropen === b.ropen && exprEq(a.lo, b.lo, ctx) && exprEq(a.hi, b.hi, ctx);
  }
  if (show(a) === show(b)) return true;
  if (a.k === 'union' && b.k === 'union') {
    if (a.args.length !== b.args.length) return false;
    const used = new Array<boolean>(b.args.length).fill(false);
    return a.args.every((x) => b.args.some((y, k) => !used[k] && compareSets(x, y, ctx) && (used[k] = true)));
  }
  if ((a.k === 'set' || a.k === 'tuple') && (b.k === 'set' || b.k === 'tuple')) return compareCollections(a, b, ctx);
  // "(1,2)" parses as an open interval; the prediction "1, 2" is a set of two elements.
  if (a.k === 'interval' && (b.k === 'set' || b.k === 'tuple') && a.lopen && a.ropen && b.items.length === 2) {
    return compareCollections({ k: 'tuple', items: [a.lo, a.hi] }, b, ctx);
  }
  if (b.k === 'interval' && (a.k === 'set' || a.k === 'tuple') && b.lopen && b.ropen && a.items.length === 2) {
    return compareCollections(a, { k: 'tuple', items: [b.lo, b.hi] }, ctx);
  }
  return false;
}

function compareMatrices(g: MathNode[][], p: MathNode[][], ctx: CompareCtx): boolean {
  if (g.length !== p.length || g[0]!.length !== p[0]!.length) return false;
  return g.every((r, i) => r.every((x, j) => exprEq(x, p[i]![j]!, ctx)));
}

/** sympy_expr_eq(gold, pred) with strict=True, allow_set_relation_comp=False. */
export function exprEq(gold: MathNode, pred: MathNode, ctx: CompareCtx): boolean {
  check(ctx);
  // sympy_str_eq raises on a nan/zoo gold ("12:00" reads as 12/0): the comparison fails.
  if (gold.k === 'const' && gold.name === 'zoo') return false;
  const goldAssign = isAssignment(gold);
  const predAssign = isAssignment(pred);
  const goldEqn = isEquation(gold);
  const predEqn = isEquation(pred);
  if (goldAssign) gold = { k: 'rel', op: '=', lhs: firstRel(gold).lhs, rhs: lastRel(gold).rhs };
  if (predAssign) pred = { k: 'rel', op: '=', lhs: firstRel(pred).lhs, rhs: lastRel(pred).rhs };
  if (predEqn && !goldEqn) pred = lastRel(pred).rhs;
  else if (goldAssign && !predEqn) gold = lastRel(gold).rhs;

  // "1 < x < 2" against a set prediction: the relation's solution set.
  if (isRelation(gold) && isSetLike(pred)) gold = relationAsSet(gold) ?? gold;

  if (show(gold) === show(pred)) return true;
  if (isRelation(gold) && isRelation(pred)) return compareRelational(gold, pred, ctx);
  if (isSetLike(gold) || isSetLike(pred)) return compareSets(gold, pred, ctx);
  if (gold.k === 'sym' || pred.k === 'sym') return compareSymbols(gold, pred);
  if (isRelation(gold) || isRelation(pred)) return false;
  const gm = evalMatrix(gold);
  const pm = evalMatrix(pred);
  if (gm || pm) return gm !== null && pm !== null && compareMatrices(gm, pm, ctx);
  if (numericEq(gold, pred, ctx)) return true;
  check(ctx);
  // For constants the numeric test is SymPy's evalf; simplify(a - b) matters with free symbols.
  if (freeSymbols(gold).size === 0 && freeSymbols(pred).size === 0) return false;
  if (differAtSamples(gold, pred)) return false;
  check(ctx);
  return symbolicEqual(gold, pred);
}
