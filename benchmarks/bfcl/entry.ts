// One BFCL entry line → a sample: the first turn's messages, the raw function docs (kept as Python
// values for the prompt and the tools), the checker's view of the docs and the expected calls.
// Anything the official pipeline would crash on is reported as a data issue with its reason.
import type { ChatMessage, Sample } from '../../harness/types.js';
import type { ExpectedCall } from '../../scorers/bfcl/ast-checker.js';
import { checkerDoc, type FunctionDoc } from '../../scorers/bfcl/function-doc.js';
import { dictGetStr, type PyDict, type PyValue } from '../../scorers/bfcl/py-value.js';
import type { Category } from './categories.js';
import { toolsFor } from './tools.js';
import type { ToolSpec } from '../../harness/types.js';

export interface BfclSample extends Sample {
  groups: { category: Category };
  category: Category;
  /** `question[0]`: single-turn entries are answered on their first turn (inference_single_turn_*). */
  messages: ChatMessage[];
  /** The `function` docs as given (Python values: floats stay floats in the prompt's JSON). */
  functions: PyValue[];
  docs: FunctionDoc[];
  /** fc mode's tools (convert_to_tool); computed at load so an inexpressible doc is a data issue. */
  tools: ToolSpec[];
  /** Ground truth; null for irrelevance / live_irrelevance / live_relevance. */
  expected: ExpectedCall[] | null;
}

const ROLES = new Set(['system', 'user', 'assistant']);

export function entryParts(v: PyValue): { id: string; messages: ChatMessage[]; functions: PyValue[] } | string {
  if (v.t !== 'dict') return 'entry is not a JSON object';
  const id = dictGetStr(v, 'id');
  if (!id || id.t !== 'str' || id.v === '') return 'entry has no string "id"';
  const q = dictGetStr(v, 'question');
  if (!q || q.t !== 'list' || q.v.length === 0 || q.v[0]!.t !== 'list') return `${id.v}: "question" is not a list of turns`;
  const messages: ChatMessage[] = [];
  for (const m of (q.v[0] as { v: PyValue[] }).v) {
    if (m.t !== 'dict') return `${id.v}: a message is not an object`;
    const role = dictGetStr(m, 'role');
    const content = dictGetStr(m, 'content');
    if (!role || role.t !== 'str' || !ROLES.has(role.v) || !content || content.t !== 'str') return `${id.v}: a message lacks a known role or string content`;
    messages.push({ role: role.v as ChatMessage['role'], content: content.v });
  }
  if (messages.length === 0) return `${id.v}: the first turn has no messages`;
  const f = dictGetStr(v, 'function');
  if (!f || f.t !== 'list') return `${id.v}: "function" is not a list of docs`;
  return { id: id.v, messages, functions: f.v };
}

export function expectedCalls(gt: PyValue): ExpectedCall[] | string {
  if (gt.t !== 'list') return '"ground_truth" is not a list of calls';
  const out: ExpectedCall[] = [];
  for (const call of gt.v) {
    if (call.t !== 'dict' || call.v.length !== 1) return 'a ground-truth call is not a one-key object {name: {param: [values]}}';
    const [name, params] = call.v[0]!;
    if (name.t !== 'str' || params.t !== 'dict') return 'a ground-truth call is not {name: {param: [values]}}';
    for (const [p, vals] of params.v) {
      if (p.t !== 'str' || vals.t !== 'list') return `${name.v}: acceptable values of a parameter are not a list`;
    }
    out.push({ name: name.v, params: params as PyDict });
  }
  return out;
}

/** Build a sample; a string is the reason it cannot be one. */
export function buildSample(category: Category, parts: { id: string; messages: ChatMessage[]; functions: PyValue[] }, expected: ExpectedCall[] | null): BfclSample | string {
  const docs: FunctionDoc[] = [];
  if (expected !== null) {
    for (const raw of parts.functions) {
      const d = checkerDoc(raw);
      if (typeof d === 'string') return `function doc the official checker cannot use: ${d}`;
      docs.push(d);
    }
    for (const e of expected) if (!docs.some((d) => d.name === e.name)) return `ground truth calls ${e.name}, which has no function doc`;
  }
  const tools = toolsFor(parts.functions);
  if (typeof tools === 'string') return `function doc the tool converter cannot express: ${tools}`;
  return { id: parts.id, groups: { category }, category, messages: parts.messages, functions: parts.functions, docs, tools, expected };
}
