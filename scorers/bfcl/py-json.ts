// Python's json.dumps for PyValues: floats keep their ".0" (so a float list stays a float list
// when a tool call's arguments are read back), non-ASCII is escaped (ensure_ascii=True), and
// `indent` lays out as Python does — BFCL's prompt embeds json.dumps(functions, indent=4).
import { floatRepr, type PyValue } from './py-value.js';

function strJson(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function keyText(k: PyValue): string {
  switch (k.t) {
    case 'str':
      return k.v;
    case 'bool':
      return k.v ? 'true' : 'false';
    case 'none':
      return 'null';
    case 'int':
      return k.v.toString();
    case 'float':
      return floatRepr(k.v);
    default:
      throw new TypeError(`keys must be str, int, float, bool or None, not ${k.t}`);
  }
}

export function pyJsonDumps(v: PyValue, indent: number | null = null, level = 0): string {
  const nl = indent === null ? '' : `\n${' '.repeat(indent * (level + 1))}`;
  const close = indent === null ? '' : `\n${' '.repeat(indent * level)}`;
  const sep = indent === null ? ', ' : ',';
  switch (v.t) {
    case 'none':
      return 'null';
    case 'bool':
      return v.v ? 'true' : 'false';
    case 'int':
      return v.v.toString();
    case 'float':
      return Number.isNaN(v.v) ? 'NaN' : !Number.isFinite(v.v) ? (v.v > 0 ? 'Infinity' : '-Infinity') : floatRepr(v.v);
    case 'str':
      return strJson(v.v);
    case 'list':
    case 'tuple':
      if (v.v.length === 0) return '[]';
      return `[${nl}${v.v.map((x) => pyJsonDumps(x, indent, level + 1)).join(sep + nl)}${close}]`;
    case 'dict':
      if (v.v.length === 0) return '{}';
      return `{${nl}${v.v.map(([k, x]) => `${strJson(keyText(k))}: ${pyJsonDumps(x, indent, level + 1)}`).join(sep + nl)}${close}}`;
    default:
      throw new TypeError(`Object of type ${v.t} is not JSON serializable`);
  }
}
