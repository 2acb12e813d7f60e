// Separating a model's reasoning from its answer. Reasoning models put their thoughts either in
// a separate response field (vLLM/SGLang reasoning parsers: `reasoning_content`, newer vLLM:
// `reasoning`) or inline as `<think>…</think>`. Answer extraction must only see the answer, but
// the record keeps the reasoning.

const OPEN = '<think>';
const CLOSE = '</think>';

export interface SplitReasoning {
  content: string;
  reasoning: string | null;
}

/**
 * Strip `<think>` reasoning from `content`, keeping what was removed. Handles:
 * - complete `<think>…</think>` blocks (anywhere, usually leading);
 * - a `</think>` with no opening tag before it: the chat template (Qwen3, DeepSeek-R1) already put
 *   `<think>` in the prompt, so everything before the close is reasoning;
 * - an unterminated `<think>` (generation cut by max_tokens): everything after it is reasoning.
 * `reasoningField` (the endpoint's separate reasoning field) comes first in the kept reasoning.
 * Content is returned untouched when nothing was stripped, and trimmed when something was.
 */
export function splitReasoning(content: string | null | undefined, reasoningField?: string | null): SplitReasoning {
  const text = content ?? '';
  const parts: string[] = [];
  if (typeof reasoningField === 'string' && reasoningField.trim() !== '') parts.push(reasoningField.trim());

  // Fast path: no tag at all (the common case for non-reasoning models).
  if (text.indexOf('think>') === -1) {
    return { content: text, reasoning: parts.length > 0 ? parts.join('\n\n') : null };
  }

  let rest = text;
  let out = '';

  // Orphan close tag: reasoning started in the prompt.
  const firstClose = rest.indexOf(CLOSE);
  const firstOpen = rest.indexOf(OPEN);
  if (firstClose !== -1 && (firstOpen === -1 || firstOpen > firstClose)) {
    pushTrimmed(parts, rest.slice(0, firstClose));
    rest = rest.slice(firstClose + CLOSE.length);
  }

  // Complete blocks, then at most one unterminated block at the end.
  for (;;) {
    const open = rest.indexOf(OPEN);
    if (open === -1) {
      out += rest;
      break;
    }
    out += rest.slice(0, open);
    const close = rest.indexOf(CLOSE, open + OPEN.length);
    if (close === -1) {
      pushTrimmed(parts, rest.slice(open + OPEN.length));
      break;
    }
    pushTrimmed(parts, rest.slice(open + OPEN.length, close));
    rest = rest.slice(close + CLOSE.length);
  }

  const reasoning = parts.length > 0 ? parts.join('\n\n') : null;
  return { content: out === text ? text : out.trim(), reasoning };
}

function pushTrimmed(parts: string[], s: string): void {
  const t = s.trim();
  if (t !== '') parts.push(t);
}
