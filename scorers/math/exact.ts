// Exact rational evaluation of a MathNode (the fast path before any CAS call): integers,
// fractions, decimals as exact decimals, + − × ÷, integer powers, exact roots, percentages,
// small factorials and binomials. Returns null for anything else (symbols, π, functions…).
import type { MathNode } from './ast.js';

export interface Q {
  n: bigint;
  d: bigint; // > 0, reduced
}

const MAX_BITS = 4096; // beyond this an exact power is not worth computing on the fast path

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
export function q(n: bigint, d: bigint = 1n): Q {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}
const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d);
const bits = (x: bigint): number => (x < 0n ? -x : x).toString(2).length;

/** Exact value of a decimal literal such as "-12.500" or "1e-3". */
export function decimalToQ(text: string): Q | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  let n = BigInt((m[2] || '0') + frac);
  let d = 10n ** BigInt(frac.length);
  const e = Number(m[4] ?? '0');
  if (Math.abs(e) > 400) return null;
  if (e > 0) n *= 10n ** BigInt(e);
  if (e < 0) d *= 10n ** BigInt(-e);
  return q(m[1] === '-' ? -n : n, d);
}

function intRoot(x: bigint, k: bigint): bigint | null {
  if (x < 0n) return null;
  if (x < 2n) return x;
  let lo = 0n;
  let hi = 1n << BigInt(Math.ceil(bits(x) / Number(k)) + 1);
  while (lo < hi) {
    const mid = (lo + hi + 1n) / 2n;
    if (mid ** k <= x) lo = mid;
    else hi = mid - 1n;
  }
  return lo ** k === x ? lo : null;
}

function pow(b: Q, e: Q): Q | null {
  if (e.d !== 1n) {
    // rational exponent: exact only for perfect roots (sqrt(4) = 2, as SymPy's doit gives)
    if (e.d > 64n || b.n < 0n) return null;
    const rn = intRoot(b.n, e.d);
    const rd = intRoot(b.d, e.d);
    if (rn === null || rd === null) return null;
    return pow(q(rn, rd), q(e.n));
  }
  if (e.n === 0n) return b.n === 0n ? null : q(1n);
  if (b.n === 0n) return e.n > 0n ? q(0n) : null;
  const k = e.n < 0n ? -e.n : e.n;
  if (Number(k) * Math.max(bits(b.n), bits(b.d)) > MAX_BITS) return null;
  const r = q(b.n ** k, b.d ** k);
  return e.n < 0n ? q(r.d, r.n) : r;
}

function factorial(x: Q): Q | null {
  if (x.d !== 1n || x.n < 0n || x.n > 500n) return null;
  let r = 1n;
  for (let i = 2n; i <= x.n; i++) r *= i;
  return q(r);
}

function binomial(a: Q, b: Q): Q | null {
  if (a.d !== 1n || b.d !== 1n || a.n < 0n || a.n > 2000n) return null;
  if (b.n < 0n || b.n > a.n) return q(0n);
  let r = 1n;
  for (let i = 1n; i <= b.n; i++) r = (r * (a.n - b.n + i)) / i;
  return q(r);
}

/** Exact rational value, or null when the tree is not a plain rational computation. */
export function exactValue(n: MathNode): Q | null {
  switch (n.k) {
    case 'int':
      return q(n.v);
    case 'rat':
      return { n: n.n, d: n.d };
    case 'float':
      return decimalToQ(n.text);
    case 'pct': {
      const v = exactValue(n.arg);
      return v && mul(v, q(1n, 100n));
    }
    case 'add': {
      let acc = q(0n);
      for (const a of n.args) {
        const v = exactValue(a);
        if (!v) return null;
        acc = add(acc, v);
      }
      return acc;
    }
    case 'mul': {
      let acc = q(1n);
      for (const a of n.args) {
        const v = exactValue(a);
        if (!v) return null;
        acc = mul(acc, v);
      }
      return acc;
    }
    case 'pow': {
      const b = exactValue(n.base);
      const e = b && exactValue(n.exp);
      return b && e ? pow(b, e) : null;
    }
    case 'fn': {
      if (n.name === 'factorial' && n.args.length === 1) {
        const v = exactValue(n.args[0]!);
        return v && factorial(v);
      }
      if (n.name === 'binomial' && n.args.length === 2) {
        const a = exactValue(n.args[0]!);
        const b = exactValue(n.args[1]!);
        return a && b ? binomial(a, b) : null;
      }
      if (n.name === 'abs' && n.args.length === 1) {
        const v = exactValue(n.args[0]!);
        return v && q(v.n < 0n ? -v.n : v.n, v.d);
      }
      return null;
    }
    default:
      return null;
  }
}

export const qEq = (a: Q, b: Q): boolean => a.n === b.n && a.d === b.d;

/** Decimal approximation of a rational (for rounding comparisons), as a JS number. */
export function qToNumber(x: Q): number {
  const scale = Math.max(0, Math.max(bits(x.n), bits(x.d)) - 1000);
  if (scale === 0) return Number(x.n) / Number(x.d);
  const s = BigInt(scale);
  return Number(x.n >> s) / Number(x.d >> s);
}

/**
 * SymPy's `a.round(6) == b.round(6)` on exact values: both rounded to 6 decimal places, half
 * away from zero (exact, so no binary-float surprises).
 */
export function roundEq6(a: Q, b: Q): boolean {
  const r = (x: Q): bigint => {
    const scaled = x.n * 1_000_000n;
    const neg = scaled < 0n;
    const abs = neg ? -scaled : scaled;
    const qt = (2n * abs + x.d) / (2n * x.d);
    return neg ? -qt : qt;
  };
  return r(a) === r(b);
}
