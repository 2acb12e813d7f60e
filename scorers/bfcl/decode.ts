// From what a model returned to the checker's input, as BFCL's handlers decode it:
// - prompt mode (default_decode_ast_prompting, model_handler/utils.py): strip "`", "\n" and " "
//   from both ends, add a missing leading "[" / trailing "]", then parse Python call syntax. So a
//   ```python fence fails ("python" stays in front) while a bare ``` fence decodes.
// - fc mode (OpenAICompletionsHandler._parse_query_response_FC + decode_ast): each tool call is
//   `{name: json.loads(arguments)}`; with no tool calls the handler keeps the text content, and
//   decoding iterates over it: "" decodes to [] (so it is a wrong count, not a decode failure),
//   any other text fails to decode.
import type { ToolCall } from '../../harness/types.js';
import { DecodeError } from './decode-error.js';
import { JsonPyError, parseJsonPy } from './json-py.js';
import { parsePythonCalls, type DecodedCall } from './python-call-parser.js';
import type { PyValue } from './py-value.js';

export type Decoded =
  | { ok: true; calls: DecodedCall[] }
  /** Decoded, but not `[{name: {args}}]` (is_function_calling_format_output is false). */
  | { ok: false; kind: 'wrong_format'; message: string; raw: Array<[string, PyValue]> }
  | { ok: false; kind: 'failed'; message: string };

export function decodePromptOutput(text: string): Decoded {
  let s = text.replace(/^[`\n ]+|[`\n ]+$/g, '');
  if (!s.startsWith('[')) s = `[${s}`;
  if (!s.endsWith(']')) s = `${s}]`;
  try {
    return { ok: true, calls: parsePythonCalls(s) };
  } catch (err) {
    if (err instanceof DecodeError) return { ok: false, kind: 'failed', message: err.message };
    throw err;
  }
}

export function decodeToolCalls(toolCalls: readonly ToolCall[], content: string | null): Decoded {
  if (toolCalls.length === 0) {
    if (content === null || content === '') return { ok: true, calls: [] };
    return { ok: false, kind: 'failed', message: "'str' object has no attribute 'keys'" };
  }
  const raw: Array<[string, PyValue]> = [];
  for (const tc of toolCalls) {
    try {
      raw.push([tc.function.name, parseJsonPy(tc.function.arguments)]);
    } catch (err) {
      if (err instanceof JsonPyError) return { ok: false, kind: 'failed', message: `arguments of ${tc.function.name} are not JSON: ${err.message}` };
      throw err;
    }
  }
  const calls: DecodedCall[] = [];
  for (const [name, args] of raw) {
    if (args.t !== 'dict') return { ok: false, kind: 'wrong_format', message: `arguments of ${name} are not an object`, raw };
    calls.push({ name, args });
  }
  return { ok: true, calls };
}
