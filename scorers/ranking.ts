// Ranking metrics for one query: NDCG@k, pairwise ordering accuracy and top-1 hit.
// `order` is the predicted ranking (item ids, best first); `relevance` maps item id → graded
// gold relevance (higher is better). Pure functions.

export type Relevance = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

function gainOf(rel: Relevance, id: string): number | undefined {
  if (rel instanceof Map) return rel.get(id);
  return Object.prototype.hasOwnProperty.call(rel, id) ? (rel as Record<string, number>)[id] : undefined;
}

function entries(rel: Relevance): Array<[string, number]> {
  return rel instanceof Map ? [...rel.entries()] : Object.entries(rel as Record<string, number>);
}

/**
 * DCG@k with linear gain and log2 discount: Σ_{i<k} gain_i / log2(i + 2), as scikit-learn's
 * `dcg_score` / `ndcg_score` (sklearn/metrics/_ranking.py, `_dcg_sample_scores`, which uses
 * `1 / log2(arange(n) + 2)` discounts on the raw y_true values).
 */
export function dcgAtK(gains: readonly number[], k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`dcgAtK: k must be an integer ≥ 1, got ${k}`);
  let s = 0;
  for (let i = 0; i < Math.min(k, gains.length); i++) s += gains[i]! / Math.log2(i + 2);
  return s;
}

/**
 * NDCG@k of a predicted order. Ids absent from `relevance` have gain 0; relevant items missing
 * from `order` contribute nothing. Null when the ideal DCG is 0 (no relevant item: NDCG is
 * undefined — sklearn scores such a query 0, we leave it out so data without a positive item
 * does not count as a model failure).
 */
export function ndcgAtK(order: readonly string[], relevance: Relevance, k: number): number | null {
  const gains = order.map((id) => gainOf(relevance, id) ?? 0);
  const ideal = entries(relevance).map(([, g]) => g).sort((a, b) => b - a);
  const idcg = dcgAtK(ideal, k);
  if (idcg <= 0) return null;
  return dcgAtK(gains, k) / idcg;
}

/**
 * Fraction of item pairs with different gold relevance that the predicted order puts the right
 * way round. Items of `relevance` missing from `order` rank after every listed item, tied among
 * themselves (a tie counts one half). Null when no pair has different relevance.
 */
export function pairwiseAccuracy(order: readonly string[], relevance: Relevance): number | null {
  const pos = new Map<string, number>();
  order.forEach((id, i) => {
    if (!pos.has(id)) pos.set(id, i);
  });
  const items = entries(relevance);
  let pairs = 0;
  let right = 0;
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      const [ia, ga] = items[a]!;
      const [ib, gb] = items[b]!;
      if (ga === gb) continue;
      pairs++;
      const pa = pos.get(ia) ?? Infinity;
      const pb = pos.get(ib) ?? Infinity;
      if (pa === pb) right += 0.5;
      else if ((ga > gb) === (pa < pb)) right += 1;
    }
  }
  return pairs === 0 ? null : right / pairs;
}

/** Whether the first predicted item has the highest gold relevance (ties all count). Null for an empty order. */
export function topOneHit(order: readonly string[], relevance: Relevance): boolean | null {
  const first = order[0];
  if (first === undefined) return null;
  const best = Math.max(...entries(relevance).map(([, g]) => g));
  return (gainOf(relevance, first) ?? -Infinity) === best;
}
