// pass@k: the unbiased estimator of Chen et al. 2021 ("Evaluating Large Language Models
// Trained on Code", the Codex paper), for one problem with n samples of which c are correct:
//   pass@k = 1 − C(n−c, k) / C(n, k)
// Source of the exact numerics: openai/human-eval, human_eval/evaluation.py,
// estimate_pass_at_k → estimator(n, c, k).

function checkCount(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) {
    throw new RangeError(`passAtK: ${name} must be an integer ≥ ${min}, got ${v}`);
  }
}

/**
 * Unbiased pass@k for one problem.
 *
 * Returns `null` when n < k: with fewer samples than k the estimator is undefined, and we
 * never guess (human-eval likewise only reports pass@k `if (total >= k).all()`).
 * Throws RangeError on inputs that are not counts (non-integers, c > n, k < 1).
 */
export function passAtK(n: number, c: number, k: number): number | null {
  checkCount('n', n, 0);
  checkCount('c', c, 0);
  checkCount('k', k, 1);
  if (c > n) throw new RangeError(`passAtK: c (${c}) must be ≤ n (${n})`);
  if (n < k) return null;
  // human-eval: `if n - c < k: return 1.0` — every k-subset then holds a correct sample.
  if (n - c < k) return 1.0;
  // human-eval's stable product form: 1 − ∏_{i=n−c+1}^{n} (1 − k/i), which equals
  // 1 − C(n−c,k)/C(n,k) without the huge binomials. Multiplied in ascending i like np.prod
  // over np.arange(n − c + 1, n + 1).
  let prod = 1.0;
  for (let i = n - c + 1; i <= n; i++) prod *= 1.0 - k / i;
  return 1.0 - prod;
}

/**
 * pass@k from one problem's per-sample binary scores: n = scores.length, c = #(score ≥ 1).
 * Throws RangeError on a non-finite score (a missing score must not count as a failure).
 */
export function passAtKFromScores(scores: readonly number[], k: number): number | null {
  let c = 0;
  for (const s of scores) {
    if (!Number.isFinite(s)) throw new RangeError(`passAtKFromScores: non-finite score ${s}`);
    if (s >= 1) c++;
  }
  return passAtK(scores.length, c, k);
}
