// JSON out of messy judge output: a `<think>` block first (many judge prompts ask for one), the JSON
// in a ```json fence or bare, and sometimes trailing remarks. Candidates are tried in order —
// the whole text, fenced blocks, then every balanced `{…}` object (outermost first) — and the first
// one the caller accepts wins. This is a superset of what LocalSearchBench's own judge accepts
// (evaluation/llm_judge.py `_extract_json_from_response`: json.loads of the whole text, else
// `{…}` matches of up to two nesting levels that hold a dimension key).
import { splitReasoning } from '../model/reasoning.js';

const FENCE = /```[ \t]*(?:json|JSON|json5)?[ \t]*\r?\n?([\s\S]*?)```/g;
/** Bound on balanced-object scans, so a pathological output cannot cost O(n²) parses. */
const MAX_OBJECT_STARTS = 400;

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  const t = text.trim();
  if (t === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(t) as unknown };
  } catch {
    return { ok: false };
  }
}

/** End index (inclusive) of the object opening at `start`, honouring strings and escapes; -1 if unbalanced. */
function matchBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Every parseable `{…}` in the text: outermost objects first, inner ones where an outer one fails to parse. */
function balancedObjects(text: string): unknown[] {
  const out: unknown[] = [];
  let starts = 0;
  let i = text.indexOf('{');
  while (i !== -1 && starts < MAX_OBJECT_STARTS) {
    starts++;
    const end = matchBrace(text, i);
    if (end !== -1) {
      const parsed = tryParse(text.slice(i, end + 1));
      if (parsed.ok) {
        out.push(parsed.value);
        i = text.indexOf('{', end + 1);
        continue;
      }
    }
    i = text.indexOf('{', i + 1);
  }
  return out;
}

/** Candidate JSON values of a judge output, most likely first (duplicates are harmless). */
export function jsonCandidates(output: string): unknown[] {
  // The client already moves `<think>` to reasoning; judges reached another way may not.
  const text = splitReasoning(output).content;
  const out: unknown[] = [];
  const whole = tryParse(text);
  if (whole.ok) out.push(whole.value);
  for (const m of text.matchAll(FENCE)) {
    const fenced = tryParse(m[1] ?? '');
    if (fenced.ok) out.push(fenced.value);
    else out.push(...balancedObjects(m[1] ?? ''));
  }
  out.push(...balancedObjects(text));
  // Wrapped verdicts (`{"result": {...}}`): nested objects come last, outermost first.
  const nested: unknown[] = [];
  const queue = [...out];
  while (queue.length > 0 && nested.length < MAX_OBJECT_STARTS) {
    const v = queue.shift();
    if (v === null || typeof v !== 'object') continue;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
        nested.push(child);
        queue.push(child);
      }
    }
  }
  return [...out, ...nested];
}

export type Extracted<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The first candidate `accept` takes. `accept` returns null when it takes the value, else why not
 * (the reason of the first rejected candidate is reported, as it is usually the intended JSON).
 */
export function extractJson<T>(output: string, accept: (v: unknown) => string | null): Extracted<T> {
  const candidates = jsonCandidates(output);
  if (candidates.length === 0) return { ok: false, error: 'no JSON object found in the judge output' };
  let firstReason: string | null = null;
  for (const c of candidates) {
    const why = accept(c);
    if (why === null) return { ok: true, value: c as T };
    firstReason ??= why;
  }
  return { ok: false, error: `judge JSON does not match the schema: ${firstReason ?? 'rejected'}` };
}
