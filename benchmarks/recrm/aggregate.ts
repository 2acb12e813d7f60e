// Corpus-level metrics for summary.extra, from finished records (their `extra` holds label,
// verdict and score): per dimension and task — accuracy, macro-F1 (binary/graded), AUC (binary,
// where the model gave a probability), NDCG@k and pairwise accuracy (rankings) — each with a 95%
// bootstrap CI over entries; and the overall row, the unweighted mean of the per-dimension
// accuracies (macro over dimensions).
//
// A streaming fold that keeps one compact entry per scored record (dimension, task, label and
// verdict, correctness, score, NDCG, pairwise, k — no texts): the bootstraps of macro-F1 and AUC
// resample entries, and AUC ranks all scores, so these statistics truly need every entry. The
// entries are put in (id, sample) order before any bootstrap, so the CIs do not depend on the
// order records arrived in (merged shards give the unsharded numbers).
import { aucEvaluator, macroF1Codes } from '../../scorers/classification.js';
import { summarize } from '../../scorers/stats.js';
import { compareIds } from '../../harness/summary/ids.js';
import type { Json, JsonObject, RecordAccumulator, SampleRecord } from '../../harness/types.js';
import { DIMENSIONS, isDimension, type Dimension } from './dimensions.js';
import { bootstrapWeighted, macroMean, type Estimate } from './bootstrap.js';

interface Scored {
  id: string;
  sample: number;
  dimension: Dimension;
  task: string;
  type: string;
  label: string;
  verdict: string;
  correct: number;
  score: number | null;
  ndcg: number | null;
  pairwise: number | null;
  k: number | null;
}

const num = (v: Json | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function scoredOf(r: SampleRecord): Scored | null {
  const x = r.extra;
  if (r.error !== null || !x || typeof x.dimension !== 'string' || !isDimension(x.dimension)) return null;
  return {
    id: r.id,
    sample: r.sample,
    dimension: x.dimension,
    task: String(x.task ?? x.dimension),
    type: String(x.label_type ?? ''),
    label: String(x.label ?? ''),
    verdict: String(x.verdict ?? ''),
    correct: x.correct === true ? 1 : 0,
    score: num(x.score),
    ndcg: num(x.ndcg),
    pairwise: num(x.pairwise),
    k: num(x.k),
  };
}

function mean(values: number[]): Estimate | null {
  if (values.length === 0) return null;
  const s = summarize(values);
  return { value: s.value, ci_low: s.ci_low, ci_high: s.ci_high, n: s.n };
}

const est = (e: Estimate | null): Json => (e ? { ...e } : null);

function taskMetrics(list: Scored[], accuracy?: Json): JsonObject {
  const type = list[0]?.type ?? '';
  const out: JsonObject = { label_type: type, n: list.length, accuracy: accuracy ?? est(mean(list.map((s) => s.correct))) };
  if (type === 'binary' || type === 'graded') {
    const codes = new Map<string, number>();
    const code = (v: string) => codes.get(v) ?? (codes.set(v, codes.size), codes.size - 1);
    const gold = Int32Array.from(list, (s) => code(s.label));
    const pred = Int32Array.from(list, (s) => code(s.verdict));
    out.macro_f1 = est(bootstrapWeighted(list.length, (w) => macroF1Codes(gold, pred, codes.size, w)));
  }
  if (type === 'binary') {
    const withScore = list.filter((s) => s.score !== null);
    const aucOf = aucEvaluator(withScore.map((s) => s.label === 'yes'), withScore.map((s) => s.score!));
    out.auc = est(bootstrapWeighted(withScore.length, aucOf));
    out.entries_with_score = withScore.length;
  }
  if (type === 'ranking') {
    const ks = [...new Set(list.map((s) => s.k).filter((k): k is number => k !== null))];
    out.ndcg_k = ks.length === 1 ? ks[0]! : ks;
    out.ndcg_at_k = est(mean(list.map((s) => s.ndcg).filter((v): v is number => v !== null)));
    out.pairwise_accuracy = est(mean(list.map((s) => s.pairwise).filter((v): v is number => v !== null)));
    out.accuracy_means = 'top-1: the first ranked item has the highest gold relevance';
  }
  return out;
}

export function recrmAggregator(settings: JsonObject): RecordAccumulator {
  const entries: Scored[] = [];
  return {
    add(r) {
      const s = scoredOf(r);
      if (s) entries.push(s);
    },
    finish: () => corpusMetrics(entries.sort((a, b) => compareIds(a.id, b.id) || a.sample - b.sample), settings),
  };
}

function corpusMetrics(scored: readonly Scored[], settings: JsonObject): JsonObject {
  const chosen = Array.isArray(settings.dimensions) ? settings.dimensions.map(String).filter(isDimension) : [];
  const dims = DIMENSIONS.filter((d) => chosen.includes(d) || scored.some((s) => s.dimension === d));
  const dimensions: JsonObject = {};
  const perDimCorrect: number[][] = [];
  for (const d of dims) {
    const list = scored.filter((s) => s.dimension === d);
    const accuracy = est(mean(list.map((s) => s.correct)));
    const names = [...new Set(list.map((s) => s.task))].sort();
    const tasks: JsonObject = {};
    // A dimension with one source: its accuracy is the source's (one bootstrap, not two).
    for (const t of names) tasks[t] = taskMetrics(list.filter((s) => s.task === t), names.length === 1 ? accuracy : undefined);
    dimensions[d] = { n: list.length, accuracy, tasks };
    if (list.length) perDimCorrect.push(list.map((s) => s.correct));
  }
  const macro = macroMean(perDimCorrect);
  return {
    // Summary metrics contributed by the benchmark (the engine merges `metrics` into
    // summary.metrics): the paper's overall row, on the leaderboard beside the four dimensions.
    metrics: macro
      ? { acc_overall: { label: 'Overall acc (macro over dimensions)', kind: 'aggregate', ...macro, scale: 100, primary: true } }
      : {},
    dimensions,
    overall: {
      accuracy_macro: est(macro),
      accuracy_micro: est(mean(scored.map((s) => s.correct))),
      dimensions_averaged: perDimCorrect.length,
      note: 'accuracy_macro is the unweighted mean of the per-dimension accuracies (macro over dimensions); accuracy_micro pools all entries.',
    },
    ci: '95% percentile bootstrap over scored entries (stratified by dimension for accuracy_macro); error records are left out.',
  };
}
