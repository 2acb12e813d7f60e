// Tokenizer for the Python expressions prompting models print (`[f(a=1, b='x')]`): names,
// numbers (int/float/imaginary, underscores, 0x/0o/0b), string literals with every prefix and
// escape Python accepts (r/b/u, triple quotes, \x \u \U \N{…} octal, implicit concatenation is
// the parser's), operators, comments and line continuations. Model output is data: nothing is
// evaluated. f-strings are refused (the official decoder cannot resolve them either).
import type { PyValue } from './py-value.js';

export class PySyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PySyntaxError';
  }
}

export type Token =
  | { k: 'name'; v: string; pos: number }
  | { k: 'num'; v: PyValue; pos: number }
  | { k: 'str'; v: PyValue; pos: number }
  | { k: 'op'; v: string; pos: number }
  | { k: 'newline'; pos: number }
  | { k: 'end'; pos: number };

/** Python's hard keywords: never a name (so `f(from='x')` is a syntax error, as in CPython). */
export const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

const OPS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=',
  '(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '@', '=', '+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>'];
const ID_START = /[\p{L}\p{Nl}_]/u;
const ID_CONT = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;
const OPS3 = new Set(OPS.filter((o) => o.length === 3));
const OPS2 = new Set(OPS.filter((o) => o.length === 2));
const OPS1 = new Set(OPS.filter((o) => o.length === 1));
const PREFIX_CHARS = new Set(['r', 'R', 'b', 'B', 'u', 'U', 'f', 'F', "'", '"']);

/** ASCII fast paths before the Unicode classes (model output is mostly ASCII). */
function isIdStart(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  return ID_START.test(ch);
}
function isIdCont(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
  return ID_CONT.test(ch);
}
const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
const matchOp = (src: string, i: number): string | undefined => {
  const three = src.slice(i, i + 3);
  if (OPS3.has(three)) return three;
  const two = three.slice(0, 2);
  if (OPS2.has(two)) return two;
  return OPS1.has(three[0]!) ? three[0] : undefined;
};
const NUMBER =
  /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.)(?:[eE][-+]?\d(?:_?\d)*)?[jJ]?|\d(?:_?\d)*[eE][-+]?\d(?:_?\d)*[jJ]?|\d(?:_?\d)*[jJ]?)/y;

function numberValue(text: string): PyValue {
  const clean = text.replace(/_/g, '');
  if (/[jJ]$/.test(clean)) return { t: 'complex', re: 0, im: Number(clean.slice(0, -1)) };
  if (/^0[xXoObB]/.test(clean)) return { t: 'int', v: BigInt(clean) };
  if (/[.eE]/.test(clean)) return { t: 'float', v: Number(clean) };
  if (/^0+$/.test(clean)) return { t: 'int', v: 0n };
  if (clean.startsWith('0')) throw new PySyntaxError('leading zeros in decimal integer literals are not permitted');
  return { t: 'int', v: BigInt(clean) };
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function unescape(body: string, bytes: boolean): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      if (bytes && ch.charCodeAt(0) > 0x7f) throw new PySyntaxError('bytes can only contain ASCII literal characters');
      out += ch;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) throw new PySyntaxError('unterminated string literal');
    i++;
    if (e === '\n') continue;
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCodePoint(parseInt(m, 8));
      i += m.length - 1;
    } else if (e === 'x') {
      const h = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new PySyntaxError('truncated \\xXX escape');
      out += String.fromCharCode(parseInt(h, 16));
      i += 2;
    } else if (!bytes && (e === 'u' || e === 'U')) {
      const n = e === 'u' ? 4 : 8;
      const h = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw new PySyntaxError(`truncated \\${e} escape`);
      const cp = parseInt(h, 16);
      if (cp > 0x10ffff) throw new PySyntaxError('illegal Unicode character');
      out += String.fromCodePoint(cp);
      i += n;
    } else if (!bytes && e === 'N') {
      // Named escapes need the Unicode name table; refused rather than guessed.
      throw new PySyntaxError('\\N{...} escapes are not supported');
    } else {
      out += `\\${e}`; // Python keeps unknown escapes as written (with a warning)
    }
  }
  return out;
}

export function tokenize(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  let depth = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '\n') {
      if (depth === 0) toks.push({ k: 'newline', pos: i });
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (ch === '\\') {
      if (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n')) {
        i += src[i + 1] === '\n' ? 2 : 3;
        continue;
      }
      throw new PySyntaxError('unexpected character after line continuation character');
    }
    // String literal, possibly prefixed.
    const pm = PREFIX_CHARS.has(ch) ? /^([rRbBuUfF]{0,2})(['"])/.exec(src.slice(i, i + 3)) : null;
    if (pm) {
      const prefix = pm[1]!.toLowerCase();
      if (!['', 'r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf'].includes(prefix)) throw new PySyntaxError('invalid string prefix');
      if (prefix.includes('f')) throw new PySyntaxError('f-strings are not supported');
      const start = i;
      i += prefix.length;
      const q = src[i]!;
      const triple = src.startsWith(q.repeat(3), i);
      const close = triple ? q.repeat(3) : q;
      i += close.length;
      const bodyStart = i;
      for (;;) {
        if (i >= src.length) throw new PySyntaxError('unterminated string literal');
        const c = src[i]!;
        if (c === '\\') {
          i += 2;
          continue;
        }
        if (!triple && c === '\n') throw new PySyntaxError('unterminated string literal');
        if (src.startsWith(close, i)) break;
        i++;
      }
      const body = src.slice(bodyStart, i);
      i += close.length;
      const bytes = prefix.includes('b');
      let text: string;
      if (prefix.includes('r')) {
        if (bytes && /[^\x00-\x7f]/.test(body)) throw new PySyntaxError('bytes can only contain ASCII literal characters');
        text = body;
      } else text = unescape(body, bytes);
      toks.push({ k: 'str', v: bytes ? { t: 'bytes', v: text } : { t: 'str', v: text }, pos: start });
      continue;
    }
    if (isDigit(ch) || (ch === '.' && isDigit(src[i + 1]))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(src);
      if (!m) throw new PySyntaxError('invalid number');
      const after = src[i + m[0].length];
      if (after !== undefined && isIdCont(after)) throw new PySyntaxError('invalid decimal literal');
      toks.push({ k: 'num', v: numberValue(m[0]), pos: i });
      i += m[0].length;
      continue;
    }
    if (isIdStart(ch)) {
      const start = i;
      i += ch.length;
      while (i < src.length) {
        const code = src.charCodeAt(i);
        const c = code < 0xd800 || code > 0xdbff ? src[i]! : String.fromCodePoint(src.codePointAt(i)!);
        if (!isIdCont(c)) break;
        i += c.length;
      }
      toks.push({ k: 'name', v: src.slice(start, i), pos: start });
      continue;
    }
    const cp = String.fromCodePoint(src.codePointAt(i)!);
    if (ID_START.test(cp)) {
      // astral-plane identifier start
      const start = i;
      i += cp.length;
      while (i < src.length) {
        const c = String.fromCodePoint(src.codePointAt(i)!);
        if (!ID_CONT.test(c)) break;
        i += c.length;
      }
      toks.push({ k: 'name', v: src.slice(start, i), pos: start });
      continue;
    }
    const op = matchOp(src, i);
    if (!op) throw new PySyntaxError(`invalid character '${cp}'`);
    if (op === '(' || op === '[' || op === '{') depth++;
    if (op === ')' || op === ']' || op === '}') {
      depth--;
      if (depth < 0) throw new PySyntaxError(`unmatched '${op}'`);
    }
    toks.push({ k: 'op', v: op, pos: i });
    i += op.length;
  }
  if (depth !== 0) throw new PySyntaxError("'(' was never closed");
  toks.push({ k: 'end', pos: src.length });
  return toks;
}
