// Relevance and irrelevance (eval_runner.py _evaluate_single_relevance_entry + utils.is_empty_output):
// a call "is made" when the output decodes and the result is not empty — not [], not [{}], and in
// the `[{name: {args}}]` format. irrelevance / live_irrelevance are right when no call is made;
// live_relevance is right when some call is made (which call is not checked).
import type { Decoded } from './decode.js';
import type { CheckResult } from './ast-checker.js';

export function containsCall(decoded: Decoded): boolean {
  // Prompt-decoded calls are always a one-key dict of args, so only emptiness matters;
  // a decoded result that is not in call format counts as empty.
  return decoded.ok && decoded.calls.length > 0;
}

export function relevanceCheck(category: string, decoded: Decoded): CheckResult {
  const call = containsCall(decoded);
  if (category.includes('irrelevance')) {
    return call ? { valid: false, error: ['Valid syntax. Successfully decode AST when it should not.'], errorType: 'irrelevance_error:decoder_success' } : { valid: true };
  }
  return call
    ? { valid: true }
    : { valid: false, error: [`Invalid syntax. Failed to decode AST when it should have. ${decoded.ok ? '' : decoded.message}`.trim()], errorType: 'relevance_error:decoder_failed' };
}
