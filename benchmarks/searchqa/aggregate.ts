// Search behaviour of a run, for the summary (Benchmark.aggregate): mean searches, turns and tokens
// per question, how often a limit was hit, and accuracy by number of searches — AutoSearch's depth
// trade-off (does searching more pay?). Computed from finished records, transcripts stripped.
//
// A search counts when its trace step is a `search` whose meta has `doc_ids`, i.e. the retriever
// answered; calls refused by --max-searches and malformed calls do not count. rag counts its one
// retrieval. Records that ended as errors have no scores and are left out.
import type { JsonObject, SampleRecord } from '../../harness/types.js';
import { SEARCH_TOOL_NAME } from './search-tool.js';

export function searchesOf(r: Pick<SampleRecord, 'trace'>): number {
  let n = 0;
  for (const step of r.trace) {
    if (step.tool === SEARCH_TOOL_NAME && step.meta && Array.isArray(step.meta.doc_ids)) n += 1;
  }
  return n;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const mean = (xs: readonly number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

export function aggregateSearch(records: readonly SampleRecord[], settings: JsonObject): JsonObject {
  const scored = records.filter((r) => r.error === null && r.scores !== null);
  const searches = scored.map(searchesOf);
  const limits: Record<string, number> = {};
  for (const r of scored) if (r.limit_hit) limits[r.limit_hit] = (limits[r.limit_hit] ?? 0) + 1;
  const limited = scored.filter((r) => r.limit_hit).length;

  const buckets = new Map<number, SampleRecord[]>();
  scored.forEach((r, i) => {
    const k = searches[i]!;
    buckets.set(k, [...(buckets.get(k) ?? []), r]);
  });
  const metric = (rs: readonly SampleRecord[], key: string) => mean(rs.map((r) => r.scores?.[key] ?? 0));
  const bySearches = [...buckets.keys()]
    .sort((a, b) => a - b)
    .map((k): JsonObject => {
      const rs = buckets.get(k)!;
      return { searches: k, n: rs.length, share: round(rs.length / scored.length), em: metric(rs, 'em'), f1: metric(rs, 'f1'), acc: metric(rs, 'acc') };
    });

  return {
    protocol: typeof settings.protocol === 'string' ? settings.protocol : null,
    // Distinct problems with a scored sample; the per-question means below are over scored samples
    // (the same thing at n = 1, and equal-weighted per problem when every problem has n samples).
    questions: new Set(scored.map((r) => r.id)).size,
    scored_samples: scored.length,
    searches_per_question: mean(searches),
    turns_per_question: mean(scored.map((r) => r.turns)),
    tokens_per_question: mean(scored.map((r) => r.usage.total_tokens)),
    prompt_tokens_per_question: mean(scored.map((r) => r.usage.prompt_tokens)),
    completion_tokens_per_question: mean(scored.map((r) => r.usage.completion_tokens)),
    answered_rate: mean(scored.map((r) => (r.extra?.tagged === true ? 1 : 0))),
    limit_hit_rate: scored.length ? round(limited / scored.length) : null,
    limit_hits: limits,
    by_searches: bySearches,
  };
}
