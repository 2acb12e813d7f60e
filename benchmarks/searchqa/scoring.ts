// Scores of one search-QA answer: EM, F1 and cover-EM ("acc"), each the max over the gold aliases,
// with the official SQuAD/HotpotQA normalisation (scorers/qa.ts). The answer is the last
// <answer>…</answer> of the model's own output, else the whole output stripped.
// F1 per benchmark (specs.ts): HotpotQA uses hotpot_evaluate_v1.py f1_score (f1Hotpot); the others use
// FlashRAG's F1_Score (f1FlashRag), as Search-R1-family papers evaluate them — numerically identical.
import { answerOrWhole, coverExactMatch, exactMatch, extractTaggedAnswer, f1FlashRag, f1Hotpot, normalizeAnswer } from '../../scorers/qa.js';
import type { MetricSpec, ScoreResult } from '../../harness/types.js';
import type { SearchQaSpec } from './specs.js';

export const METRICS: MetricSpec[] = [
  { key: 'em', label: 'EM', binary: true, primary: true },
  { key: 'f1', label: 'F1', binary: false, scale: 100, primary: true },
  { key: 'acc', label: 'Cover-EM', binary: true, primary: true },
];

export function scoreAnswer(spec: SearchQaSpec, golds: readonly string[], output: string): ScoreResult {
  const tagged = extractTaggedAnswer(output);
  const answer = tagged ?? answerOrWhole(output);
  const f1 = spec.f1 === 'hotpot' ? f1Hotpot(answer, golds) : f1FlashRag(answer, golds);
  return {
    scores: { em: exactMatch(answer, golds), f1, acc: coverExactMatch(answer, golds) },
    // maj@n votes on the normalised answer, the form EM compares.
    vote: normalizeAnswer(answer),
    extra: { answer, tagged: tagged !== null },
  };
}

/** The reference output: every scorer gives it full marks (EM = F1 = acc = 1). */
export function oracleOutput(golds: readonly string[]): string {
  return `<answer>${golds[0] ?? ''}</answer>`;
}
