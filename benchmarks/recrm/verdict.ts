// The fixed verdict format and its parser. The prompts ask for a last line holding one JSON
// object — {"verdict": "yes", "score": 0.93} / {"verdict": "2"} / {"verdict": ["b", "a", "c"]} —
// and the parser also reads a `Verdict: …` line (plus `Score: …`), the forms models fall back to.
// Anything it cannot read is a malformed verdict (retried by the solver, then an error record),
// never a wrong answer.
import type { RecItem } from './extract.js';
import { gradedIndex, idList, norm, type Gold, type Result } from './labels.js';
import type { LabelSpec } from './mapping.js';

export type Verdict =
  | { type: 'binary'; value: 'yes' | 'no'; score: number | null }
  | { type: 'graded'; value: string; index: number; score: number | null }
  | { type: 'ranking'; order: string[] };

const YES = new Set(['yes', 'y', 'true', '1', '是', '是的', '符合', '一致', '相关', 'pass', 'correct']);
const NO = new Set(['no', 'n', 'false', '0', '否', '不是', '不符合', '不一致', '不相关', 'fail', 'incorrect']);

interface RawVerdict {
  verdict: unknown;
  score: unknown;
}

/** The last `{…"verdict"…}` object in the text (no nested braces: verdicts are scalars or arrays). */
function lastJsonVerdict(text: string): RawVerdict | null {
  const found = text.match(/\{[^{}]*["']verdict["'][^{}]*\}/g);
  for (const cand of (found ?? []).reverse()) {
    for (const attempt of [cand, cand.replace(/'/g, '"')]) {
      try {
        const v = JSON.parse(attempt) as unknown;
        if (v && typeof v === 'object' && !Array.isArray(v) && 'verdict' in v) {
          const o = v as Record<string, unknown>;
          return { verdict: o.verdict, score: o.score ?? null };
        }
      } catch {
        /* try the next form */
      }
    }
  }
  return null;
}

const LINE = /^[\s>*_`#-]*(?:final\s+)?(?:verdict|判定|结论|判断)[\s*_`]*[:：]\s*(.+?)\s*$/gim;
const SCORE = /(?:score|confidence|probability|置信度|概率|分数)[\s*_`]*[:：]\s*([-+]?\d*\.?\d+)/gi;

function lastLineVerdict(text: string): RawVerdict | null {
  const lines = [...text.matchAll(LINE)];
  const last = lines[lines.length - 1];
  if (!last) return null;
  const scores = [...text.matchAll(SCORE)];
  return { verdict: last[1], score: scores.length ? Number(scores[scores.length - 1]![1]) : null };
}

function clean(s: string): string {
  return s.trim().replace(/^[*_`"'“”‘’\s]+|[*_`"'“”‘’\s.。!！]+$/g, '').trim();
}

function probability(v: unknown): number | null {
  const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1 ? x : null;
}

function number(v: unknown): number | null {
  const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

export function parseVerdict(text: string, sample: { label: LabelSpec; items: readonly RecItem[] }): Result<Verdict> {
  const raw = lastJsonVerdict(text) ?? lastLineVerdict(text);
  const spec = sample.label;
  if (!raw) return { ok: false, message: 'no verdict found: the reply must end with a line like {"verdict": …}' };
  if (spec.type === 'binary') {
    const full = clean(norm(raw.verdict));
    // "yes, it complies" → "yes": the first word decides when the whole value is not one word.
    const first = clean(full.split(/[\s,，.。;；:：(（]/)[0] ?? '');
    const word = YES.has(full) || NO.has(full) ? full : first;
    const value = YES.has(word) ? 'yes' : NO.has(word) ? 'no' : null;
    if (!value) return { ok: false, message: `verdict ${JSON.stringify(raw.verdict)} is not "yes" or "no"` };
    return { ok: true, value: { type: 'binary', value, score: probability(raw.score) } };
  }
  if (spec.type === 'graded') {
    const s = clean(String(raw.verdict));
    let i = gradedIndex(spec, s);
    if (i < 0) i = gradedIndex(spec, clean(s.split(/[\s(（:：-]/)[0] ?? ''));
    if (i < 0 || raw.verdict === null || typeof raw.verdict === 'object') {
      return { ok: false, message: `verdict ${JSON.stringify(raw.verdict)} is none of ${spec.classes.map((c) => `"${c.value}"`).join(', ')}` };
    }
    return { ok: true, value: { type: 'graded', value: String(spec.classes[i]!.value), index: i, score: number(raw.score) } };
  }
  const ids = sample.items.map((x) => x.id);
  const list = idList(raw.verdict)?.map((s) => clean(s).replace(/^[[#(【]+|[\])】]+$/g, ''));
  if (!list || list.length === 0) return { ok: false, message: `verdict ${JSON.stringify(raw.verdict)} is not a list of item ids` };
  const known = new Set(ids);
  const unknown = list.filter((id) => !known.has(id));
  if (unknown.length) return { ok: false, message: `verdict names unknown item id(s) ${unknown.join(', ')} (candidates: ${ids.join(', ')})` };
  if (new Set(list).size !== list.length) return { ok: false, message: 'verdict lists an item twice' };
  if (list.length !== ids.length) {
    return { ok: false, message: `verdict ranks ${list.length} of ${ids.length} items; rank all of ${ids.join(', ')}` };
  }
  return { ok: true, value: { type: 'ranking', order: list } };
}

/** A verdict as one string (majority voting, export): `yes`, `2`, `b > a > c`. */
export function verdictString(v: Verdict): string {
  return v.type === 'ranking' ? v.order.join(' > ') : v.value;
}

/** The oracle's reply: the gold label in the exact format the prompts ask for. */
export function formatVerdict(gold: Gold): string {
  if (gold.type === 'binary') return JSON.stringify({ verdict: gold.value, score: gold.value === 'yes' ? 1 : 0 });
  if (gold.type === 'graded') return JSON.stringify({ verdict: gold.value });
  return JSON.stringify({ verdict: gold.order });
}

/**
 * The schema line the prompts and the re-ask show for a label type. Placeholders rather than a
 * concrete answer: a concrete example would bias the judge towards it.
 */
export function verdictExample(spec: LabelSpec): string {
  if (spec.type === 'binary') return '{"verdict": "<yes or no>", "score": <probability of yes, 0 to 1>}';
  if (spec.type === 'graded') return `{"verdict": "<one of: ${spec.classes.map((c) => String(c.value)).join(', ')}>"}`;
  return '{"verdict": ["<best item id>", "<next item id>", …, "<worst item id>"]}';
}
