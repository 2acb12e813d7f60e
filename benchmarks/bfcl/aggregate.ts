// BFCL's score-table columns, folded record by record (eval_runner_helper.py
// generate_leaderboard_csv @ gorilla 6ea5797):
// - per category: accuracy = correct / entries (avg@n over an entry's samples when n > 1);
// - Non-Live AST: UNWEIGHTED mean of simple, multiple, parallel, parallel_multiple
//   (calculate_unweighted_accuracy). Officially "simple" is itself the unweighted mean of
//   simple_python, simple_java and simple_javascript; Java/JS are not part of this benchmark, so
//   simple = simple_python here (the official table would show N/A and count them as 0);
// - Live AST: WEIGHTED by entry count over live_simple, live_multiple, live_parallel,
//   live_parallel_multiple (calculate_weighted_accuracy);
// - Irrelevance: unweighted mean of irrelevance and live_irrelevance; Relevance: live_relevance;
// - Overall: calculate_percentage_weighted_accuracy of [non-live, live, irrelevance, multi-turn,
//   agentic] with weights [10, 10, 10, 30, 40]; multi-turn and agentic are not run here and count 0,
//   exactly as the official code counts a missing section, so a single-turn-only overall is at
//   most 30 (the renormalised single-turn mean is reported beside it, not as BFCL's overall).
// A column is given only when all its categories were run. CIs: normal approximation from the
// per-category binomial variances (the columns are linear in category accuracies).
import type { Json, JsonObject, RecordAccumulator, SampleRecord } from '../../harness/types.js';
import { CATEGORIES, IRRELEVANCE, LIVE_AST, NON_LIVE_AST, isCategory, type Category } from './categories.js';

interface Cat {
  /** Per entry: sum of acc over its samples, and their count. */
  entries: Map<string, { sum: number; n: number }>;
}

interface Acc {
  value: number;
  n: number;
  variance: number;
}

function catAcc(c: Cat | undefined): Acc | null {
  if (!c || c.entries.size === 0) return null;
  let total = 0;
  for (const e of c.entries.values()) total += e.sum / e.n;
  const n = c.entries.size;
  const p = total / n;
  return { value: p, n, variance: (p * (1 - p)) / n };
}

/** Σ w_i·acc_i with Σ w_i = 1 (weights already normalised). */
function combine(parts: Array<[Acc, number]>): Acc {
  let value = 0;
  let variance = 0;
  let n = 0;
  for (const [a, w] of parts) {
    value += w * a.value;
    variance += w * w * a.variance;
    n += a.n;
  }
  return { value, n, variance };
}

function metric(label: string, a: Acc, primary = false): JsonObject {
  const se = Math.sqrt(a.variance);
  return { label, kind: 'aggregate', value: a.value, stderr: se, ci_low: Math.max(0, a.value - 1.96 * se), ci_high: Math.min(1, a.value + 1.96 * se), n: a.n, scale: 100, primary };
}

export function bfclAggregator(): RecordAccumulator {
  const cats = new Map<Category, Cat>();
  return {
    add(r: SampleRecord) {
      const category = r.groups?.category;
      const acc = r.scores?.acc;
      if (r.error !== null || typeof acc !== 'number' || !category || !isCategory(category)) return;
      let c = cats.get(category);
      if (!c) cats.set(category, (c = { entries: new Map() }));
      const e = c.entries.get(r.id);
      if (e) {
        e.sum += acc;
        e.n += 1;
      } else c.entries.set(r.id, { sum: acc, n: 1 });
    },
    finish(): JsonObject {
      const per = new Map<Category, Acc>();
      for (const c of CATEGORIES) {
        const a = catAcc(cats.get(c));
        if (a) per.set(c, a);
      }
      const all = (list: readonly Category[]) => list.every((c) => per.has(c));
      const metrics: JsonObject = {};
      const missing: Json[] = [];
      const nonLive = all(NON_LIVE_AST) ? combine(NON_LIVE_AST.map((c) => [per.get(c)!, 1 / NON_LIVE_AST.length])) : null;
      const liveTotal = LIVE_AST.reduce((s, c) => s + (per.get(c)?.n ?? 0), 0);
      const live = all(LIVE_AST) ? combine(LIVE_AST.map((c) => [per.get(c)!, per.get(c)!.n / liveTotal])) : null;
      const irrelevance = all(IRRELEVANCE) ? combine(IRRELEVANCE.map((c) => [per.get(c)!, 1 / IRRELEVANCE.length])) : null;
      const relevance = per.get('live_relevance') ?? null;
      if (nonLive) metrics.non_live = metric('Non-Live AST (unweighted)', nonLive, true);
      else missing.push('non_live');
      if (live) metrics.live = metric('Live AST (weighted)', live, true);
      else missing.push('live');
      if (irrelevance) metrics.irrelevance = metric('Irrelevance', irrelevance, true);
      else missing.push('irrelevance');
      if (relevance) metrics.relevance = metric('Relevance', relevance, true);
      else missing.push('relevance');
      let singleTurn: Acc | null = null;
      if (nonLive && live && irrelevance) {
        metrics.overall = metric('Overall (BFCL v4 weights; multi-turn, agentic = 0)', combine([[nonLive, 0.1], [live, 0.1], [irrelevance, 0.1]]), false);
        singleTurn = combine([[nonLive, 1 / 3], [live, 1 / 3], [irrelevance, 1 / 3]]);
      } else missing.push('overall');
      const categories: JsonObject = {};
      for (const [c, a] of per) categories[c] = { accuracy: a.value, entries: a.n };
      return {
        metrics,
        categories,
        score_table: {
          single_turn_mean: singleTurn ? singleTurn.value : null,
          missing_columns: missing,
          note:
            'Columns as bfcl_eval generate_leaderboard_csv computes them. overall = 0.1·non-live + 0.1·live + 0.1·irrelevance + 0.3·multi-turn + 0.4·agentic, ' +
            'with multi-turn and agentic (not run here) counted as 0, as the official code counts a missing section; single_turn_mean is the plain mean of the three ' +
            'single-turn sections, NOT a BFCL number. non-live "simple" is simple_python only (official: mean with simple_java and simple_javascript).',
        },
      };
    },
  };
}
