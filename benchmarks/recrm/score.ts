// Scoring one entry: the verdict is read again from the output (oracle and replay outputs never
// went through the solver), compared with the gold label, and everything the corpus metrics and
// the reward export need is kept in the record's `extra`.
import { ndcgAtK, pairwiseAccuracy, topOneHit } from '../../scorers/ranking.js';
import type { JsonObject, MetricSpec, ScoreResult } from '../../harness/types.js';
import { accKey, LABEL, type Dimension } from './dimensions.js';
import type { RecSample } from './extract.js';
import { formatVerdict, parseVerdict, verdictString, type Verdict } from './verdict.js';

export const DEFAULT_NDCG_K = 10;

export function metricsFor(dims: readonly Dimension[]): MetricSpec[] {
  return [
    ...dims.map((d): MetricSpec => ({ key: accKey(d), label: `${LABEL[d]} acc`, binary: true, primary: true })),
    { key: 'acc', label: 'Acc (micro, all entries)', binary: true },
  ];
}

/** The reward the judged entry earns from the model's verdict, in [0, 1]; null for rankings (see item_rewards). */
export function rewardOf(v: Verdict, classes: number): number | null {
  if (v.type === 'binary') return v.score ?? (v.value === 'yes' ? 1 : 0);
  if (v.type === 'graded') return classes > 1 ? v.index / (classes - 1) : null;
  return null;
}

/** Rankings: item id → 1 for the first item … 0 for the last. */
export function itemRewards(order: readonly string[]): Record<string, number> {
  const n = order.length;
  return Object.fromEntries(order.map((id, i) => [id, n > 1 ? 1 - i / (n - 1) : 1]));
}

export class MalformedOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedOutputError';
  }
}

export function scoreEntry(sample: RecSample, output: string): ScoreResult {
  const parsed = parseVerdict(output, sample);
  // Thrown, not scored 0: the runner records a scorer error, which no metric counts as wrong.
  if (!parsed.ok) throw new MalformedOutputError(`malformed verdict: ${parsed.message}`);
  const v = parsed.value;
  const gold = sample.gold;
  const extra: JsonObject = {
    dimension: sample.dimension,
    task: sample.task,
    label_type: gold.type,
    verdict: verdictString(v),
  };
  let correct: boolean;
  if (gold.type === 'binary' && v.type === 'binary') {
    correct = v.value === gold.value;
    Object.assign(extra, { label: gold.value, score: v.score });
  } else if (gold.type === 'graded' && v.type === 'graded') {
    correct = v.index === gold.index;
    Object.assign(extra, { label: gold.value, label_index: gold.index, verdict_index: v.index, score: v.score });
  } else if (gold.type === 'ranking' && v.type === 'ranking') {
    const k = sample.label.type === 'ranking' ? (sample.label.k ?? DEFAULT_NDCG_K) : DEFAULT_NDCG_K;
    correct = topOneHit(v.order, gold.grades) === true;
    Object.assign(extra, {
      label: gold.order.join(' > '),
      grades: gold.grades,
      order: v.order,
      k,
      ndcg: ndcgAtK(v.order, gold.grades, k),
      pairwise: pairwiseAccuracy(v.order, gold.grades),
      item_rewards: itemRewards(v.order),
    });
  } else {
    throw new Error(`internal: verdict type ${v.type} for a ${gold.type} label`);
  }
  const classes = sample.label.type === 'graded' ? sample.label.classes.length : 2;
  extra.correct = correct;
  extra.reward = rewardOf(v, classes);
  const hit = correct ? 1 : 0;
  return { scores: { acc: hit, [accKey(sample.dimension)]: hit }, vote: verdictString(v), extra };
}

export function oracleText(sample: RecSample): string {
  return formatVerdict(sample.gold);
}
