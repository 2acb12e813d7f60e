// JSON → PyValue, as Python's json.loads reads it: a number with a fraction or exponent is a float,
// one without is an int (JSON.parse would merge 1 and 1.0, which BFCL's type checks tell apart);
// NaN/Infinity are accepted; a repeated key keeps its first position and its last value.
import type { PyValue } from './py-value.js';

export class JsonPyError extends Error {
  constructor(message: string, readonly pos: number) {
    super(`${message} at char ${pos}`);
    this.name = 'JsonPyError';
  }
}

const WS = new Set([' ', '\t', '\n', '\r']);

export function parseJsonPy(text: string): PyValue {
  let i = 0;
  const ws = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const fail = (msg: string): never => {
    throw new JsonPyError(msg, i);
  };

  const parseString = (): string => {
    i++; // opening quote
    let out = '';
    let start = i;
    for (;;) {
      if (i >= text.length) fail('Unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('Invalid control character');
      if (c === 0x5c) {
        out += text.slice(start, i);
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\uXXXX escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            i -= 1;
            fail('Invalid \\escape');
        }
        start = i;
        continue;
      }
      i++;
    }
  };

  const NUM = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
  const parseValue = (): PyValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: Array<[PyValue, PyValue]> = [];
      const at = new Map<string, number>();
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'dict', v: entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('Expecting property name enclosed in double quotes');
        const name = parseString();
        const key: PyValue = { t: 'str', v: name };
        ws();
        if (text[i] !== ':') fail("Expecting ':' delimiter");
        i++;
        const value = parseValue();
        const pos = at.get(name);
        if (pos !== undefined) entries[pos]![1] = value;
        else {
          at.set(name, entries.length);
          entries.push([key, value]);
        }
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { t: 'dict', v: entries };
        }
        fail("Expecting ',' delimiter");
      }
    }
    if (c === '[') {
      i++;
      const items: PyValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'list', v: items };
      }
      for (;;) {
        items.push(parseValue());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { t: 'list', v: items };
        }
        fail("Expecting ',' delimiter");
      }
    }
    if (c === '"') return { t: 'str', v: parseString() };
    if (text.startsWith('true', i)) return (i += 4), { t: 'bool', v: true };
    if (text.startsWith('false', i)) return (i += 5), { t: 'bool', v: false };
    if (text.startsWith('null', i)) return (i += 4), { t: 'none' };
    if (text.startsWith('NaN', i)) return (i += 3), { t: 'float', v: NaN };
    if (text.startsWith('Infinity', i)) return (i += 8), { t: 'float', v: Infinity };
    if (text.startsWith('-Infinity', i)) return (i += 9), { t: 'float', v: -Infinity };
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (!m) return fail('Expecting value');
    i += m[0].length;
    if (m[1] !== undefined || m[2] !== undefined) return { t: 'float', v: Number(m[0]) };
    return { t: 'int', v: BigInt(m[0]) };
  };

  const value = parseValue();
  ws();
  if (i !== text.length) fail('Extra data');
  return value;
}
