// The checker's entry points: Math-Verify's
//   verify(parse("$" + gold + "$"), parse(prediction))
// (default extraction configs, float_rounding=6, numeric_precision=15, strict=True), as a
// pure function with a cooperative time bound, plus a canonical vote key for maj@n.
import { type MathNode, freeSymbols, isEquation, onlySymbols, show } from './ast.js';
import { type CompareCtx, DeadlineExceeded, exprEq } from './compare.js';
import { exactValue } from './exact.js';
import { floatEval } from './float-eval.js';
import { type Extracted, extractCandidates } from './extract.js';

export interface MathVerdict {
  correct: boolean;
  /** The prediction's extracted final answer as text (null when none was found). */
  extracted: string | null;
  /** Canonical form for majority voting (maj@n): equivalent answers share it where feasible; null when no answer. */
  vote: string | null;
  /**
   * Why it is not correct, null when correct: 'no_answer' (nothing extracted), 'unparseable'
   * (text found but not parsed as math, and not string-equal to the gold), 'not_equivalent',
   * 'gold_unparseable' (the gold itself did not parse and strings differ), 'timeout'
   * (deadlineMs exceeded; the verdict is then incomplete).
   */
  reason: string | null;
}

export interface VerifyOptions {
  /** Time budget for the whole check in ms (default 5000, Math-Verify's per-step timeout). */
  deadlineMs?: number;
}

function compareOne(g: Extracted, p: Extracted, ctx: CompareCtx): boolean {
  if (g.kind === 'math' && p.kind === 'math') {
    try {
      return exprEq(g.node, p.node, ctx);
    } catch (e) {
      if (e instanceof DeadlineExceeded) throw e;
      return false; // verify(): any comparison error counts as "not equal"
    }
  }
  if (g.kind === 'string' && p.kind === 'string') {
    const a = g.text.trim();
    const b = p.text.trim();
    return a.length > 0 && b.length > 0 && a === b;
  }
  return false;
}

function voteKey(n: MathNode): string {
  if (isEquation(n)) {
    // An assignment ("x = 3", "AB = 821") votes for its value, as the comparison reads it.
    const rels = n.k === 'and' ? n.args : [n];
    const first = rels[0]!;
    const last = rels[rels.length - 1]!;
    if (first.k === 'rel' && last.k === 'rel' && onlySymbols(first.lhs)) return voteKey(last.rhs);
  }
  // "\text{Evelyn}" and "Evelyn" (e·v·e·l·y·n) match by concatenation (compare_symbols): one key.
  if (n.k === 'sym') return n.name.replace(/'$/, '');
  if (n.k === 'mul' && n.args.every((a) => a.k === 'sym' || (a.k === 'const' && a.name === 'E'))) {
    return n.args.map((a) => (a.k === 'sym' ? a.name.replace(/'$/, '') : 'e')).join('');
  }
  if (n.k === 'set') return `{${[...new Set(n.items.map(voteKey))].sort().join(',')}}`;
  if (n.k === 'tuple') return `(${n.items.map(voteKey).join(',')})`;
  const e = exactValue(n);
  if (e) return e.d === 1n ? e.n.toString() : `${e.n}/${e.d}`;
  const f = floatEval(n);
  if (Number.isFinite(f) && freeSymbols(n).size === 0) return `≈${f.toPrecision(12)}`;
  return show(n);
}

// Gold answers repeat n times per problem (Avg@16, Pass@k): their parse is memoised.
const GOLD_CACHE_MAX = 4096;
const goldCache = new Map<string, Extracted[]>();
function goldCandidates(gold: string, checkpoint: () => void): Extracted[] {
  const hit = goldCache.get(gold);
  if (hit) return hit;
  const c = extractCandidates(`$${gold}$`, { checkpoint });
  if (goldCache.size >= GOLD_CACHE_MAX) goldCache.delete(goldCache.keys().next().value as string);
  goldCache.set(gold, c);
  return c;
}

/** Is `prediction` (a full model response) correct for `gold` (a reference answer in LaTeX)? */
export function verifyMath(gold: string, prediction: string, opts: VerifyOptions = {}): MathVerdict {
  const deadline = Date.now() + (opts.deadlineMs ?? 5000);
  const ctx: CompareCtx = { deadline };
  const checkpoint = (): void => {
    if (Date.now() > deadline) throw new DeadlineExceeded('extraction deadline exceeded');
  };
  let pred: Extracted[] = [];
  try {
    pred = extractCandidates(prediction, { checkpoint });
    if (pred.length === 0) return { correct: false, extracted: null, vote: null, reason: 'no_answer' };
    const goldC = goldCandidates(gold, checkpoint);
    const first = pred[0]!;
    const extracted = first.text;
    const vote = first.kind === 'math' ? voteKey(first.node) : `"${first.text.trim()}"`;
    for (const g of goldC) {
      for (const p of pred) {
        if (compareOne(g, p, ctx)) return { correct: true, extracted, vote, reason: null };
      }
    }
    const reason = !pred.some((p) => p.kind === 'math')
      ? 'unparseable'
      : !goldC.some((g) => g.kind === 'math')
        ? 'gold_unparseable'
        : 'not_equivalent';
    return { correct: false, extracted, vote, reason };
  } catch (e) {
    if (!(e instanceof DeadlineExceeded)) throw e;
    const first = pred[0];
    return { correct: false, extracted: first ? first.text : null, vote: first ? `"${first.text.trim()}"` : null, reason: 'timeout' };
  }
}

/** The prediction's final answer as Math-Verify extracts it (normalised LaTeX), or null (also past the deadline). */
export function extractAnswer(prediction: string, opts: VerifyOptions = {}): string | null {
  const deadline = Date.now() + (opts.deadlineMs ?? 5000);
  try {
    const c = extractCandidates(prediction, {
      checkpoint: () => {
        if (Date.now() > deadline) throw new DeadlineExceeded('extraction deadline exceeded');
      },
    });
    return c.length > 0 ? c[0]!.text : null;
  } catch (e) {
    if (e instanceof DeadlineExceeded) return null;
    throw e;
  }
}

/**
 * Whether two extracted answers are equivalent (for grouping maj@n votes when the vote keys
 * differ), judged as Math-Verify would judge `b` against the reference `a`.
 */
export function answersEquivalent(a: string, b: string, opts: VerifyOptions = {}): boolean {
  if (a.trim() === b.trim()) return true;
  return verifyMath(a, `$${b}$`, opts).correct;
}

/**
 * Boots the CAS (≈ 1 s on first use) so a worker's first real comparison is not charged for
 * it; call once where a per-comparison hard timeout applies.
 */
export function warmUpMathChecker(): void {
  verifyMath('x^2+2x+1', 'The answer is $\\boxed{(x+1)^2}$.', { deadlineMs: 60_000 });
}
