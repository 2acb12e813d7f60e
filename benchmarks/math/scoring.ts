// One sample's score: `acc` (0/1) from the answer checker, with the extracted answer and the
// checker's reason in `extra`, and the checker's canonical answer as the maj@n vote key.
// Truncated generations (finish_reason "length") score 0 without a check: the answer they would
// have given is unknown, and a boxed expression inside cut-off reasoning is not an answer.
// A checker failure or timeout throws, so the engine records the sample as a scorer error.
import type { Episode, ScoreResult } from '../../harness/types.js';
import type { CheckOutcome } from './check-pool.js';

export const TRUNCATED_REASON = 'truncated: finish_reason "length" (scored 0)';

/** Samples whose answer nobody gave vote together under this key (as verl's calc_maj_val does with its pred). */
export const NO_ANSWER_VOTE = '';

export function isTruncated(episode: Pick<Episode, 'extra'>): boolean {
  return episode.extra?.finish_reason === 'length';
}

export async function scoreMathSample(
  gold: string,
  episode: Pick<Episode, 'output' | 'extra'>,
  check: (gold: string, prediction: string) => Promise<CheckOutcome>,
): Promise<ScoreResult> {
  if (isTruncated(episode)) {
    return { scores: { acc: 0 }, vote: NO_ANSWER_VOTE, extra: { extracted: null, reason: TRUNCATED_REASON, truncated: true } };
  }
  const outcome = await check(gold, episode.output);
  if (!outcome.ok) throw new Error(`answer check ${outcome.kind}: ${outcome.error}`);
  const v = outcome.verdict;
  // The checker ran out of its own time budget: its verdict is incomplete, not a 0.
  if (v.reason === 'timeout') throw new Error('answer check timeout: the checker gave up at its deadline');
  return {
    scores: { acc: v.correct ? 1 : 0 },
    vote: v.vote ?? (v.extracted === null ? NO_ANSWER_VOTE : v.extracted),
    extra: { extracted: v.extracted, reason: v.reason },
  };
}
