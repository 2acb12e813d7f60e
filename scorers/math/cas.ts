// The computer-algebra part of the checker: MathNode → MathJSON, boxed by
// @cortex-js/compute-engine for numeric evaluation (SymPy's evalf) and symbolic equality
// (SymPy's simplify(a - b) == 0 in Math-Verify's grader.py sympy_symbolic_eq). Answers are
// built as MathJSON trees from our own parse, never handed to the engine as code to run.
import { ComputeEngine, type MathJsonExpression } from '@cortex-js/compute-engine';
import type { MathNode } from './ast.js';

type Json = MathJsonExpression;

let engine: ComputeEngine | undefined;
function ce(): ComputeEngine {
  engine ??= new ComputeEngine();
  return engine;
}

/**
 * Runs `f` in a fresh engine scope: the engine infers and remembers types of undeclared
 * symbols (v0, v1, …), which must not leak from one comparison into the next.
 */
function scoped<T>(f: () => T): T {
  const e = ce();
  e.pushScope();
  try {
    return f();
  } finally {
    e.popScope();
  }
}

const FN: Record<string, string> = {
  sin: 'Sin', cos: 'Cos', tan: 'Tan', csc: 'Csc', sec: 'Sec', cot: 'Cot', asin: 'Arcsin', acos: 'Arccos',
  atan: 'Arctan', acsc: 'Arccsc', asec: 'Arcsec', acot: 'Arccot', sinh: 'Sinh', cosh: 'Cosh', tanh: 'Tanh',
  asinh: 'Arsinh', acosh: 'Arcosh', atanh: 'Artanh', exp: 'Exp', floor: 'Floor', ceiling: 'Ceil', abs: 'Abs',
  factorial: 'Factorial', binomial: 'Binomial', max: 'Max', min: 'Min', gcd: 'GCD', lcm: 'LCM',
};

export class CasUnsupported extends Error {}

/** MathJSON for an expression; symbol names are mapped to safe identifiers via `names`. */
export function toJson(n: MathNode, names: Map<string, string>): Json {
  const symbol = (name: string): string => {
    let s = names.get(name);
    if (!s) {
      s = `v${names.size}`;
      names.set(name, s);
    }
    return s;
  };
  switch (n.k) {
    case 'int':
      return n.v >= -(2n ** 52n) && n.v <= 2n ** 52n ? Number(n.v) : { num: n.v.toString() };
    case 'rat':
      return ['Rational', toJson({ k: 'int', v: n.n }, names), toJson({ k: 'int', v: n.d }, names)];
    case 'float':
      return { num: n.text };
    case 'sym':
      return symbol(n.name);
    case 'const':
      return { pi: 'Pi', E: 'ExponentialE', I: 'ImaginaryUnit', oo: 'PositiveInfinity', zoo: 'ComplexInfinity' }[n.name];
    case 'add':
      return ['Add', ...n.args.map((a) => toJson(a, names))];
    case 'mul':
      return ['Multiply', ...n.args.map((a) => toJson(a, names))];
    case 'pow':
      return ['Power', toJson(n.base, names), toJson(n.exp, names)];
    case 'pct':
      return ['Multiply', toJson(n.arg, names), ['Rational', 1, 100]];
    case 'fn': {
      if (n.name === 'log') return ['Log', toJson(n.args[0]!, names), toJson(n.args[1]!, names)];
      const f = FN[n.name];
      if (!f) throw new CasUnsupported(n.name);
      return [f, ...n.args.map((a) => toJson(a, names))];
    }
    case 'ufn':
      // Math-Verify's unwrap_fcs idea: an undefined function application is an opaque symbol.
      return symbol(`${n.name}(${n.args.map((a) => JSON.stringify(toJson(a, names))).join(',')})`);
    default:
      throw new CasUnsupported(n.k);
  }
}

export interface Complex {
  re: number;
  im: number;
}

/** Numeric value of a constant expression (SymPy evalf), or null when it has none / is not constant. */
export function numericValue(n: MathNode): Complex | null {
  return scoped(() => numericValueIn(n));
}

function numericValueIn(n: MathNode): Complex | null {
  let json: Json;
  try {
    json = toJson(n, new Map());
  } catch (e) {
    if (e instanceof CasUnsupported) return null;
    throw e;
  }
  const boxed = ce().box(json);
  if (boxed.freeVariables.length > 0) return null;
  const v = boxed.N();
  const re = v.re;
  const im = v.im;
  if (typeof re !== 'number' || Number.isNaN(re)) return null;
  return { re, im: typeof im === 'number' && !Number.isNaN(im) ? im : 0 };
}

// Deterministic sample points for the free variables (no Math.random: verdicts must repeat).
const SAMPLES = [0.5772156649, 1.3247179572, 2.7182818284 / 3, 1.6180339887];

/**
 * Symbolic equality a ≡ b (SymPy's simplify(a - b) == 0). Values at fixed sample points of the
 * free variables come first: a difference there settles "not equal" cheaply. Agreement is then
 * confirmed by the engine's identity check or simplify(a − b) = 0; when the engine can prove
 * neither, agreement at every sample point (where both sides are defined) decides.
 */
export function symbolicEqual(a: MathNode, b: MathNode): boolean {
  return scoped(() => symbolicEqualIn(a, b));
}

function symbolicEqualIn(a: MathNode, b: MathNode): boolean {
  const names = new Map<string, string>();
  let ja: Json;
  let jb: Json;
  try {
    ja = toJson(a, names);
    jb = toJson(b, names);
  } catch (e) {
    if (e instanceof CasUnsupported) return false;
    throw e;
  }
  const A = ce().box(ja);
  const B = ce().box(jb);
  const vars = [...names.values()];
  let checked = 0;
  for (let s = 0; s < 3 && vars.length > 0; s++) {
    const sub: Record<string, number> = {};
    vars.forEach((v, k) => (sub[v] = SAMPLES[(s + k) % SAMPLES.length]! + s * 0.1 + k * 0.37));
    const va = A.subs(sub).N();
    const vb = B.subs(sub).N();
    const ra = va.re;
    const rb = vb.re;
    if (!Number.isFinite(ra) || !Number.isFinite(rb)) continue;
    const ia = Number.isFinite(va.im) ? va.im : 0;
    const ib = Number.isFinite(vb.im) ? vb.im : 0;
    const scale = Math.max(1, Math.abs(ra), Math.abs(rb));
    if (Math.abs(ra - rb) > 1e-9 * scale || Math.abs(ia - ib) > 1e-9 * scale) return false;
    checked++;
  }
  try {
    if (A.isIdenticallyEqual(B) === true) return true;
  } catch {
    /* fall through */
  }
  try {
    if (ce().box(['Subtract', ja, jb]).simplify().is(0)) return true;
  } catch {
    /* fall through */
  }
  return checked >= 2;
}
