// Run-level extras of a math run, folded record by record (Benchmark.aggregator):
// - verl's bootstrap best@k per problem (scorers/verl-bestk.ts), averaged over problems, contributed
//   as summary metrics `acc/best@k(verl)` — deliberately not named pass@k: the engine's pass@k is the
//   unbiased estimator, and no table may mix the two;
// - truncated generations (finish_reason "length", scored 0): count and rate;
// - average response length in completion tokens per sample (all samples, and correct ones).
// Memory: one small array of scores per problem; the result does not depend on arrival order (each
// problem's scores are read in sample-index order, as verl reads its responses).
import { summarize } from '../../scorers/stats.js';
import { verlBestAtK, verlBestKs, VERL_BOOTSTRAP_RESAMPLES, VERL_BOOTSTRAP_SEED } from '../../scorers/verl-bestk.js';
import type { JsonObject, RecordAccumulator, SampleRecord } from '../../harness/types.js';

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export function bestKKey(k: number): string {
  return `acc/best@${k}(verl)`;
}

export function mathAccumulator(): RecordAccumulator {
  /** Problem id → acc by sample index (holes where a sample has no score). */
  const perProblem = new Map<string, number[]>();
  /** Problem id → [completion tokens, samples], for the per-problem mean response length. */
  const lengths = new Map<string, [number, number]>();
  let scored = 0;
  let truncated = 0;
  let tokens = 0;
  let correct = 0;
  let correctTokens = 0;
  return {
    add(r: SampleRecord) {
      const acc = r.error === null ? r.scores?.acc : undefined;
      if (typeof acc !== 'number') return;
      let scores = perProblem.get(r.id);
      if (!scores) perProblem.set(r.id, (scores = []));
      scores[r.sample] = acc;
      scored += 1;
      if (r.extra?.truncated === true) truncated += 1;
      tokens += r.usage.completion_tokens;
      const len = lengths.get(r.id);
      if (len) {
        len[0] += r.usage.completion_tokens;
        len[1] += 1;
      } else lengths.set(r.id, [r.usage.completion_tokens, 1]);
      if (acc >= 1) {
        correct += 1;
        correctTokens += r.usage.completion_tokens;
      }
    },
    finish(): JsonObject {
      // verl computes its ladder per prompt from that prompt's own response count.
      const byK = new Map<number, number[]>();
      const memo = new Map<string, number>();
      for (const id of [...perProblem.keys()].sort()) {
        const scores = perProblem.get(id)!.filter((x) => typeof x === 'number');
        const pattern = scores.join(',');
        for (const k of verlBestKs(scores.length)) {
          const key = `${k}|${pattern}`;
          let v = memo.get(key);
          if (v === undefined) memo.set(key, (v = verlBestAtK(scores, k)));
          let list = byK.get(k);
          if (!list) byK.set(k, (list = []));
          list.push(v);
        }
      }
      const metrics: JsonObject = {};
      for (const k of [...byK.keys()].sort((a, b) => a - b)) {
        const s = summarize(byK.get(k)!);
        metrics[bestKKey(k)] = { label: `best@${k} (verl bootstrap)`, kind: `best@${k}(verl)`, value: s.value, stderr: s.stderr, ci_low: s.ci_low, ci_high: s.ci_high, n: s.n, scale: 100, primary: false };
      }
      if (lengths.size > 0) {
        // Mean over problems of the per-problem mean, like every other mean metric of the summary.
        const s = summarize([...lengths.keys()].sort().map((id) => lengths.get(id)!).map(([t, n]) => t / n));
        metrics.response_tokens = { label: 'Avg response tokens', kind: 'mean', value: s.value, stderr: s.stderr, ci_low: s.ci_low, ci_high: s.ci_high, n: s.n, scale: 1, primary: false };
      }
      return {
        metrics,
        truncated: { count: truncated, rate: scored ? round(truncated / scored) : 0, samples: scored, note: 'finish_reason "length": scored 0' },
        response_tokens: {
          mean: scored ? round(tokens / scored, 1) : null,
          mean_correct: correct ? round(correctTokens / correct, 1) : null,
          samples: scored,
          note: 'completion tokens per scored sample (a request\'s tokens shared evenly over its n choices)',
        },
        best_at_k_verl: {
          definition: 'verl metric_utils.bootstrap_metric: per problem, mean over resamples of max(acc) of k responses drawn with replacement; then mean over problems',
          resamples: VERL_BOOTSTRAP_RESAMPLES,
          seed: VERL_BOOTSTRAP_SEED,
        },
      };
    },
  };
}
