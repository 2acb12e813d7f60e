import { describe, expect, it } from 'vitest';
import { splitReasoning } from '../harness/model/reasoning.js';

describe('splitReasoning', () => {
  it('leaves plain content untouched', () => {
    expect(splitReasoning('  The answer is 4. ')).toEqual({ content: '  The answer is 4. ', reasoning: null });
    expect(splitReasoning(null)).toEqual({ content: '', reasoning: null });
    expect(splitReasoning('I think> maybe')).toEqual({ content: 'I think> maybe', reasoning: null });
  });

  it('strips a leading <think> block and keeps it', () => {
    expect(splitReasoning('<think>\n2+2 is 4\n</think>\n\nThe answer is 4.')).toEqual({
      content: 'The answer is 4.',
      reasoning: '2+2 is 4',
    });
  });

  it('treats an empty think block as no reasoning', () => {
    expect(splitReasoning('<think>\n\n</think>\n\nHi')).toEqual({ content: 'Hi', reasoning: null });
  });

  it('handles a close tag without an opening tag (Qwen3 template opened it in the prompt)', () => {
    expect(splitReasoning('let me see...\n</think>\nSELECT 1')).toEqual({ content: 'SELECT 1', reasoning: 'let me see...' });
  });

  it('treats an unterminated <think> as reasoning to the end', () => {
    expect(splitReasoning('<think>still thinking when max_tokens hit')).toEqual({
      content: '',
      reasoning: 'still thinking when max_tokens hit',
    });
    expect(splitReasoning('Answer: B <think>second thoughts')).toEqual({ content: 'Answer: B', reasoning: 'second thoughts' });
  });

  it('strips several blocks and keeps the text between them', () => {
    expect(splitReasoning('<think>a</think>x <think>b</think>y')).toEqual({ content: 'x y', reasoning: 'a\n\nb' });
  });

  it('puts the reasoning field first', () => {
    expect(splitReasoning('Final', 'field reasoning')).toEqual({ content: 'Final', reasoning: 'field reasoning' });
    expect(splitReasoning('<think>tag</think>Final', 'field')).toEqual({ content: 'Final', reasoning: 'field\n\ntag' });
    expect(splitReasoning('Final', '')).toEqual({ content: 'Final', reasoning: null });
  });
});
