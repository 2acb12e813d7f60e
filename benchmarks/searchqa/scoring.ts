// Scores of one search-QA answer: EM, F1 and cover-EM ("acc"), each the max over the gold aliases,
// with the official SQuAD/HotpotQA normalisation (scorers/qa.ts). The answer is the last
// <answer>…</answer> of the model's own output, else the whole output stripped.
// F1 per benchmark (specs.ts): HotpotQA uses hotpot_evaluate_v1.py f1_score (f1Hotpot); the others use
// FlashRAG's F1_Score (f1FlashRag), as Search-R1-family papers evaluate them — numerically identical.
import { answerOrWhole, extractTaggedAnswer, normalizeAnswer, precisionRecallF1Normalized } from '../../scorers/qa.js';
import type { MetricSpec, ScoreResult } from '../../harness/types.js';
import type { SearchQaSpec } from './specs.js';

export const METRICS: MetricSpec[] = [
  { key: 'em', label: 'EM', binary: true, primary: true },
  { key: 'f1', label: 'F1', binary: false, scale: 100, primary: true },
  { key: 'acc', label: 'Cover-EM', binary: true, primary: true },
];

/** `spec.f1` names the official F1 (hotpot or FlashRAG); both give the same f1, computed once here. */
export function scoreAnswer(_spec: SearchQaSpec, golds: readonly string[], output: string): ScoreResult {
  const tagged = extractTaggedAnswer(output);
  const answer = tagged ?? answerOrWhole(output);
  // exactMatch, coverExactMatch and f1Hotpot/f1FlashRag (same f1: scorers/qa.ts flashRagTokenScores)
  // over one normalisation of each side: a sample costs one normalize per string, not five.
  const p = normalizeAnswer(answer);
  let em = 0;
  let acc = 0;
  let f1 = 0;
  for (const gold of golds) {
    const g = normalizeAnswer(gold);
    if (g === p) em = 1;
    if (p.includes(g)) acc = 1;
    f1 = Math.max(f1, precisionRecallF1Normalized(p, g).f1);
  }
  return {
    scores: { em, f1, acc },
    // maj@n votes on the normalised answer, the form EM compares.
    vote: p,
    extra: { answer, tagged: tagged !== null },
  };
}

/** The reference output: every scorer gives it full marks (EM = F1 = acc = 1). */
export function oracleOutput(golds: readonly string[]): string {
  return `<answer>${golds[0] ?? ''}</answer>`;
}
