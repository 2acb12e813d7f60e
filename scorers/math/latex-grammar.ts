// Tables and tree builders shared by the LaTeX parser (latex-parse.ts, latex-cursor.ts), following
// latex2sympy2_extended's converter (latex2sympy2.py, class _Latex2Sympy).
import { type MathNode, type RelOp, int, rational } from './ast.js';
import type { Token } from './latex-lexer.js';


export class ParseError extends Error {}

export const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota', 'kappa',
  'lambda', 'mu', 'nu', 'xi', 'rho', 'varrho', 'sigma', 'varsigma', 'tau', 'upsilon', 'phi', 'varphi', 'chi', 'psi',
  'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega',
]);
export const FUNCS1: Record<string, string> = {
  sin: 'sin', cos: 'cos', tan: 'tan', csc: 'csc', sec: 'sec', cot: 'cot', arcsin: 'asin', arccos: 'acos',
  arctan: 'atan', arccsc: 'acsc', arcsec: 'asec', arccot: 'acot', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh',
  arsinh: 'asinh', arcosh: 'acosh', artanh: 'atanh', log: 'log', ln: 'ln', exp: 'exp',
};
export const FUNCS_N = new Set(['max', 'min', 'gcd', 'lcm']);
export const INVERSE: Record<string, string> = { sin: 'asin', cos: 'acos', tan: 'atan', csc: 'acsc', sec: 'asec', cot: 'acot' };
export const RELS: Record<string, RelOp> = {
  '=': '=', '<': '<', '>': '>', '<=': '<=', '>=': '>=', '!=': '!=', '==': '=',
  le: '<=', leq: '<=', leqslant: '<=', ge: '>=', geq: '>=', geqslant: '>=', ne: '!=', neq: '!=', lt: '<', gt: '>',
  equiv: '=',
};
export const NAMED_SETS: Record<string, 'N' | 'Z' | 'Q' | 'R' | 'C' | 'P'> = { N: 'N', Z: 'Z', Q: 'Q', R: 'R', C: 'C', P: 'P' };

/** sympy.Number of a NUMBER token: digits-only text loses leading zeros; a "." makes a Float. */
export function numberNode(text: string): MathNode {
  if (/^[0-9]+$/.test(text)) return int(BigInt(text));
  return { k: 'float', text: text.startsWith('.') ? '0' + text : text };
}

/** Sets, tuples, intervals and relations are elements, not arithmetic operands, in PS.g4. */
export function scalar(x: MathNode): MathNode {
  if (['rel', 'and', 'set', 'tuple', 'interval', 'union', 'named_set'].includes(x.k)) throw new ParseError(`a ${x.k} cannot be an operand`);
  return x;
}
export const neg = (x: MathNode): MathNode => {
  scalar(x);
  if (x.k === 'int') return int(-x.v);
  if (x.k === 'rat') return rational(-x.n, x.d);
  if (x.k === 'float') return { k: 'float', text: x.text.startsWith('-') ? x.text.slice(1) : '-' + x.text };
  return mulFlat(int(-1), x);
};
export function mulFlat(a: MathNode, b: MathNode): MathNode {
  const args = [...(a.k === 'mul' ? a.args : [a]), ...(b.k === 'mul' ? b.args : [b])];
  return { k: 'mul', args };
}
export function addFlat(a: MathNode, b: MathNode): MathNode {
  const args = [...(a.k === 'add' ? a.args : [a]), ...(b.k === 'add' ? b.args : [b])];
  return { k: 'add', args };
}
export const isInt = (x: MathNode): x is { k: 'int'; v: bigint } => x.k === 'int';


export const isIntOrFloat = (x: MathNode): boolean => x.k === 'int' || x.k === 'float';
export type RelNode = Extract<MathNode, { k: 'rel' }>;
/** atom_expr_list "(p, q)" on the left of "=" is a tuple of symbols, not an interval. */
export const symbolTuple = (x: MathNode): MathNode =>
  x.k === 'interval' && x.lopen && x.ropen && x.lo.k === 'sym' && x.hi.k === 'sym' ? { k: 'tuple', items: [x.lo, x.hi] } : x;
export const isAtomExpr = (x: MathNode): boolean => x.k === 'sym' || (x.k === 'tuple' && x.items.every((y) => y.k === 'sym'));
export const toSet = (x: MathNode): MathNode => (x.k === 'tuple' ? { k: 'set', items: x.items } : x);

export function tokenText(t: Token): string {
  switch (t.t) {
    case 'num': case 'enot': case 'letter':
      return t.text;
    case 'pctnum':
      return t.text + '\\%';
    case 'e':
      return 'e';
    case 'cmd':
      return '\\' + t.name;
    case 'accent':
      return `\\${t.name}{${t.body}}`;
    case 'degree':
      return '^\\circ';
    case 'op':
      return t.text;
  }
}

/** convert_postfix_list: implicit products, with an integer before a positive rational read as a mixed number. */
export function productList(items: MathNode[]): MathNode {
  let acc = items[items.length - 1]!;
  for (let k = items.length - 2; k >= 0; k--) {
    const res = items[k]!;
    const pq: [bigint, bigint] | null =
      acc.k === 'int' && acc.v > 0n ? [acc.v, 1n] : acc.k === 'rat' && acc.n > 0n ? [acc.n, acc.d] : null;
    if (res.k === 'int' && pq) {
      const [p, q] = pq;
      acc = res.v < 0n ? rational(res.v * q - p, q) : rational(res.v * q + p, q);
    } else acc = mulFlat(res, acc);
  }
  return acc;
}

/** sign(a − b) for plain numbers (int/rat/float/±oo); null when not decidable here. */
export function compareNumeric(a: MathNode, b: MathNode): number | null {
  const v = (x: MathNode): number | null => {
    if (x.k === 'int') return Number(x.v);
    if (x.k === 'rat') return Number(x.n) / Number(x.d);
    if (x.k === 'float') return Number(x.text);
    if (x.k === 'const' && x.name === 'oo') return Infinity;
    if (x.k === 'const' && x.name === 'pi') return Math.PI;
    if (x.k === 'const' && x.name === 'E') return Math.E;
    if (x.k === 'mul' && x.args.length === 2 && x.args[0]!.k === 'int' && x.args[0]!.v === -1n) {
      const r = v(x.args[1]!);
      return r === null ? null : -r;
    }
    if (x.k === 'mul' || x.k === 'add' || x.k === 'pow') {
      const parts = x.k === 'pow' ? [x.base, x.exp] : x.args;
      const vals = parts.map(v);
      if (vals.some((y) => y === null)) return null;
      const ns = vals as number[];
      if (x.k === 'mul') return ns.reduce((p, q) => p * q, 1);
      if (x.k === 'add') return ns.reduce((p, q) => p + q, 0);
      return Math.pow(ns[0]!, ns[1]!);
    }
    return null;
  };
  const x = v(a);
  const y = v(b);
  if (x === null || y === null || Number.isNaN(x - y)) return null;
  return Math.sign(x - y);
}

/** convert_elements_to_set_or_tuple over semicolon groups of comma elements. */
export function toSetOrTuple(groups: MathNode[][]): MathNode {
  if (groups.length === 1) {
    const g = groups[0]!;
    return g.length === 1 ? g[0]! : { k: 'set', items: g };
  }
  if (groups.every((g) => g.length === 1)) return { k: 'set', items: groups.map((g) => g[0]!) };
  return { k: 'set', items: groups.map((g) => ({ k: 'tuple', items: g }) as MathNode) };
}
