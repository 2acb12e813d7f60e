// Relevance and irrelevance: a call is "made" when the output decodes to a non-empty list of calls.
import { describe, expect, it } from 'vitest';
import { decodePromptOutput, decodeToolCalls } from '../scorers/bfcl/decode.js';
import { containsCall, relevanceCheck } from '../scorers/bfcl/relevance.js';

const tc = (name: string, args: string) => ({ id: 'c', type: 'function' as const, function: { name, arguments: args } });

describe('BFCL relevance rules', () => {
  it('irrelevance: right when nothing decodes to a call', () => {
    for (const text of ['[]', 'I cannot help with that.', '```python\n[f(a=1)]\n```', '']) {
      expect(relevanceCheck('irrelevance', decodePromptOutput(text)).valid, text).toBe(true);
    }
    expect(relevanceCheck('live_irrelevance', decodePromptOutput('[f()]'))).toMatchObject({ valid: false, errorType: 'irrelevance_error:decoder_success' });
    expect(relevanceCheck('irrelevance', decodeToolCalls([], 'No function fits.')).valid).toBe(true);
    expect(relevanceCheck('irrelevance', decodeToolCalls([tc('f', '{"a": 1}')], null)).valid).toBe(false);
    // Arguments that are not a JSON object: decoded, but not a call in BFCL's format.
    expect(relevanceCheck('irrelevance', decodeToolCalls([tc('f', '[1]')], null)).valid).toBe(true);
    expect(relevanceCheck('irrelevance', decodeToolCalls([tc('f', '{bad')], null)).valid).toBe(true);
  });

  it('live_relevance: right when some call is made, whichever', () => {
    expect(relevanceCheck('live_relevance', decodePromptOutput('[anything(x=1)]')).valid).toBe(true);
    expect(relevanceCheck('live_relevance', decodeToolCalls([tc('g', '{}')], null)).valid).toBe(true);
    expect(relevanceCheck('live_relevance', decodePromptOutput('[]'))).toMatchObject({ valid: false, errorType: 'relevance_error:decoder_failed' });
    expect(containsCall(decodeToolCalls([], ''))).toBe(false);
  });
});
