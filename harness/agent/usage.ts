import type { Usage } from '../types.js';

export function emptyUsage(): Usage {
  return { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
}

/** Adds `b` into `a` (mutates `a`, which a loop owns). */
export function addUsage(a: Usage, b: Usage): Usage {
  a.prompt_tokens += b.prompt_tokens;
  a.completion_tokens += b.completion_tokens;
  a.total_tokens += b.total_tokens;
  return a;
}
