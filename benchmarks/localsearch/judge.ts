// LocalSearchBench's LLM judge, after evaluation/llm_judge.py (localsearchbench/localsearchbench @
// e915702306f45c6ff3b5e51a9321c92fbd4b95cf). `combined` = `LLMJudge.evaluate_all`, the path the
// agent pipeline uses: ALL_DIMENSIONS_PROMPT as the system message, and as the user message
// json.dumps({query, model_output, model_answer, ground_truth[, rag_context][, conversation_history]
// [, tool_calls]}, ensure_ascii=False, indent=2) — optional keys only when non-empty.
// `separate` = one call per dimension with `evaluate_correctness/_completeness/_fluency/_safety/
// _hallucination` and their own inputs. Scores: correctness 0/1; completeness, fluency, safety and
// faithfulness (幻觉检测) 0–10; total_score = correctness + (completeness + fluency + safety) / 10.
// Deviation (see README): a verdict that cannot be parsed or lacks a dimension is retried, then an
// error — the official code scores it 0.
import type { Judge } from '../../harness/judge/types.js';
import type { Episode, Json, JsonObject } from '../../harness/types.js';
import { extractAnswerSection } from './answer.js';
import { contextOfBlock, formatMerchantContext } from './format.js';
import type { LocalSearchSample } from './load.js';
import { merchantsFromRows } from './merchants.js';
import type { Template } from './templates.js';

export type JudgeMode = 'combined' | 'separate';

/** Our score key, the judge's JSON key, the per-dimension prompt, the top score. */
export const DIMENSIONS = [
  { key: 'correctness', zh: '答案正确性', prompt: 'correctness', max: 1 },
  { key: 'completeness', zh: '输出完整性', prompt: 'completeness', max: 10 },
  { key: 'fluency', zh: '内容流畅度', prompt: 'fluency', max: 10 },
  { key: 'safety', zh: '安全性', prompt: 'safety', max: 10 },
  { key: 'faithfulness', zh: '幻觉检测', prompt: 'hallucination', max: 10 },
] as const;

type Dimension = (typeof DIMENSIONS)[number];

function dimensionSchema(d: Dimension): object {
  const score = d.max === 1 ? { enum: [0, 1] } : { type: 'number', minimum: 0, maximum: d.max };
  return { type: 'object', required: ['score'], properties: { score } };
}

export const COMBINED_SCHEMA = {
  type: 'object',
  required: DIMENSIONS.map((d) => d.zh),
  properties: Object.fromEntries(DIMENSIONS.map((d) => [d.zh, dimensionSchema(d)])),
};

const SEPARATE_SCHEMAS = new Map(
  DIMENSIONS.map((d) => [d.key, { type: 'object', required: [d.zh], properties: { [d.zh]: dimensionSchema(d) } }]),
);

export interface JudgeInputs {
  query: string;
  modelOutput: string;
  modelAnswer: string;
  groundTruth: string;
  ragContext: string;
  conversationHistory: JsonObject[];
  toolCalls: JsonObject[];
  /** `episode`: the contexts the agent retrieved; `reference_search_path`: no trace (oracle/replay). */
  ragContextSource: 'episode' | 'reference_search_path';
}

/** The judge's view of an episode, rebuilt from what a record keeps (output, messages, trace). */
export function judgeInputs(sample: LocalSearchSample, episode: Episode): JudgeInputs {
  const contexts: string[] = [];
  const toolCalls: JsonObject[] = episode.trace.map((s) => {
    const query = s.input && typeof s.input === 'object' && !Array.isArray(s.input) && typeof s.input.query === 'string' ? s.input.query : '';
    const tool = s.tool === 'rag' || s.tool === 'web_search' ? s.tool : null;
    const ok = s.meta?.success === true;
    const context = ok && tool ? contextOfBlock(tool, query, s.output) ?? '' : '';
    // evaluation_pipeline_agent.py `_extract_rag_context`: the non-empty contexts of rag calls, "\n\n"-joined.
    if (tool === 'rag' && context) contexts.push(context);
    const result: JsonObject = ok
      ? { success: true, query, context, ...(typeof s.meta?.results === 'number' ? { total_results: s.meta.results } : {}) }
      : { success: false, query, error: String(s.meta?.error ?? s.error ?? '未知错误'), context: '' };
    return { round: s.turn, tool_type: s.tool, query, result };
  });
  let ragContext = contexts.join('\n\n');
  let source: JudgeInputs['ragContextSource'] = 'episode';
  if (episode.trace.length === 0 && episode.turns === 0) {
    // No agent ran (oracle, replay): the task's own evidence stands in for the retrieved context.
    const merchants = merchantsFromRows([{ id: sample.id, city: sample.city, searchPath: sample.searchPath }]);
    ragContext = formatMerchantContext(merchants as unknown as JsonObject[]);
    source = 'reference_search_path';
  }
  const history: JsonObject[] = [];
  for (const m of episode.messages ?? []) {
    if (m.role !== 'assistant') continue;
    const entry: JsonObject = { round: history.length + 1, llm_response: m.content ?? '' };
    if (m.tool_calls?.length) entry.tool_calls = m.tool_calls.map((c) => ({ name: c.function.name, arguments: c.function.arguments }));
    history.push(entry);
  }
  return {
    query: sample.question,
    modelOutput: episode.output,
    modelAnswer: extractAnswerSection(episode.output),
    groundTruth: sample.groundTruth ?? '',
    ragContext,
    conversationHistory: history,
    toolCalls,
    ragContextSource: source,
  };
}

const dumps = (o: JsonObject) => JSON.stringify(o, null, 2);

/** evaluate_all's user message. */
export function combinedUserMessage(i: JudgeInputs): string {
  const o: JsonObject = { query: i.query, model_output: i.modelOutput, model_answer: i.modelAnswer, ground_truth: i.groundTruth };
  if (i.ragContext) o.rag_context = i.ragContext;
  if (i.conversationHistory.length) o.conversation_history = i.conversationHistory;
  if (i.toolCalls.length) o.tool_calls = i.toolCalls;
  return dumps(o);
}

/** The user message of each evaluate_<dimension>. */
export function separateUserMessage(d: Dimension['key'], i: JudgeInputs): string {
  switch (d) {
    case 'correctness': {
      const o: JsonObject = { query: i.query, model_answer: i.modelAnswer, ground_truth: i.groundTruth };
      if (i.ragContext) o.rag_context = i.ragContext;
      return dumps(o);
    }
    case 'completeness': {
      const o: JsonObject = { query: i.query, model_output: i.modelOutput };
      if (i.conversationHistory.length) o.conversation_history = i.conversationHistory;
      if (i.toolCalls.length) o.tool_calls = i.toolCalls;
      return dumps(o);
    }
    case 'faithfulness':
      return dumps({ query: i.query, model_output: i.modelOutput, rag_context: i.ragContext });
    default:
      return dumps({ query: i.query, model_output: i.modelOutput });
  }
}

export interface JudgedScores {
  scores: Record<string, number>;
  extra: JsonObject;
}

type Verdict = Record<string, { score: number; reason?: Json; checklist?: Json }>;

export async function judgeEpisode(
  judge: Judge,
  mode: JudgeMode,
  prompts: Record<string, Template>,
  inputs: JudgeInputs,
  signal?: AbortSignal,
): Promise<JudgedScores> {
  const dims: Record<string, { score: number; reason?: Json; checklist?: Json }> = {};
  let requests = 0;
  let cached = true;
  if (mode === 'combined') {
    const v = await judge.judge<Verdict>(
      { messages: [{ role: 'system', content: prompts.all!.body }, { role: 'user', content: combinedUserMessage(inputs) }], schema: COMBINED_SCHEMA, label: 'localsearch/all' },
      signal,
    );
    requests += v.requests;
    cached &&= v.cached;
    for (const d of DIMENSIONS) dims[d.key] = v.value[d.zh]!;
  } else {
    const verdicts = await Promise.all(
      DIMENSIONS.map((d) =>
        judge.judge<Verdict>(
          {
            messages: [{ role: 'system', content: prompts[d.prompt]!.body }, { role: 'user', content: separateUserMessage(d.key, inputs) }],
            schema: SEPARATE_SCHEMAS.get(d.key)!,
            label: `localsearch/${d.prompt}`,
          },
          signal,
        ),
      ),
    );
    verdicts.forEach((v, i) => {
      const d = DIMENSIONS[i]!;
      requests += v.requests;
      cached &&= v.cached;
      dims[d.key] = v.value[d.zh]!;
    });
  }
  const scores: Record<string, number> = {};
  const reasons: JsonObject = {};
  for (const d of DIMENSIONS) {
    scores[d.key] = dims[d.key]!.score;
    reasons[d.key] = dims[d.key]!.reason ?? null;
  }
  scores.total_score = scores.correctness! + (scores.completeness! + scores.fluency! + scores.safety!) / 10;
  return {
    scores,
    extra: {
      judge: {
        spec: judge.spec,
        mode,
        cached,
        requests,
        reasons,
        checklist: dims.correctness?.checklist ?? null,
      },
    },
  };
}
