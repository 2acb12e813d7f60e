// Search behaviour of a run, for the summary (Benchmark.aggregator): mean searches, turns and
// tokens per question, how often a limit was hit, and accuracy by number of searches —
// AutoSearch's depth trade-off (does searching more pay?). A streaming fold: counters and one
// bucket of sums per distinct number of searches; nothing grows with the run.
//
// A search counts when its trace step is a `search` whose meta has `doc_ids`, i.e. the retriever
// answered; calls refused by --max-searches and malformed calls do not count. rag counts its one
// retrieval. Records that ended as errors have no scores and are left out.
import { ExactSum } from '../../harness/summary/exact-sum.js';
import type { JsonObject, RecordAccumulator, SampleRecord } from '../../harness/types.js';
import { SEARCH_TOOL_NAME } from './search-tool.js';

export function searchesOf(r: Pick<SampleRecord, 'trace'>): number {
  let n = 0;
  for (const step of r.trace) {
    if (step.tool === SEARCH_TOOL_NAME && step.meta && Array.isArray(step.meta.doc_ids)) n += 1;
  }
  return n;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const KEYS = ['em', 'f1', 'acc'] as const;

/** Questions with a given number of searches: how many, and their score sums (exact, so any order gives the same digits). */
interface Bucket {
  n: number;
  sums: ExactSum[];
}

export function searchAggregator(settings: JsonObject): RecordAccumulator {
  let samples = 0;
  // Problem ids: `questions` counts problems, not samples (the only state that grows with the run).
  const problems = new Set<string>();
  let searches = 0;
  let turns = 0;
  let tokens = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  let answered = 0;
  let limited = 0;
  const limits = new Map<string, number>();
  const buckets = new Map<number, Bucket>();
  return {
    add(r) {
      if (r.error !== null || r.scores === null) return;
      const k = searchesOf(r);
      samples += 1;
      problems.add(r.id);
      searches += k;
      turns += r.turns;
      tokens += r.usage.total_tokens;
      promptTokens += r.usage.prompt_tokens;
      completionTokens += r.usage.completion_tokens;
      if (r.extra?.tagged === true) answered += 1;
      if (r.limit_hit) {
        limited += 1;
        limits.set(r.limit_hit, (limits.get(r.limit_hit) ?? 0) + 1);
      }
      let b = buckets.get(k);
      if (!b) buckets.set(k, (b = { n: 0, sums: KEYS.map(() => new ExactSum()) }));
      b.n += 1;
      KEYS.forEach((key, i) => b.sums[i]!.add(r.scores?.[key] ?? 0));
    },
    finish(): JsonObject {
      const mean = (sum: number) => (samples ? round(sum / samples) : null);
      const bySearches = [...buckets.keys()]
        .sort((a, b) => a - b)
        .map((k): JsonObject => {
          const b = buckets.get(k)!;
          const m = (i: number) => round(b.sums[i]!.value() / b.n);
          return { searches: k, n: b.n, share: round(b.n / samples), em: m(0), f1: m(1), acc: m(2) };
        });
      return {
        protocol: typeof settings.protocol === 'string' ? settings.protocol : null,
        // Distinct problems with a scored sample; the per-question means are over scored samples
        // (the same thing at n = 1, and equal-weighted per problem when every problem has n samples).
        questions: problems.size,
        scored_samples: samples,
        searches_per_question: mean(searches),
        turns_per_question: mean(turns),
        tokens_per_question: mean(tokens),
        prompt_tokens_per_question: mean(promptTokens),
        completion_tokens_per_question: mean(completionTokens),
        answered_rate: mean(answered),
        limit_hit_rate: samples ? round(limited / samples) : null,
        limit_hits: Object.fromEntries([...limits].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        by_searches: bySearches,
      };
    },
  };
}
