// Labels: a data value → the canonical gold label of its type, and a model's verdict word → the
// same canonical form, so gold and prediction compare exactly.
//   binary  → 'yes' | 'no'
//   graded  → the class `value` as a string (classes ordered worst → best)
//   ranking → a relevance grade per candidate item id, and the ideal order
import { DEFAULT_NEGATIVE, DEFAULT_POSITIVE, type GradedLabelSpec, type LabelSpec, type Scalar } from './mapping.js';

export type Gold =
  | { type: 'binary'; value: 'yes' | 'no' }
  | { type: 'graded'; value: string; index: number }
  | { type: 'ranking'; grades: Record<string, number>; order: string[] };

export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

/** Values compare as trimmed, lower-cased strings: 1, "1" and " 1 " are one value. */
export function norm(v: unknown): string {
  return String(v).trim().toLowerCase();
}

function inList(list: readonly Scalar[], v: unknown): boolean {
  const k = norm(v);
  return list.some((x) => norm(x) === k);
}

function shown(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v);
}

export function binaryFromData(spec: { positive?: Scalar[]; negative?: Scalar[] }, raw: unknown): Result<'yes' | 'no'> {
  const pos = spec.positive ?? DEFAULT_POSITIVE;
  const neg = spec.negative ?? DEFAULT_NEGATIVE;
  if (raw !== null && typeof raw === 'object') return { ok: false, message: `label is ${Array.isArray(raw) ? 'an array' : 'an object'}, expected one value` };
  if (inList(pos, raw)) return { ok: true, value: 'yes' };
  if (inList(neg, raw)) return { ok: true, value: 'no' };
  return { ok: false, message: `label value ${shown(raw)} is neither positive [${pos.map(shown).join(', ')}] nor negative [${neg.map(shown).join(', ')}] (set label.positive / label.negative)` };
}

/** Index of the class a value names (its value, description or an alias), or -1. */
export function gradedIndex(spec: GradedLabelSpec, raw: unknown): number {
  const k = norm(raw);
  return spec.classes.findIndex(
    (c) => norm(c.value) === k || (c.description !== undefined && norm(c.description) === k) || (c.aliases ?? []).some((a) => norm(a) === k),
  );
}

export function gradedFromData(spec: GradedLabelSpec, raw: unknown): Result<{ value: string; index: number }> {
  const i = raw !== null && typeof raw === 'object' ? -1 : gradedIndex(spec, raw);
  if (i < 0) {
    return { ok: false, message: `label value ${shown(raw)} is none of the classes [${spec.classes.map((c) => shown(c.value)).join(', ')}] (add it to a class's aliases)` };
  }
  return { ok: true, value: { value: String(spec.classes[i]!.value), index: i } };
}

/** Ids as listed: an array, or a string like `b > a > c` / `b, a, c`. */
export function idList(raw: unknown): string[] | null {
  if (Array.isArray(raw)) return raw.every((x) => typeof x === 'string' || typeof x === 'number') ? raw.map((x) => String(x).trim()) : null;
  if (typeof raw === 'string') return raw.split(/\s*(?:>|,|，|、|;|；)\s*/).map((s) => s.trim()).filter(Boolean);
  if (typeof raw === 'number') return [String(raw)];
  return null;
}

/** Candidate ids sorted by grade, best first; equal grades keep candidate order. */
export function idealOrder(grades: Record<string, number>, ids: readonly string[]): string[] {
  return ids.map((id, i) => ({ id, i, g: grades[id] ?? 0 })).sort((a, b) => b.g - a.g || a.i - b.i).map((x) => x.id);
}

export function rankingFromData(format: 'order' | 'grades' | 'chosen', raw: unknown, ids: readonly string[]): Result<Gold & { type: 'ranking' }> {
  const known = new Set(ids);
  const grades: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  if (format === 'grades') {
    if (!Array.isArray(raw) || raw.length !== ids.length || !raw.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      return { ok: false, message: `ranking label (format grades) must be ${ids.length} numbers, one per candidate item; got ${shown(raw)}` };
    }
    raw.forEach((g, i) => (grades[ids[i]!] = g as number));
  } else {
    const list = idList(raw);
    if (!list || list.length === 0) return { ok: false, message: `ranking label (format ${format}) must list item ids; got ${shown(raw)}` };
    const unknown = list.filter((id) => !known.has(id));
    if (unknown.length) return { ok: false, message: `ranking label names item id(s) ${unknown.map(shown).join(', ')} that are not candidates [${ids.join(', ')}]` };
    if (new Set(list).size !== list.length) return { ok: false, message: `ranking label lists an item twice: ${shown(raw)}` };
    // `order`: the listed items outrank the rest, earlier ones more; `chosen`: the picked item(s) are relevant.
    list.forEach((id, p) => (grades[id] = format === 'order' ? list.length - p : 1));
  }
  return { ok: true, value: { type: 'ranking', grades, order: idealOrder(grades, ids) } };
}

export function goldFromData(spec: LabelSpec, raw: unknown, ids: readonly string[]): Result<Gold> {
  if (spec.type === 'binary') {
    const r = binaryFromData(spec, raw);
    return r.ok ? { ok: true, value: { type: 'binary', value: r.value } } : r;
  }
  if (spec.type === 'graded') {
    const r = gradedFromData(spec, raw);
    return r.ok ? { ok: true, value: { type: 'graded', ...r.value } } : r;
  }
  return rankingFromData(spec.format, raw, ids);
}
