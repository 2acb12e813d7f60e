// Aggregations over samples and problems: mean, Avg@n, maj@n.

/** Arithmetic mean; NaN for an empty list (no data is not a zero score). */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Avg@n as reported by RLVR papers: the mean over problems of the mean over that problem's
 * n samples. Each problem weighs the same whatever its sample count. NaN when there are no
 * problems, and NaN when some problem has no samples (its mean is undefined; we do not drop
 * it silently, which would change the denominator).
 */
export function avgAtN(perProblem: readonly (readonly number[])[]): number {
  if (perProblem.length === 0) return NaN;
  let s = 0;
  for (const samples of perProblem) s += mean(samples);
  return s / perProblem.length;
}

export interface VoteSample {
  /** Canonical answer key; null/undefined = the sample gave no answer and does not vote. */
  vote: string | null | undefined;
  score: number;
}

/**
 * maj@n for one problem: the score of the most common answer among the samples.
 *
 * - Samples whose `vote` is null or undefined abstain. The empty string is a real key (map
 *   unparseable outputs to null upstream if they should not vote).
 * - Tie rule: among answers with the highest count, the one whose FIRST occurrence comes
 *   earliest in sample order wins. This is deterministic given sample order (sample index).
 * - The score of the winning answer is the score of its first sample with that vote; samples
 *   sharing a canonical answer are expected to score the same.
 * - Returns null when no sample votes (undefined, not 0).
 */
export function majorityVote(samples: readonly VoteSample[]): number | null {
  // Map iteration order is insertion order = order of first occurrence, which gives the tie
  // rule for free with a strict `>` comparison.
  const tally = new Map<string, { count: number; score: number }>();
  for (const s of samples) {
    if (s.vote === null || s.vote === undefined) continue;
    const t = tally.get(s.vote);
    if (t) t.count++;
    else tally.set(s.vote, { count: 1, score: s.score });
  }
  let best: { count: number; score: number } | null = null;
  for (const t of tally.values()) {
    if (best === null || t.count > best.count) best = t;
  }
  return best === null ? null : best.score;
}
