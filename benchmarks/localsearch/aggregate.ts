// Benchmark-specific summary numbers, from finished records (transcripts stripped; trace meta and
// `extra` kept). The per-metric means, CIs and per-difficulty breakdowns are the engine's; this adds
// the efficiency columns computed the official way and tool-usage counts.
// evaluation_pipeline_agent.py `_calculate_tool_and_conversation_stats`: total tool calls and
// total rounds over ALL results, divided by the number of samples with a valid judge verdict.
import type { JsonObject, SampleRecord } from '../../harness/types.js';

export function aggregateLocalSearch(records: readonly SampleRecord[]): JsonObject {
  const scored = records.filter((r) => r.error === null && r.scores);
  let toolCalls = 0;
  let rounds = 0;
  let rag = 0;
  let web = 0;
  let webUnavailable = 0;
  let toolErrors = 0;
  let skipped = 0;
  let forced = 0;
  for (const r of records) {
    toolCalls += r.tool_calls ?? r.trace.length;
    rounds += r.turns ?? 0;
    if (r.limit_hit === 'max_rounds') forced++;
    for (const s of r.trace) {
      if (s.tool === 'rag') rag++;
      if (s.tool === 'web_search') web++;
      if (s.meta?.unavailable === true) webUnavailable++;
      if (s.meta?.success === false) toolErrors++;
    }
    const sk = r.extra?.skipped_calls;
    if (Array.isArray(sk)) skipped += sk.length;
  }
  const judged = scored.filter((r) => typeof r.scores?.correctness === 'number');
  const cached = judged.filter((r) => {
    const j = r.extra?.judge;
    return j !== null && typeof j === 'object' && !Array.isArray(j) && j.cached === true;
  }).length;
  const withMarker = scored.filter((r) => r.extra?.answer_marker === true).length;
  const denom = judged.length || scored.length;
  const per = (x: number) => (denom ? x / denom : 0);
  return {
    official_avg_tool_calls: per(toolCalls),
    official_avg_rounds: per(rounds),
    official_avg_note: 'totals over all samples (errors included) divided by the samples with a judge verdict, as evaluation_pipeline_agent.py does',
    rag_calls: rag,
    web_search_calls: web,
    web_search_unavailable: webUnavailable,
    tool_errors: toolErrors,
    calls_over_round_limit: skipped,
    forced_final_answers: forced,
    answer_marker_rate: scored.length ? withMarker / scored.length : 0,
    judge_verdicts_from_cache: cached,
  };
}
