// One BFCL single-turn verdict: decode (prompt text or tool calls), then the relevance rule or
// the AST checker, with the error type and message as the official score files word them.
import type { Json, ToolCall } from '../../harness/types.js';
import { astCheck, type CheckResult, type ExpectedCall } from './ast-checker.js';
import { decodePromptOutput, decodeToolCalls, type Decoded } from './decode.js';
import type { FunctionDoc } from './function-doc.js';
import { toJson } from './py-value.js';
import { relevanceCheck } from './relevance.js';

export type BfclMode = 'fc' | 'prompt';

export interface BfclCase {
  category: string;
  docs: readonly FunctionDoc[];
  /** Ground truth (AST categories); null for the relevance categories. */
  expected: readonly ExpectedCall[] | null;
}

export interface Verdict {
  result: CheckResult;
  decoded: Decoded;
}

export const isRelevanceCategory = (category: string) => category.includes('relevance');

export function decodeOutput(mode: BfclMode, output: string, toolCalls: readonly ToolCall[]): Decoded {
  return mode === 'fc' ? decodeToolCalls(toolCalls, output) : decodePromptOutput(output);
}

/** `_evaluate_single_ast_entry` / `_evaluate_single_relevance_entry` for one already-decoded output. */
export function judge(c: BfclCase, decoded: Decoded, mode: BfclMode): CheckResult {
  if (isRelevanceCategory(c.category)) return relevanceCheck(c.category, decoded);
  if (!decoded.ok) {
    return decoded.kind === 'failed'
      ? { valid: false, error: [`Invalid syntax. Failed to decode AST. ${decoded.message}`], errorType: 'ast_decoder:decoder_failed' }
      : { valid: false, error: ['Did not output in the specified format.'], errorType: 'ast_decoder:decoder_wrong_output_format' };
  }
  if (c.expected === null) throw new Error(`${c.category}: an AST category needs ground truth`);
  return astCheck(c.category, c.docs, decoded.calls, c.expected, { underscoreNames: mode === 'fc' });
}

export function evaluate(c: BfclCase, mode: BfclMode, output: string, toolCalls: readonly ToolCall[]): Verdict {
  const decoded = decodeOutput(mode, output, toolCalls);
  return { result: judge(c, decoded, mode), decoded };
}

/** Decoded calls for the record, `[{name: {args}}]` in JSON. */
export function decodedJson(d: Decoded): Json {
  if (d.ok) return d.calls.map((c) => ({ [c.name]: toJson(c.args) }));
  if (d.kind === 'wrong_format') return d.raw.map(([n, v]) => ({ [n]: toJson(v) }));
  return null;
}
