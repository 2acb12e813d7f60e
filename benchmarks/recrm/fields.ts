// Field paths of the mapping file, resolved against one dataset record.
// `a.b.0.c` walks objects by key and arrays by index (negative counts from the end: `messages.-1`);
// a path starting with `/` is an RFC 6901 JSON pointer, for keys that hold dots.

export type Resolution =
  | { found: true; value: unknown }
  /** `at`: the part of the path that did resolve ('' = the record); `available`: what exists there. */
  | { found: false; at: string; missing: string; available: string[] };

export function parsePath(path: string): string[] {
  if (path.startsWith('/')) {
    return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return path.split('.');
}

/** What a value offers to walk into: its keys, or its index range. */
export function availableAt(value: unknown): string[] {
  if (Array.isArray(value)) return value.length === 0 ? ['(empty array)'] : [`0…${value.length - 1} (array of ${value.length})`];
  if (value !== null && typeof value === 'object') return Object.keys(value);
  return [`(a ${value === null ? 'null' : typeof value}, not an object)`];
}

export function resolvePath(record: unknown, path: string): Resolution {
  const segments = parsePath(path);
  let cur: unknown = record;
  const walked: string[] = [];
  for (const seg of segments) {
    let next: unknown;
    let ok = false;
    if (Array.isArray(cur) && /^-?\d+$/.test(seg)) {
      const i = Number(seg);
      const idx = i < 0 ? cur.length + i : i;
      if (idx >= 0 && idx < cur.length) [next, ok] = [cur[idx], true];
    } else if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) {
      [next, ok] = [(cur as Record<string, unknown>)[seg], true];
    }
    if (!ok) return { found: false, at: walked.join('.'), missing: seg, available: availableAt(cur) };
    walked.push(seg);
    cur = next;
  }
  return { found: true, value: cur };
}

/**
 * A field value as prompt text: strings as they are, arrays of scalars as bullet lines, anything
 * else as indented JSON (non-ASCII kept, so Chinese stays readable).
 */
export function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x))) {
    return v.map((x) => `- ${String(x)}`).join('\n');
  }
  return JSON.stringify(v, null, 2);
}
