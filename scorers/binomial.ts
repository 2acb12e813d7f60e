// Exact binomial sampling for the bootstrap of few-valued data (0/1 scores, avg@n fractions).
// Resampling P problems with replacement and summing is the same as drawing how many of the P
// draws land on each distinct value — a multinomial, drawn as conditional binomials. That costs
// O(levels · √P) per resample instead of O(P), with exactly the same distribution.

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: ~1e-15 relative accuracy). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * One draw of Binomial(n, p) from one uniform u in [0, 1): inversion over the support taken
 * in a fixed order — the mode, then alternately above and below it — subtracting each
 * probability from u until it is used up. Any fixed order is exact; starting at the mode makes
 * the expected number of steps O(√(np(1−p))).
 */
export function binomialFromUniform(n: number, p: number, u: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const logPmfMode = lgamma(n + 1) - lgamma(mode + 1) - lgamma(n - mode + 1) + mode * Math.log(p) + (n - mode) * Math.log(q);
  const pmfMode = Math.exp(logPmfMode);
  let rest = u - pmfMode;
  if (rest < 0) return mode;
  const ratio = p / q;
  let up = mode;
  let pmfUp = pmfMode;
  let down = mode;
  let pmfDown = pmfMode;
  for (;;) {
    const canUp = up < n && pmfUp > 0;
    const canDown = down > 0 && pmfDown > 0;
    if (!canUp && !canDown) return mode; // u beyond the representable mass (rounding): the mode
    if (canUp) {
      pmfUp *= ((n - up) / (up + 1)) * ratio;
      up += 1;
      rest -= pmfUp;
      if (rest < 0) return up;
    }
    if (canDown) {
      pmfDown *= (down / (n - down + 1)) / ratio;
      down -= 1;
      rest -= pmfDown;
      if (rest < 0) return down;
    }
  }
}

/**
 * Means of `iterations` bootstrap resamples of data given as distinct values with counts:
 * each resample draws the multinomial counts as conditional binomials.
 */
export function multinomialBootstrapMeans(levels: readonly number[], counts: readonly number[], iterations: number, next: () => number): Float64Array {
  const n = counts.reduce((a, b) => a + b, 0);
  const means = new Float64Array(iterations);
  for (let b = 0; b < iterations; b++) {
    let left = n;
    let massLeft = n;
    let sum = 0;
    for (let j = 0; j < levels.length && left > 0; j++) {
      const c = counts[j]!;
      const drawn = j === levels.length - 1 ? left : binomialFromUniform(left, c / massLeft, next());
      sum += drawn * levels[j]!;
      left -= drawn;
      massLeft -= c;
    }
    means[b] = sum / n;
  }
  return means;
}
