// BFCL's decoder evaluates a binary operation in an argument (`eval(ast.unparse(value))`, so
// `amount=100*2` decodes as 200). Here the same arithmetic is computed on literal operands only —
// numbers, strings, lists, tuples — with Python's semantics (true division gives a float, `//`
// and `%` floor, int ** negative int is a float); names, calls and anything else fail to decode,
// as would most of them under the official `eval` (names are undefined there).
import type { PyValue } from './py-value.js';
import type { Node } from './python-expr.js';
import { DecodeError } from './decode-error.js';

const MAX_BITS = 100_000n;

function asInt(v: PyValue): bigint | null {
  if (v.t === 'int') return v.v;
  if (v.t === 'bool') return v.v ? 1n : 0n;
  return null;
}

function asNum(v: PyValue): number | null {
  if (v.t === 'float') return v.v;
  const i = asInt(v);
  return i === null ? null : Number(i);
}

function evalNode(node: Node): PyValue {
  switch (node.k) {
    case 'const':
      if (node.v === 'ellipsis') throw new DecodeError('unsupported operand: Ellipsis');
      return node.v;
    case 'list':
      return { t: 'list', v: node.elts.map(evalNode) };
    case 'tuple':
      return { t: 'tuple', v: node.elts.map(evalNode) };
    case 'unary': {
      const v = evalNode(node.operand);
      const i = asInt(v);
      if (node.op === 'not') throw new DecodeError('unsupported operator in expression: not');
      if (node.op === '~') {
        if (i === null) throw new DecodeError("bad operand type for unary ~");
        return { t: 'int', v: -i - 1n };
      }
      if (v.t === 'float') return { t: 'float', v: node.op === '-' ? -v.v : v.v };
      if (i === null) throw new DecodeError(`bad operand type for unary ${node.op}`);
      return { t: 'int', v: node.op === '-' ? -i : i };
    }
    case 'bin':
      return evalBinOp(node);
    default:
      throw new DecodeError(`cannot evaluate ${node.k} in an expression`);
  }
}

const floorDiv = (a: bigint, b: bigint) => {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
};

function repeat(seq: PyValue, n: bigint): PyValue {
  const times = n < 0n ? 0 : Number(n);
  if (times * (seq.t === 'str' ? seq.v.length : (seq as { v: PyValue[] }).v.length) > 10_000_000) throw new DecodeError('repetition too large');
  if (seq.t === 'str') return { t: 'str', v: seq.v.repeat(times) };
  const items = (seq as { v: PyValue[] }).v;
  const out: PyValue[] = [];
  for (let k = 0; k < times; k++) out.push(...items);
  return { t: seq.t as 'list' | 'tuple', v: out };
}

export function evalBinOp(node: Extract<Node, { k: 'bin' }>): PyValue {
  const a = evalNode(node.left);
  const b = evalNode(node.right);
  const op = node.op;
  const ai = asInt(a);
  const bi = asInt(b);
  if (ai !== null && bi !== null) {
    if (a.t === 'bool' && b.t === 'bool' && (op === '&' || op === '|' || op === '^')) {
      return { t: 'bool', v: op === '&' ? a.v && b.v : op === '|' ? a.v || b.v : a.v !== b.v };
    }
    switch (op) {
      case '+':
        return { t: 'int', v: ai + bi };
      case '-':
        return { t: 'int', v: ai - bi };
      case '*':
        return { t: 'int', v: ai * bi };
      case '/':
        if (bi === 0n) throw new DecodeError('division by zero');
        return { t: 'float', v: Number(ai) / Number(bi) };
      case '//':
        if (bi === 0n) throw new DecodeError('integer division or modulo by zero');
        return { t: 'int', v: floorDiv(ai, bi) };
      case '%':
        if (bi === 0n) throw new DecodeError('integer division or modulo by zero');
        return { t: 'int', v: ai - bi * floorDiv(ai, bi) };
      case '**': {
        if (bi < 0n) {
          if (ai === 0n) throw new DecodeError('0.0 cannot be raised to a negative power');
          return { t: 'float', v: Number(ai) ** Number(bi) };
        }
        const bits = BigInt(ai < 0n ? (-ai).toString(2).length : ai.toString(2).length);
        if (bits * bi > MAX_BITS) throw new DecodeError('power too large to compute');
        return { t: 'int', v: ai ** bi };
      }
      case '&':
        return { t: 'int', v: ai & bi };
      case '|':
        return { t: 'int', v: ai | bi };
      case '^':
        return { t: 'int', v: ai ^ bi };
      case '<<':
        if (bi < 0n) throw new DecodeError('negative shift count');
        if (bi > MAX_BITS) throw new DecodeError('shift too large');
        return { t: 'int', v: ai << bi };
      case '>>':
        if (bi < 0n) throw new DecodeError('negative shift count');
        return { t: 'int', v: ai >> bi };
    }
  }
  const an = asNum(a);
  const bn = asNum(b);
  if (an !== null && bn !== null) {
    switch (op) {
      case '+':
        return { t: 'float', v: an + bn };
      case '-':
        return { t: 'float', v: an - bn };
      case '*':
        return { t: 'float', v: an * bn };
      case '/':
        if (bn === 0) throw new DecodeError('float division by zero');
        return { t: 'float', v: an / bn };
      case '//':
        if (bn === 0) throw new DecodeError('float floor division by zero');
        return { t: 'float', v: Math.floor(an / bn) };
      case '%': {
        if (bn === 0) throw new DecodeError('float modulo');
        const m = an % bn;
        return { t: 'float', v: m !== 0 && (m < 0) !== (bn < 0) ? m + bn : m };
      }
      case '**': {
        if (an < 0 && !Number.isInteger(bn)) throw new DecodeError('complex results are not supported');
        if (an === 0 && bn < 0) throw new DecodeError('0.0 cannot be raised to a negative power');
        return { t: 'float', v: an ** bn };
      }
    }
  }
  if (op === '+' && a.t === b.t && (a.t === 'str' || a.t === 'bytes')) return { t: a.t, v: a.v + (b as typeof a).v };
  if (op === '+' && a.t === b.t && (a.t === 'list' || a.t === 'tuple')) return { t: a.t, v: [...a.v, ...(b as typeof a).v] };
  if (op === '*' && (a.t === 'str' || a.t === 'list' || a.t === 'tuple') && bi !== null) return repeat(a, bi);
  if (op === '*' && (b.t === 'str' || b.t === 'list' || b.t === 'tuple') && ai !== null) return repeat(b, ai);
  throw new DecodeError(`unsupported operand types for ${op}: '${a.t}' and '${b.t}'`);
}
