// Benchmark-specific summary numbers, as a streaming fold over finished records (counters only):
// the efficiency columns computed the official way and tool-usage counts. The per-metric means,
// CIs and per-difficulty breakdowns are the engine's.
// evaluation_pipeline_agent.py `_calculate_tool_and_conversation_stats`: total tool calls and
// total rounds over ALL results, divided by the number of samples with a valid judge verdict.
import type { JsonObject, RecordAccumulator } from '../../harness/types.js';

export function localSearchAggregator(): RecordAccumulator {
  let toolCalls = 0;
  let rounds = 0;
  let rag = 0;
  let web = 0;
  let webUnavailable = 0;
  let toolErrors = 0;
  let skipped = 0;
  let forced = 0;
  let scored = 0;
  let judged = 0;
  let cached = 0;
  let withMarker = 0;
  return {
    add(r) {
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
      if (r.error !== null || !r.scores) return;
      scored++;
      if (r.extra?.answer_marker === true) withMarker++;
      if (typeof r.scores.correctness !== 'number') return;
      judged++;
      const j = r.extra?.judge;
      if (j !== null && typeof j === 'object' && !Array.isArray(j) && j.cached === true) cached++;
    },
    finish(): JsonObject {
      const denom = judged || scored;
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
        answer_marker_rate: scored ? withMarker / scored : 0,
        judge_verdicts_from_cache: cached,
      };
    },
  };
}
