// A recursive-descent parser for Python expressions (the `eval` mode of `ast.parse`), producing a
// small AST that python-call-parser.ts resolves the way BFCL's decoder resolves CPython's AST.
// Covered: literals, names, attributes, calls (positional, keyword, *, **), subscripts and slices,
// list/tuple/set/dict displays, unary/binary/boolean/comparison operators, conditional
// expressions and simple lambdas. Comprehensions, walrus, yield/await and f-strings are refused
// (a decode failure), which the README lists as a deliberate difference.
import type { PyValue } from './py-value.js';
import { KEYWORDS, PySyntaxError, tokenize, type Token } from './python-tokens.js';

export type Node =
  | { k: 'const'; v: PyValue | 'ellipsis' }
  | { k: 'name'; id: string }
  | { k: 'attr'; value: Node; attr: string }
  | { k: 'sub'; value: Node; slice: Node }
  | { k: 'slice'; lower: Node | null; upper: Node | null; step: Node | null }
  | { k: 'call'; func: Node; args: Node[]; keywords: Array<{ arg: string | null; value: Node }> }
  | { k: 'list' | 'tuple' | 'set'; elts: Node[] }
  | { k: 'dict'; keys: Array<Node | null>; values: Node[] }
  | { k: 'unary'; op: string; operand: Node }
  | { k: 'bin'; op: string; left: Node; right: Node }
  | { k: 'boolop'; op: 'and' | 'or'; values: Node[] }
  | { k: 'compare'; left: Node; ops: string[]; comparators: Node[] }
  | { k: 'ifexp'; test: Node; body: Node; orelse: Node }
  | { k: 'lambda'; params: string[]; body: Node }
  | { k: 'starred'; value: Node };

const BIN_LEVELS: string[][] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%', '@']];
const COMPARE = new Set(['<', '>', '==', '>=', '<=', '!=']);

/** Parse `src` as one Python expression (what `ast.parse(src, mode="eval").body` would hold). */
export function parseExpression(src: string): Node {
  const toks = tokenize(src);
  let p = 0;
  const peek = (): Token => toks[p]!;
  const isOp = (v: string, t: Token = peek()) => t.k === 'op' && t.v === v;
  const isName = (v: string, t: Token = peek()) => t.k === 'name' && t.v === v;
  const fail = (msg = 'invalid syntax'): never => {
    throw new PySyntaxError(msg);
  };
  const expectOp = (v: string) => {
    if (!isOp(v)) fail(`expected '${v}'`);
    p++;
  };

  // expressions: expr (',' expr)* [','] — a bare tuple at the top level
  const parseExprList = (stop: (t: Token) => boolean): Node => {
    const first = parseStarOrExpr();
    if (!isOp(',')) {
      if (first.k === 'starred') fail("can't use starred expression here");
      return first;
    }
    const elts = [first];
    while (isOp(',')) {
      p++;
      if (stop(peek())) break;
      elts.push(parseStarOrExpr());
    }
    return { k: 'tuple', elts };
  };

  const parseStarOrExpr = (): Node => {
    if (isOp('*')) {
      p++;
      return { k: 'starred', value: parseBitOr() };
    }
    return parseExpr();
  };

  const parseExpr = (): Node => {
    if (isName('lambda')) return parseLambda();
    const body = parseOr();
    if (isName('if')) {
      p++;
      const test = parseOr();
      if (!isName('else')) fail("expected 'else' after 'if' expression");
      p++;
      return { k: 'ifexp', test, body, orelse: parseExpr() };
    }
    if (isOp(':=')) fail('assignment expressions are not supported');
    if (isName('for') || isName('async')) fail('comprehensions are not supported');
    return body;
  };

  const parseLambda = (): Node => {
    p++;
    const params: string[] = [];
    while (!isOp(':')) {
      const t = peek();
      if (t.k !== 'name' || KEYWORDS.has(t.v)) fail('unsupported lambda parameters');
      params.push((t as { v: string }).v);
      p++;
      if (isOp(',')) p++;
      else if (!isOp(':')) fail('unsupported lambda parameters');
    }
    p++;
    return { k: 'lambda', params, body: parseExpr() };
  };

  const parseOr = (): Node => {
    const first = parseAnd();
    if (!isName('or')) return first;
    const values = [first];
    while (isName('or')) {
      p++;
      values.push(parseAnd());
    }
    return { k: 'boolop', op: 'or', values };
  };
  const parseAnd = (): Node => {
    const first = parseNot();
    if (!isName('and')) return first;
    const values = [first];
    while (isName('and')) {
      p++;
      values.push(parseNot());
    }
    return { k: 'boolop', op: 'and', values };
  };
  const parseNot = (): Node => {
    if (isName('not')) {
      p++;
      return { k: 'unary', op: 'not', operand: parseNot() };
    }
    return parseComparison();
  };
  const compOp = (): string | null => {
    const t = peek();
    if (t.k === 'op' && COMPARE.has(t.v)) return (p++, t.v);
    if (isName('in')) return (p++, 'in');
    if (isName('not') && isName('in', toks[p + 1]!)) return ((p += 2), 'not in');
    if (isName('is')) {
      p++;
      if (isName('not')) return (p++, 'is not');
      return 'is';
    }
    return null;
  };
  const parseComparison = (): Node => {
    const left = parseBitOr();
    const ops: string[] = [];
    const comparators: Node[] = [];
    for (let op = compOp(); op !== null; op = compOp()) {
      ops.push(op);
      comparators.push(parseBitOr());
    }
    return ops.length ? { k: 'compare', left, ops, comparators } : left;
  };
  const parseBin = (level: number): Node => {
    if (level === BIN_LEVELS.length) return parseFactor();
    let left = parseBin(level + 1);
    for (;;) {
      const t = peek();
      if (t.k !== 'op' || !BIN_LEVELS[level]!.includes(t.v)) return left;
      p++;
      left = { k: 'bin', op: t.v, left, right: parseBin(level + 1) };
    }
  };
  const parseBitOr = () => parseBin(0);
  const parseFactor = (): Node => {
    const t = peek();
    if (t.k === 'op' && (t.v === '-' || t.v === '+' || t.v === '~')) {
      p++;
      return { k: 'unary', op: t.v, operand: parseFactor() };
    }
    return parsePower();
  };
  const parsePower = (): Node => {
    if (isName('await')) fail('await is not supported');
    const base = parsePrimary();
    if (isOp('**')) {
      p++;
      return { k: 'bin', op: '**', left: base, right: parseFactor() };
    }
    return base;
  };

  const parseCallArgs = (func: Node): Node => {
    const args: Node[] = [];
    const keywords: Array<{ arg: string | null; value: Node }> = [];
    let sawKeyword = false;
    let sawDoubleStar = false;
    while (!isOp(')')) {
      if (isOp('**')) {
        p++;
        keywords.push({ arg: null, value: parseExpr() });
        sawDoubleStar = true;
      } else if (isOp('*')) {
        p++;
        if (sawDoubleStar) fail('iterable argument unpacking follows keyword argument unpacking');
        args.push({ k: 'starred', value: parseExpr() });
      } else if (peek().k === 'name' && isOp('=', toks[p + 1]!)) {
        const name = (peek() as { v: string }).v;
        if (KEYWORDS.has(name)) fail(`cannot assign to ${name}`);
        p += 2;
        keywords.push({ arg: name, value: parseExpr() });
        sawKeyword = true;
      } else {
        if (sawDoubleStar) fail('positional argument follows keyword argument unpacking');
        if (sawKeyword) fail('positional argument follows keyword argument');
        args.push(parseExpr());
        if (isName('for') || isName('async')) fail('generator arguments are not supported');
      }
      if (isOp(',')) p++;
      else if (!isOp(')')) fail("expected ',' or ')'");
    }
    p++;
    return { k: 'call', func, args, keywords };
  };

  const parseSliceItem = (): Node => {
    let lower: Node | null = null;
    if (!isOp(':')) {
      lower = parseStarOrExpr();
      if (!isOp(':')) return lower;
    }
    p++;
    const upper = isOp(':') || isOp(']') || isOp(',') ? null : parseExpr();
    let step: Node | null = null;
    if (isOp(':')) {
      p++;
      step = isOp(']') || isOp(',') ? null : parseExpr();
    }
    return { k: 'slice', lower, upper, step };
  };

  const parsePrimary = (): Node => {
    let node = parseAtom();
    for (;;) {
      if (isOp('(')) {
        p++;
        node = parseCallArgs(node);
      } else if (isOp('[')) {
        p++;
        const first = parseSliceItem();
        let slice = first;
        if (isOp(',')) {
          const elts = [first];
          while (isOp(',')) {
            p++;
            if (isOp(']')) break;
            elts.push(parseSliceItem());
          }
          slice = { k: 'tuple', elts };
        }
        expectOp(']');
        node = { k: 'sub', value: node, slice };
      } else if (isOp('.')) {
        p++;
        const t = peek();
        if (t.k !== 'name' || KEYWORDS.has(t.v)) fail('invalid attribute');
        p++;
        node = { k: 'attr', value: node, attr: (t as { v: string }).v };
      } else return node;
    }
  };

  const parseAtom = (): Node => {
    const t = peek();
    if (t.k === 'num') return (p++, { k: 'const', v: t.v });
    if (t.k === 'str') {
      // Adjacent literals concatenate; str and bytes cannot be mixed.
      let v = t.v as { t: 'str' | 'bytes'; v: string };
      p++;
      while (peek().k === 'str') {
        const next = (peek() as { v: PyValue }).v as { t: 'str' | 'bytes'; v: string };
        if (next.t !== v.t) fail('cannot mix bytes and nonbytes literals');
        v = { t: v.t, v: v.v + next.v };
        p++;
      }
      return { k: 'const', v };
    }
    if (t.k === 'name') {
      p++;
      if (t.v === 'True') return { k: 'const', v: { t: 'bool', v: true } };
      if (t.v === 'False') return { k: 'const', v: { t: 'bool', v: false } };
      if (t.v === 'None') return { k: 'const', v: { t: 'none' } };
      if (KEYWORDS.has(t.v)) fail(`invalid syntax: keyword '${t.v}'`);
      return { k: 'name', id: t.v };
    }
    if (isOp('...')) return (p++, { k: 'const', v: 'ellipsis' });
    if (isOp('(')) {
      p++;
      if (isOp(')')) return (p++, { k: 'tuple', elts: [] });
      if (isName('yield')) fail('yield is not supported');
      const first = parseStarOrExpr();
      if (isOp(')')) {
        p++;
        if (first.k === 'starred') fail("can't use starred expression here");
        return first;
      }
      const elts = [first];
      while (isOp(',')) {
        p++;
        if (isOp(')')) break;
        elts.push(parseStarOrExpr());
      }
      expectOp(')');
      return { k: 'tuple', elts };
    }
    if (isOp('[')) {
      p++;
      const elts: Node[] = [];
      while (!isOp(']')) {
        elts.push(parseStarOrExpr());
        if (isName('for') || isName('async')) fail('comprehensions are not supported');
        if (isOp(',')) p++;
        else if (!isOp(']')) fail("expected ',' or ']'");
      }
      p++;
      return { k: 'list', elts };
    }
    if (isOp('{')) {
      p++;
      if (isOp('}')) return (p++, { k: 'dict', keys: [], values: [] });
      const keys: Array<Node | null> = [];
      const values: Node[] = [];
      const elts: Node[] = [];
      let isDict: boolean | null = null;
      while (!isOp('}')) {
        if (isOp('**')) {
          if (isDict === false) fail();
          isDict = true;
          p++;
          keys.push(null);
          values.push(parseBitOr());
        } else {
          const item = parseStarOrExpr();
          if (isOp(':')) {
            if (isDict === false || item.k === 'starred') fail();
            isDict = true;
            p++;
            keys.push(item);
            values.push(parseExpr());
          } else {
            if (isDict === true) fail("expected ':'");
            isDict = false;
            elts.push(item);
          }
        }
        if (isName('for') || isName('async')) fail('comprehensions are not supported');
        if (isOp(',')) p++;
        else if (!isOp('}')) fail("expected ',' or '}'");
      }
      p++;
      return isDict ? { k: 'dict', keys, values } : { k: 'set', elts };
    }
    return fail(t.k === 'end' ? 'unexpected EOF while parsing' : 'invalid syntax');
  };

  const body = parseExprList((t) => t.k === 'end' || t.k === 'newline');
  while (peek().k === 'newline') p++;
  if (peek().k !== 'end') fail('invalid syntax');
  return body;
}
