// Corpus-level classification metrics: accuracy, macro-F1 and ROC AUC. Pure functions over
// parallel arrays (gold label i ↔ prediction i).

/** Fraction of positions where prediction equals gold; NaN for empty input. */
export function accuracy<T>(gold: readonly T[], pred: readonly T[]): number {
  checkLengths('accuracy', gold, pred);
  if (gold.length === 0) return NaN;
  let hit = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) hit++;
  return hit / gold.length;
}

export interface ClassF1 {
  label: string;
  tp: number;
  fp: number;
  fn: number;
  f1: number;
}

/**
 * Per-class F1 = 2·TP / (2·TP + FP + FN), with 0 where precision or recall is undefined, as
 * scikit-learn's `f1_score(zero_division=0)` (sklearn/metrics/_classification.py,
 * precision_recall_fscore_support). Classes are `labels` when given, else — like sklearn's
 * default — the sorted union of labels seen in gold and predictions. Labels compare as strings.
 */
export function perClassF1(gold: readonly (string | number)[], pred: readonly (string | number)[], labels?: readonly (string | number)[]): ClassF1[] {
  checkLengths('perClassF1', gold, pred);
  const g = gold.map(String);
  const p = pred.map(String);
  const classes = labels ? [...new Set(labels.map(String))] : [...new Set([...g, ...p])].sort();
  return classes.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < g.length; i++) {
      const isGold = g[i] === label;
      const isPred = p[i] === label;
      if (isGold && isPred) tp++;
      else if (isPred) fp++;
      else if (isGold) fn++;
    }
    const denom = 2 * tp + fp + fn;
    return { label, tp, fp, fn, f1: denom === 0 ? 0 : (2 * tp) / denom };
  });
}

/** Unweighted mean of per-class F1 (sklearn `average='macro'`); NaN for empty input. */
export function macroF1(gold: readonly (string | number)[], pred: readonly (string | number)[], labels?: readonly (string | number)[]): number {
  if (gold.length === 0 && !labels) return NaN;
  const per = perClassF1(gold, pred, labels);
  if (per.length === 0) return NaN;
  return per.reduce((a, c) => a + c.f1, 0) / per.length;
}

/**
 * Macro-F1 over integer class codes (0 … nClasses − 1) with optional per-item weights — the
 * bootstrap passes resampling multiplicities, which equals macroF1 on the resampled list in O(n).
 * Classes are those with weight in gold or predictions (sklearn's union default); NaN if none.
 */
export function macroF1Codes(gold: ArrayLike<number>, pred: ArrayLike<number>, nClasses: number, weights?: ArrayLike<number>): number {
  if (gold.length !== pred.length || (weights && weights.length !== gold.length)) throw new RangeError('macroF1Codes: arrays differ in length');
  const tp = new Float64Array(nClasses);
  const fp = new Float64Array(nClasses);
  const fn = new Float64Array(nClasses);
  for (let i = 0; i < gold.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (w === 0) continue;
    const g = gold[i]!;
    const p = pred[i]!;
    if (g === p) tp[g]! += w;
    else {
      fp[p]! += w;
      fn[g]! += w;
    }
  }
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < nClasses; c++) {
    const denom = 2 * tp[c]! + fp[c]! + fn[c]!;
    if (denom === 0) continue;
    classes++;
    sum += (2 * tp[c]!) / denom;
  }
  return classes === 0 ? NaN : sum / classes;
}

/**
 * ROC AUC via the Mann–Whitney U statistic: the probability that a random positive scores above
 * a random negative, ties counting one half. Equals sklearn's `roc_auc_score` for binary labels.
 * Null when either class is absent (AUC undefined).
 */
export function auc(labels: readonly (boolean | 0 | 1)[], scores: readonly number[]): number | null {
  return aucEvaluator(labels, scores)();
}

/**
 * Sorts once and returns an AUC function of per-item weights (bootstrap multiplicities): each call
 * is one O(n) pass over the tie groups, summing for every positive the weight of negatives scored
 * below it plus half the weight of negatives tied with it.
 */
export function aucEvaluator(labels: readonly (boolean | 0 | 1)[], scores: readonly number[]): (weights?: ArrayLike<number>) => number | null {
  checkLengths('auc', labels, scores);
  const n = labels.length;
  for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i]!)) throw new RangeError(`auc: non-finite score ${scores[i]} at index ${i}`);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const groupEnd: number[] = []; // exclusive end (in `order`) of each run of equal scores
  for (let i = 1; i <= n; i++) if (i === n || scores[order[i]!] !== scores[order[i - 1]!]) groupEnd.push(i);
  return (weights?: ArrayLike<number>) => {
    if (weights && weights.length !== n) throw new RangeError('auc: weights differ in length');
    let negBelow = 0;
    let u = 0;
    let wPos = 0;
    let start = 0;
    for (const end of groupEnd) {
      let pos = 0;
      let neg = 0;
      for (let t = start; t < end; t++) {
        const i = order[t]!;
        const w = weights ? weights[i]! : 1;
        if (labels[i]) pos += w;
        else neg += w;
      }
      u += pos * (negBelow + neg / 2);
      negBelow += neg;
      wPos += pos;
      start = end;
    }
    const wNeg = negBelow;
    return wPos === 0 || wNeg === 0 ? null : u / (wPos * wNeg);
  };
}

function checkLengths(name: string, a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new RangeError(`${name}: arrays differ in length (${a.length} vs ${b.length})`);
}
