// The parsed form of a math answer: a small tree mirroring the SymPy objects that
// latex2sympy2_extended builds with evaluate=False (so "1+1" stays an addition and a bare
// number stays an atomic Number, which Math-Verify's comparison distinguishes).

export type RelOp = '=' | '<' | '<=' | '>' | '>=' | '!=';

export type MathNode =
  | { k: 'int'; v: bigint }
  | { k: 'rat'; n: bigint; d: bigint } // sympy Rational, d > 1, reduced
  | { k: 'float'; text: string } // a decimal literal (sympy Float)
  | { k: 'sym'; name: string } // lower-cased like latex2sympy; complex-context symbols end in "'"
  | { k: 'const'; name: 'pi' | 'E' | 'I' | 'oo' | 'zoo' } // zoo: SymPy's complex infinity (n/0)
  | { k: 'add'; args: MathNode[] }
  | { k: 'mul'; args: MathNode[] }
  | { k: 'pow'; base: MathNode; exp: MathNode }
  | { k: 'pct'; arg: MathNode } // X% = X · 1/100, kept apart (Math-Verify's "pct atomic")
  | { k: 'fn'; name: string; args: MathNode[] } // known functions (sin, log, floor, binomial, …)
  | { k: 'ufn'; name: string; args: MathNode[] } // undefined function f(x)
  | { k: 'rel'; op: RelOp; lhs: MathNode; rhs: MathNode }
  | { k: 'and'; args: MathNode[] } // chained relations a = b = c
  | { k: 'set'; items: MathNode[] }
  | { k: 'tuple'; items: MathNode[] }
  | { k: 'interval'; lo: MathNode; hi: MathNode; lopen: boolean; ropen: boolean }
  | { k: 'matrix'; rows: MathNode[][] }
  | { k: 'union'; args: MathNode[] }
  | { k: 'named_set'; name: 'N' | 'Z' | 'Q' | 'R' | 'C' | 'P' | 'empty' };

export const int = (v: bigint | number): MathNode => ({ k: 'int', v: BigInt(v) });

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** sympy.Rational(n, d): reduced, an Integer when d divides n. Throws on d = 0. */
export function rational(n: bigint, d: bigint): MathNode {
  if (d === 0n) throw new Error('division by zero');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  n /= g;
  d /= g;
  return d === 1n ? { k: 'int', v: n } : { k: 'rat', n, d };
}

export const isNumberAtom = (n: MathNode): boolean => n.k === 'int' || n.k === 'rat' || n.k === 'float';
export const isSetLike = (n: MathNode): boolean =>
  n.k === 'set' || n.k === 'tuple' || n.k === 'interval' || n.k === 'named_set' || n.k === 'union';
export const isRelation = (n: MathNode): boolean =>
  n.k === 'rel' || (n.k === 'and' && n.args.length > 0 && n.args.every((a) => a.k === 'rel'));
export const isEquation = (n: MathNode): boolean =>
  (n.k === 'rel' && n.op === '=') || (n.k === 'and' && n.args.length > 0 && n.args.every((a) => a.k === 'rel' && a.op === '='));

/** A canonical text for a tree (sorted commutative arguments and set items): structural equality and vote keys. */
export function show(n: MathNode): string {
  switch (n.k) {
    case 'int':
      return n.v.toString();
    case 'rat':
      return `${n.n}/${n.d}`;
    case 'float':
      return n.text;
    case 'sym':
      return n.name;
    case 'const':
      return n.name;
    case 'add':
      return `(${n.args.map(show).sort().join(' + ')})`;
    case 'mul':
      return `(${n.args.map(show).sort().join('*')})`;
    case 'pow':
      return `(${show(n.base)})^(${show(n.exp)})`;
    case 'pct':
      return `${show(n.arg)}%`;
    case 'fn':
    case 'ufn':
      return `${n.name}(${n.args.map(show).join(', ')})`;
    case 'rel':
      return `${show(n.lhs)} ${n.op} ${show(n.rhs)}`;
    case 'and':
      return n.args.map(show).join(' & ');
    case 'set':
      return `{${[...new Set(n.items.map(show))].sort().join(', ')}}`;
    case 'tuple':
      return `(${n.items.map(show).join(', ')})`;
    case 'interval':
      return `${n.lopen ? '(' : '['}${show(n.lo)}, ${show(n.hi)}${n.ropen ? ')' : ']'}`;
    case 'matrix':
      return `[${n.rows.map((r) => r.map(show).join(', ')).join('; ')}]`;
    case 'named_set':
      return `Set(${n.name})`;
    case 'union':
      return n.args.map(show).sort().join(' U ');
  }
}

/** Free symbols of a tree (names). */
export function freeSymbols(n: MathNode, out: Set<string> = new Set()): Set<string> {
  switch (n.k) {
    case 'sym':
      out.add(n.name);
      break;
    case 'add':
    case 'mul':
    case 'and':
    case 'union':
    case 'fn':
    case 'ufn':
      for (const a of n.args) freeSymbols(a, out);
      break;
    case 'pow':
      freeSymbols(n.base, out);
      freeSymbols(n.exp, out);
      break;
    case 'pct':
      freeSymbols(n.arg, out);
      break;
    case 'rel':
      freeSymbols(n.lhs, out);
      freeSymbols(n.rhs, out);
      break;
    case 'set':
    case 'tuple':
      for (const a of n.items) freeSymbols(a, out);
      break;
    case 'interval':
      freeSymbols(n.lo, out);
      freeSymbols(n.hi, out);
      break;
    case 'matrix':
      for (const r of n.rows) for (const a of r) freeSymbols(a, out);
      break;
    default:
      break;
  }
  return out;
}

/** is_expr_of_only_symbols (latex2sympy2.py): symbols combined without numbers (a, ab, p+q, f(n), 1/s, (p, q)). */
export function onlySymbols(n: MathNode): boolean {
  switch (n.k) {
    case 'sym':
      return true;
    case 'add':
    case 'mul':
      return n.args.every(onlySymbols);
    case 'pow':
      return (n.exp.k === 'int' && n.exp.v === -1n && onlySymbols(n.base)) || (onlySymbols(n.base) && onlySymbols(n.exp));
    case 'ufn':
      return n.args.length > 0 && n.args.every(onlySymbols);
    case 'tuple':
      return n.items.length > 0 && n.items.every(onlySymbols);
    case 'rel':
      return onlySymbols(n.lhs) && onlySymbols(n.rhs);
    case 'and':
      return n.args.every(onlySymbols);
    default:
      return false;
  }
}
