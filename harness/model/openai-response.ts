// Turns an OpenAI-compatible /v1/chat/completions or /v1/completions JSON body into `Choice[]` and
// `Usage`. Shape problems throw ProtocolError, which the client's retry loop turns into a retryable
// 'protocol' failure. Plain functions with no per-request closures: this is on the client's hot path.
import type { Choice, ToolCall, Usage } from '../types.js';
import { splitReasoning } from './reasoning.js';
import { ProtocolError } from './retry.js';

export interface Parsed {
  choices: Choice[];
  usage: Usage;
}

/** Max characters of an `error` object quoted when a 2xx answer has no choices (records keep this much). */
export const SNIPPET = 2000;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function rawChoices(data: unknown): Obj[] {
  if (!isObj(data)) throw new ProtocolError('response is not a JSON object');
  const choices = data.choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    const err = data.error !== undefined ? `; error: ${JSON.stringify(data.error).slice(0, SNIPPET)}` : '';
    throw new ProtocolError(`response has no choices${err}`);
  }
  let sorted = true;
  for (let i = 0; i < choices.length; i++) {
    const c: unknown = choices[i];
    if (!isObj(c)) throw new ProtocolError(`choice ${i} is not an object`);
    if (typeof c.index === 'number' && c.index !== i) sorted = false;
  }
  const list = choices as Obj[];
  return sorted ? list : [...list].sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0));
}

export function parseChat(data: unknown): Parsed {
  const choices = rawChoices(data).map((c, i): Choice => {
    const m = c.message;
    if (!isObj(m)) throw new ProtocolError(`choice ${i} has no message`);
    const rf = typeof m.reasoning_content === 'string' ? m.reasoning_content : typeof m.reasoning === 'string' ? m.reasoning : null;
    const { content, reasoning } = splitReasoning(textOf(m.content), rf);
    return { content, reasoning, toolCalls: parseToolCalls(m.tool_calls), finishReason: finishOf(c) };
  });
  return { choices, usage: parseUsage((data as Obj).usage) };
}

export function parseCompletion(data: unknown): Parsed {
  const choices = rawChoices(data).map((c, i): Choice => {
    if (typeof c.text !== 'string') throw new ProtocolError(`choice ${i} has no text`);
    const { content, reasoning } = splitReasoning(c.text, null);
    return { content, reasoning, toolCalls: [], finishReason: finishOf(c) };
  });
  return { choices, usage: parseUsage((data as Obj).usage) };
}

/** Message content: a string, null (tool calls only), or an array of text parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p: unknown) => (isObj(p) && typeof p.text === 'string' ? p.text : '')).join('');
  }
  return '';
}

function finishOf(c: Obj): string | null {
  return typeof c.finish_reason === 'string' ? c.finish_reason : null;
}

function parseToolCalls(raw: unknown): ToolCall[] {
  if (!Array.isArray(raw) || raw.length === 0) return [];
  const out: ToolCall[] = [];
  raw.forEach((tc: unknown, i) => {
    if (!isObj(tc) || !isObj(tc.function)) return;
    const fn = tc.function;
    // Some servers send arguments as an object instead of a JSON string.
    const args = typeof fn.arguments === 'string' ? fn.arguments : fn.arguments === undefined ? '{}' : JSON.stringify(fn.arguments);
    out.push({ id: typeof tc.id === 'string' && tc.id !== '' ? tc.id : `call_${i}`, type: 'function', function: { name: String(fn.name ?? ''), arguments: args } });
  });
  return out;
}

function parseUsage(u: unknown): Usage {
  if (!isObj(u)) return { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const p = typeof u.prompt_tokens === 'number' ? u.prompt_tokens : 0;
  const c = typeof u.completion_tokens === 'number' ? u.completion_tokens : 0;
  return { prompt_tokens: p, completion_tokens: c, total_tokens: typeof u.total_tokens === 'number' ? u.total_tokens : p + c };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    prompt_tokens: a.prompt_tokens + b.prompt_tokens,
    completion_tokens: a.completion_tokens + b.completion_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}
