// Python values as BFCL's checker sees them. The official checker compares decoded model output
// with ground truth using Python semantics (`type(x) == int`, `x in [..]` with `==`, where
// 1 == 1.0 == True but a list never equals a tuple), so ints, floats, bools, tuples and lists
// must stay distinct here; JavaScript's own values would merge them.
import type { Json } from '../../harness/types.js';

export type PyValue =
  | { t: 'none' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'complex'; re: number; im: number }
  | { t: 'str'; v: string }
  | { t: 'bytes'; v: string }
  | { t: 'list'; v: PyValue[] }
  | { t: 'tuple'; v: PyValue[] }
  | { t: 'dict'; v: Array<[PyValue, PyValue]> };

export type PyDict = Extract<PyValue, { t: 'dict' }>;

export const NONE: PyValue = { t: 'none' };
export const pyStr = (v: string): PyValue => ({ t: 'str', v });
export const pyInt = (v: bigint | number): PyValue => ({ t: 'int', v: BigInt(v) });
export const pyFloat = (v: number): PyValue => ({ t: 'float', v });
export const pyList = (v: PyValue[]): PyValue => ({ t: 'list', v });

/** Python's `type(x).__name__`. */
export function typeName(x: PyValue): string {
  switch (x.t) {
    case 'none':
      return 'NoneType';
    case 'bool':
      return 'bool';
    case 'int':
      return 'int';
    case 'float':
      return 'float';
    case 'complex':
      return 'complex';
    case 'str':
      return 'str';
    case 'bytes':
      return 'bytes';
    case 'list':
      return 'list';
    case 'tuple':
      return 'tuple';
    case 'dict':
      return 'dict';
  }
}

/** A number's real value for numeric comparison (bool and int included), or null. */
function realOf(x: PyValue): { int: bigint } | { float: number } | null {
  if (x.t === 'bool') return { int: x.v ? 1n : 0n };
  if (x.t === 'int') return { int: x.v };
  if (x.t === 'float') return { float: x.v };
  if (x.t === 'complex' && x.im === 0) return { float: x.re };
  return null;
}

function numEq(a: { int: bigint } | { float: number }, b: { int: bigint } | { float: number }): boolean {
  if ('int' in a && 'int' in b) return a.int === b.int;
  if ('float' in a && 'float' in b) return a.float === b.float;
  const i = 'int' in a ? a.int : (b as { int: bigint }).int;
  const f = 'float' in a ? a.float : (b as { float: number }).float;
  // Python compares int and float exactly (no rounding of the int).
  return Number.isInteger(f) && BigInt(f) === i;
}

function complexOf(x: PyValue): [number, number] {
  if (x.t === 'complex') return [x.re, x.im];
  const r = realOf(x)!;
  return ['int' in r ? Number(r.int) : r.float, 0];
}

const isNumeric = (x: PyValue) => x.t === 'bool' || x.t === 'int' || x.t === 'float' || x.t === 'complex';

/** Python `a == b`. */
export function pyEq(a: PyValue, b: PyValue): boolean {
  if (isNumeric(a) && isNumeric(b)) {
    if (a.t === 'complex' || b.t === 'complex') {
      const [ar, ai] = complexOf(a);
      const [br, bi] = complexOf(b);
      return ar === br && ai === bi;
    }
    return numEq(realOf(a)!, realOf(b)!);
  }
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'none':
      return true;
    case 'str':
    case 'bytes':
      return a.v === (b as typeof a).v;
    case 'list':
    case 'tuple': {
      const bv = (b as typeof a).v;
      if (a.v.length !== bv.length) return false;
      for (let i = 0; i < a.v.length; i++) if (!pyEq(a.v[i]!, bv[i]!)) return false;
      return true;
    }
    case 'dict': {
      const bd = b as PyDict;
      if (a.v.length !== bd.v.length) return false;
      for (const [k, v] of a.v) {
        const other = dictGet(bd, k);
        if (other === undefined || !pyEq(v, other)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** Python `x in seq` for a list (or tuple) of candidates. */
export function pyIn(x: PyValue, seq: readonly PyValue[]): boolean {
  for (const e of seq) if (pyEq(x, e)) return true;
  return false;
}

export function dictGet(d: PyDict, key: PyValue): PyValue | undefined {
  for (const [k, v] of d.v) if (pyEq(k, key)) return v;
  return undefined;
}

export function dictGetStr(d: PyDict, key: string): PyValue | undefined {
  for (const [k, v] of d.v) if (k.t === 'str' && k.v === key) return v;
  return undefined;
}

/** Python's hashability: lists and dicts cannot be dict keys (a TypeError at decode time). */
export function hashable(x: PyValue): boolean {
  if (x.t === 'list' || x.t === 'dict') return false;
  if (x.t === 'tuple') return x.v.every(hashable);
  return true;
}

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function floatRepr(f: number): string {
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f > 0 ? 'inf' : '-inf';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  const [mant, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let body: string;
  if (exp >= -5 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
      const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : '0';
      body = `${intPart}.${frac}`;
    } else {
      body = `0.${'0'.repeat(-exp - 1)}${digits}`;
    }
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return neg ? `-${body}` : body;
}

/** Python's `repr(str)`. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(ch) || (/\p{Zs}/u.test(ch) && ch !== ' ')) {
      out += c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : c <= 0xffff ? `\\u${c.toString(16).padStart(4, '0')}` : `\\U${c.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** Python's `repr(x)`, for error messages as the official checker words them. */
export function pyRepr(x: PyValue): string {
  switch (x.t) {
    case 'none':
      return 'None';
    case 'bool':
      return x.v ? 'True' : 'False';
    case 'int':
      return x.v.toString();
    case 'float':
      return floatRepr(x.v);
    case 'complex':
      return x.re === 0 && !Object.is(x.re, -0) ? `${complexPart(x.im)}j` : `(${complexPart(x.re)}${x.im < 0 || Object.is(x.im, -0) ? '-' : '+'}${complexPart(Math.abs(x.im))}j)`;
    case 'str':
      return strRepr(x.v);
    case 'bytes':
      return `b${strRepr(x.v)}`;
    case 'list':
      return `[${x.v.map(pyRepr).join(', ')}]`;
    case 'tuple':
      return x.v.length === 1 ? `(${pyRepr(x.v[0]!)},)` : `(${x.v.map(pyRepr).join(', ')})`;
    case 'dict':
      return `{${x.v.map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
}

function complexPart(f: number): string {
  const r = floatRepr(f);
  return r.endsWith('.0') ? r.slice(0, -2) : r;
}

/** A JSON rendering for run records (tuples become lists, as Python's json.dumps does). */
export function toJson(x: PyValue): Json {
  switch (x.t) {
    case 'none':
      return null;
    case 'bool':
      return x.v;
    case 'int':
      return x.v >= BigInt(Number.MIN_SAFE_INTEGER) && x.v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x.v) : x.v.toString();
    case 'float':
      return Number.isFinite(x.v) ? x.v : floatRepr(x.v);
    case 'complex':
      return pyRepr(x);
    case 'str':
    case 'bytes':
      return x.v;
    case 'list':
    case 'tuple':
      return x.v.map(toJson);
    case 'dict': {
      const o: { [k: string]: Json } = {};
      for (const [k, v] of x.v) o[k.t === 'str' ? k.v : pyRepr(k)] = toJson(v);
      return o;
    }
  }
}
