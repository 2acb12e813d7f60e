// Prompt-mode decoding: Python call syntax (`[f(a=1), mod.g(b='x')]`) → calls with Python values,
// resolved the way BFCL's `ast_parse` / `resolve_ast_by_type` (bfcl_eval/model_handler/utils.py)
// resolves CPython's AST — including its quirks:
// - positional arguments are ignored (only keywords become parameters);
// - a unary operator on a constant always negates it (`+5` → -5, `not True` → -1), and on
//   anything else fails;
// - a bare name is its own text (`unit=celsius` → 'celsius'); a call without keywords is its
//   source text (`date=now()` → 'now()'); a subscript is its source text;
// - a call with keywords inside a value is a nested `{name: {args}}` dict;
// - tuples stay tuples; sets, attributes, comparisons, lambdas, f-strings … fail to decode;
// - a binary operation is evaluated (the official decoder `eval`s it): here only arithmetic on
//   literal numbers, strings, lists and tuples is computed — never code.
import { DecodeError } from './decode-error.js';
import { evalBinOp } from './python-binop.js';
import { hashable, pyEq, type PyDict, type PyValue } from './py-value.js';
import { parseExpression, type Node } from './python-expr.js';
import { PySyntaxError } from './python-tokens.js';
import { unparse } from './python-unparse.js';

export { DecodeError } from './decode-error.js';

/** One decoded call: `{name: {param: value}}` in the official decoder's terms. */
export interface DecodedCall {
  name: string;
  args: PyDict;
}


function resolveCall(node: Extract<Node, { k: 'call' }>): DecodedCall {
  const parts: string[] = [];
  let f: Node = node.func;
  while (f.k === 'attr') {
    parts.push(f.attr);
    f = f.value;
  }
  if (f.k === 'name') parts.push(f.id);
  const args: PyDict = { t: 'dict', v: [] };
  for (const kw of node.keywords) {
    const key: PyValue = kw.arg === null ? { t: 'none' } : { t: 'str', v: kw.arg };
    const value = resolveValue(kw.value);
    const at = args.v.findIndex(([k]) => pyEq(k, key));
    if (at >= 0) args.v[at]![1] = value;
    else args.v.push([key, value]);
  }
  return { name: parts.reverse().join('.'), args };
}

/** A decoded call as the Python value the checker sees (`{name: {args}}`). */
export function callAsValue(c: DecodedCall): PyDict {
  return { t: 'dict', v: [[{ t: 'str', v: c.name }, c.args]] };
}

function negate(v: PyValue | 'ellipsis'): PyValue {
  if (v === 'ellipsis') throw new DecodeError("bad operand type for unary -: 'ellipsis'");
  switch (v.t) {
    case 'bool':
      return { t: 'int', v: v.v ? -1n : 0n };
    case 'int':
      return { t: 'int', v: -v.v };
    case 'float':
      return { t: 'float', v: -v.v };
    case 'complex':
      return { t: 'complex', re: -v.re, im: -v.im };
    default:
      throw new DecodeError(`bad operand type for unary -: '${v.t}'`);
  }
}

export function resolveValue(node: Node): PyValue {
  switch (node.k) {
    case 'const':
      return node.v === 'ellipsis' ? { t: 'str', v: '...' } : node.v;
    case 'unary':
      // Official: `-value.operand.value`, whatever the operator.
      if (node.operand.k === 'const') return negate(node.operand.v);
      throw new DecodeError('unsupported unary operand');
    case 'list':
      return { t: 'list', v: node.elts.map(resolveValue) };
    case 'tuple':
      return { t: 'tuple', v: node.elts.map(resolveValue) };
    case 'dict': {
      const d: PyDict = { t: 'dict', v: [] };
      node.keys.forEach((kn, i) => {
        if (kn === null) throw new DecodeError('Unsupported AST type: NoneType');
        const k = resolveValue(kn);
        if (!hashable(k)) throw new DecodeError(`unhashable type: '${k.t}'`);
        const v = resolveValue(node.values[i]!);
        const at = d.v.findIndex(([x]) => pyEq(x, k));
        if (at >= 0) d.v[at]![1] = v;
        else d.v.push([k, v]);
      });
      return d;
    }
    case 'bin':
      return evalBinOp(node);
    case 'name':
      return { t: 'str', v: node.id };
    case 'call':
      if (node.keywords.length === 0) return { t: 'str', v: unparse(node) };
      return callAsValue(resolveCall(node));
    case 'sub':
      return { t: 'str', v: `${unparse(node.value)}[${unparse(node.slice)}]` };
    default:
      throw new DecodeError(`Unsupported AST type: ${node.k}`);
  }
}

/**
 * `ast_parse(text)` for Python output: strip whitespace and wrapping single quotes, parse one
 * expression; a call is one call, a list/tuple/set must hold only calls. Throws DecodeError.
 */
export function parsePythonCalls(text: string): DecodedCall[] {
  const cleaned = text.trim().replace(/^'+|'+$/g, '');
  let body: Node;
  try {
    body = parseExpression(cleaned);
  } catch (err) {
    if (err instanceof PySyntaxError) throw new DecodeError(`invalid syntax: ${err.message}`);
    throw err;
  }
  if (body.k === 'call') return [resolveCall(body)];
  if (body.k !== 'list' && body.k !== 'tuple' && body.k !== 'set') throw new DecodeError(`'${body.k}' object has no attribute 'elts'`);
  return body.elts.map((e) => {
    if (e.k !== 'call') throw new DecodeError('AssertionError: an element is not a function call');
    return resolveCall(e);
  });
}
