// Source text of an expression as CPython's `ast.unparse` prints it, for the values BFCL's decoder
// turns into text (a call without keywords, a subscript): `now()`, `f(1, 'a')`, `x[0]`.
// Precedence-driven parentheses follow ast.unparse's table.
import { floatRepr, pyRepr } from './py-value.js';
import type { Node } from './python-expr.js';

// _Precedence in CPython's Lib/ast.py (relative order only).
const P = { TUPLE: 1, TEST: 3, OR: 4, AND: 5, NOT: 6, CMP: 7, BOR: 9, BXOR: 10, BAND: 11, SHIFT: 12, ARITH: 13, TERM: 14, FACTOR: 15, POWER: 16, ATOM: 18 };
const BIN_PREC: Record<string, number> = {
  '|': P.BOR, '^': P.BXOR, '&': P.BAND, '<<': P.SHIFT, '>>': P.SHIFT, '+': P.ARITH, '-': P.ARITH,
  '*': P.TERM, '/': P.TERM, '//': P.TERM, '%': P.TERM, '@': P.TERM, '**': P.POWER,
};

function constText(v: Extract<Node, { k: 'const' }>['v']): string {
  if (v === 'ellipsis') return '...';
  if (v.t === 'float' && !Number.isFinite(v.v) && !Number.isNaN(v.v)) return v.v > 0 ? '1e309' : '-1e309';
  if (v.t === 'float') return floatRepr(v.v);
  return pyRepr(v);
}

const paren = (text: string, need: boolean) => (need ? `(${text})` : text);

export function unparse(node: Node, prec: number = P.TEST): string {
  switch (node.k) {
    case 'const':
      return constText(node.v);
    case 'name':
      return node.id;
    case 'attr':
      return `${unparse(node.value, P.ATOM)}.${node.attr}`;
    case 'sub': {
      const s = node.slice.k === 'tuple' && node.slice.elts.length ? node.slice.elts.map((e) => unparse(e)).join(', ') : unparse(node.slice);
      return `${unparse(node.value, P.ATOM)}[${s}]`;
    }
    case 'slice':
      return `${node.lower ? unparse(node.lower) : ''}:${node.upper ? unparse(node.upper) : ''}${node.step ? `:${unparse(node.step)}` : ''}`;
    case 'call': {
      const parts = node.args.map((a) => unparse(a));
      for (const kw of node.keywords) parts.push(kw.arg === null ? `**${unparse(kw.value)}` : `${kw.arg}=${unparse(kw.value)}`);
      return `${unparse(node.func, P.ATOM)}(${parts.join(', ')})`;
    }
    case 'list':
      return `[${node.elts.map((e) => unparse(e)).join(', ')}]`;
    case 'set':
      return `{${node.elts.map((e) => unparse(e)).join(', ')}}`;
    case 'tuple':
      return node.elts.length === 1 ? `(${unparse(node.elts[0]!)},)` : `(${node.elts.map((e) => unparse(e)).join(', ')})`;
    case 'dict':
      return `{${node.keys.map((k, i) => (k === null ? `**${unparse(node.values[i]!, P.BOR)}` : `${unparse(k)}: ${unparse(node.values[i]!)}`)).join(', ')}}`;
    case 'starred':
      return `*${unparse(node.value, P.BOR)}`;
    case 'unary': {
      const own = node.op === 'not' ? P.NOT : P.FACTOR;
      const text = node.op === 'not' ? `not ${unparse(node.operand, own)}` : `${node.op}${unparse(node.operand, own)}`;
      return paren(text, prec > own);
    }
    case 'bin': {
      const own = BIN_PREC[node.op]!;
      const rightAssoc = node.op === '**';
      const l = unparse(node.left, rightAssoc ? own + 1 : own);
      const r = unparse(node.right, rightAssoc ? own : own + 1);
      return paren(`${l} ${node.op} ${r}`, prec > own);
    }
    case 'boolop': {
      const own = node.op === 'and' ? P.AND : P.OR;
      return paren(node.values.map((v) => unparse(v, own + 1)).join(` ${node.op} `), prec > own);
    }
    case 'compare': {
      let text = unparse(node.left, P.CMP + 1);
      node.ops.forEach((op, i) => (text += ` ${op} ${unparse(node.comparators[i]!, P.CMP + 1)}`));
      return paren(text, prec > P.CMP);
    }
    case 'ifexp':
      return paren(`${unparse(node.body, P.TEST + 1)} if ${unparse(node.test, P.TEST + 1)} else ${unparse(node.orelse, P.TEST)}`, prec > P.TEST);
    case 'lambda':
      return paren(node.params.length ? `lambda ${node.params.join(', ')}: ${unparse(node.body)}` : `lambda: ${unparse(node.body)}`, prec > P.TEST);
  }
}
