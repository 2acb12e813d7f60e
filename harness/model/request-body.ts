// Request bodies of the model client: sampling parameters onto a chat or completion body, with
// `n` choices and a seed offset for fanned-out requests (so separate samples differ).
import type { SamplingParams } from '../types.js';

/** Serialises the request body for `n` choices; `seedOffset` is added to the seed (fan-out). */
export type BuildBody = (n: number, seedOffset: number) => string;

export function finishBody(body: Record<string, unknown>, s: SamplingParams, n: number, seedOffset: number): string {
  if (n > 1) body.n = n;
  if (s.temperature !== undefined) body.temperature = s.temperature;
  if (s.top_p !== undefined) body.top_p = s.top_p;
  if (s.max_tokens !== undefined) body.max_tokens = s.max_tokens;
  if (s.seed !== undefined) body.seed = s.seed + seedOffset;
  if (s.stop !== undefined && s.stop.length > 0) body.stop = s.stop;
  return JSON.stringify(body);
}
