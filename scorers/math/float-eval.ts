// Double-precision evaluation of a MathNode: the fast path that settles most numeric
// comparisons (and refutes most symbolic ones at sample points) before the CAS is asked.
// NaN means "not evaluable here" (complex values, unknown functions, sets…); callers then
// defer to the engine (cas.ts).
import { type MathNode, show } from './ast.js';

function factorial(x: number): number {
  if (!Number.isInteger(x) || x < 0 || x > 170) return NaN;
  let r = 1;
  for (let i = 2; i <= x; i++) r *= i;
  return r;
}
function binomial(n: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0) return NaN;
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}
function gcd(a: number, b: number): number {
  if (!Number.isInteger(a) || !Number.isInteger(b)) return NaN;
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

const F1: Record<string, (x: number) => number> = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan, csc: (x) => 1 / Math.sin(x), sec: (x) => 1 / Math.cos(x),
  cot: (x) => 1 / Math.tan(x), asin: Math.asin, acos: Math.acos, atan: Math.atan, acsc: (x) => Math.asin(1 / x),
  asec: (x) => Math.acos(1 / x), acot: (x) => Math.atan(1 / x), sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
  asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh, exp: Math.exp, floor: Math.floor, ceiling: Math.ceil,
  abs: Math.abs, factorial,
};

/** Value of `n` with symbols (and undefined-function applications, by their text) taken from `env`. */
export function floatEval(n: MathNode, env: ReadonlyMap<string, number> = new Map()): number {
  switch (n.k) {
    case 'int':
      return Number(n.v);
    case 'rat':
      return Number(n.n) / Number(n.d);
    case 'float':
      return Number(n.text);
    case 'sym':
      return env.get(n.name) ?? NaN;
    case 'ufn':
      return env.get(show(n)) ?? NaN;
    case 'const':
      return n.name === 'pi' ? Math.PI : n.name === 'E' ? Math.E : n.name === 'oo' ? Infinity : NaN;
    case 'add':
      return n.args.reduce((s, a) => s + floatEval(a, env), 0);
    case 'mul':
      return n.args.reduce((s, a) => s * floatEval(a, env), 1);
    case 'pct':
      return floatEval(n.arg, env) / 100;
    case 'pow': {
      const b = floatEval(n.base, env);
      const e = floatEval(n.exp, env);
      if (b < 0 && !Number.isInteger(e)) {
        // odd roots of negatives are complex in SymPy (principal branch): not evaluable here
        return NaN;
      }
      return Math.pow(b, e);
    }
    case 'fn': {
      const args = n.args.map((a) => floatEval(a, env));
      if (n.name === 'log') return args[0]! <= 0 || args[1]! <= 0 ? NaN : Math.log(args[0]!) / Math.log(args[1]!);
      if (n.name === 'binomial') return binomial(args[0]!, args[1]!);
      if (n.name === 'max') return Math.max(...args);
      if (n.name === 'min') return Math.min(...args);
      if (n.name === 'gcd') return args.reduce((a, b) => gcd(a, b));
      if (n.name === 'lcm') return args.reduce((a, b) => (a * b) / gcd(a, b));
      const f = F1[n.name];
      return f && args.length === 1 ? f(args[0]!) : NaN;
    }
    default:
      return NaN;
  }
}

/** Collects the variables of a tree for sampling: symbols and undefined-function applications. */
export function sampleVariables(n: MathNode, out: Set<string> = new Set()): Set<string> {
  switch (n.k) {
    case 'sym':
      out.add(n.name);
      break;
    case 'ufn':
      out.add(show(n));
      break;
    case 'add':
    case 'mul':
    case 'fn':
      for (const a of n.args) sampleVariables(a, out);
      break;
    case 'pow':
      sampleVariables(n.base, out);
      sampleVariables(n.exp, out);
      break;
    case 'pct':
      sampleVariables(n.arg, out);
      break;
    default:
      break;
  }
  return out;
}

// Fixed, "generic" sample values (no Math.random: verdicts must be reproducible).
const SAMPLES = [0.5772156649, 1.3247179572, 0.9060939428, 1.6180339887, 2.2360679775];

const INT_SAMPLES = [7, 4, 11, 5, 13];

/**
 * Environments for `k` sample points over `vars`; with `integers`, small distinct integers
 * (for floor, factorial and binomial, undefined at generic reals here).
 */
export function samplePoints(vars: Iterable<string>, k = 3, integers = false): Array<Map<string, number>> {
  const names = [...vars].sort();
  const out: Array<Map<string, number>> = [];
  for (let s = 0; s < k; s++) {
    out.push(new Map(names.map((v, i) => [v, integers ? INT_SAMPLES[(s + 2 * i) % INT_SAMPLES.length]! + s : SAMPLES[(s + i) % SAMPLES.length]! + 0.1 * s + 0.37 * i])));
  }
  return out;
}
