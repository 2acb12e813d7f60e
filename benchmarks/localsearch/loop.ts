// LocalPlayground's agent loop, after evaluation/evaluation_pipeline_agent.py
// `_process_single_question` (localsearchbench/localsearchbench @ e915702306f45c6ff3b5e51a9321c92fbd4b95cf):
// - messages start as [system, user question]; each round is one model call;
// - a reply with no tool call is the final answer (the loop ends);
// - otherwise every call is run, the reply is appended, and the results go back as ONE user turn
//   "工具执行结果：…请基于这些结果回答原问题。";
// - in the last round (round == max_tool_rounds) the user turn says "这是最后一轮，请不要再调用任何
//   工具…" and one more model call is the final answer, whatever it contains;
// - rounds = model calls made (len(conversation_history)), tool calls = calls made (len(tool_calls)).
// The agent prompt's rule "每轮每个工具最多调用1次" is enforced here (the official parser runs every
// tag): calls beyond `callsPerToolPerRound` are not run and get a 【…失败】 block saying so.
// `tools` protocol: the same rounds with native function calls; results go back as tool messages
// (no extra user turn) and the last round's instruction is a user turn sent with tools withheld.
import { EpisodeMeter } from '../../harness/agent/usage.js';
import type { ChatMessage, Episode, JsonObject, ModelClient, SamplingParams, Tool, ToolCall, TraceStep } from '../../harness/types.js';
import { parseTagCalls, type LocalToolName } from './answer.js';
import { LAST_ROUND_INSTRUCTION, formatToolBlock, perRoundLimitError, toolFeedbackMessage } from './format.js';

export type Protocol = 'tags' | 'tools';

export interface LoopOptions {
  protocol: Protocol;
  tools: Record<LocalToolName, Tool>;
  /** max_tool_rounds (official default 10). */
  maxRounds: number;
  callsPerToolPerRound: number;
  sampling: SamplingParams;
  signal?: AbortSignal;
}

interface PendingCall {
  tool: string;
  query: string;
  /** Function-call id (tools protocol). */
  id?: string;
  /** Set when the call cannot run (bad arguments, unknown tool). */
  invalid?: string;
}

interface RoundResult {
  blocks: string[];
  steps: TraceStep[];
  skipped: JsonObject[];
}

function isLocalTool(name: string): name is LocalToolName {
  return name === 'rag' || name === 'web_search';
}

async function runCalls(calls: PendingCall[], round: number, opts: LoopOptions): Promise<RoundResult> {
  const used: Record<string, number> = {};
  const out: RoundResult = { blocks: [], steps: [], skipped: [] };
  for (const c of calls) {
    if (c.invalid !== undefined || !isLocalTool(c.tool)) {
      const error = isLocalTool(c.tool) ? c.invalid ?? '' : `未知工具: ${c.tool}`;
      out.blocks.push(isLocalTool(c.tool) ? formatToolBlock(c.tool, c.query, { success: false, context: '', error }) : `【工具调用失败】\n工具: ${c.tool}\n错误: ${error}\n`);
      out.skipped.push({ round, tool: c.tool, query: c.query, reason: error });
      continue;
    }
    used[c.tool] = (used[c.tool] ?? 0) + 1;
    if (used[c.tool]! > opts.callsPerToolPerRound) {
      const error = perRoundLimitError(opts.callsPerToolPerRound);
      out.blocks.push(formatToolBlock(c.tool, c.query, { success: false, context: '', error }));
      out.skipped.push({ round, tool: c.tool, query: c.query, reason: 'per-round limit' });
      continue;
    }
    const started = performance.now();
    const r = await opts.tools[c.tool].call({ query: c.query }, opts.signal);
    out.blocks.push(r.text);
    out.steps.push({
      turn: round,
      tool: c.tool,
      input: { query: c.query },
      output: r.text,
      error: r.isError ? String(r.meta?.error ?? 'failed') : null,
      ...(r.meta ? { meta: r.meta } : {}),
      latencyMs: Math.round(performance.now() - started),
    });
  }
  return out;
}

function functionCalls(toolCalls: readonly ToolCall[]): PendingCall[] {
  return toolCalls.map((tc) => {
    let query = '';
    let invalid: string | undefined;
    try {
      const args = JSON.parse(tc.function.arguments || '{}') as unknown;
      const q = args && typeof args === 'object' ? (args as Record<string, unknown>).query : undefined;
      if (typeof q === 'string' && q.trim() !== '') query = q.trim();
      else invalid = '参数 query 缺失或为空';
    } catch (e) {
      invalid = `参数不是合法的 JSON: ${(e as Error).message}`;
    }
    return { tool: tc.function.name, query, id: tc.id, ...(invalid ? { invalid } : {}) };
  });
}

export async function runLocalSearchLoop(model: ModelClient, system: string, question: string, opts: LoopOptions): Promise<Episode> {
  if (!(opts.maxRounds >= 1)) throw new Error('maxRounds must be ≥ 1');
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: question },
  ];
  const specs = Object.values(opts.tools).map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: t.parameters } }));
  const meter = new EpisodeMeter();
  const trace: TraceStep[] = [];
  const skipped: JsonObject[] = [];
  let output = '';
  let limitHit: string | null = null;

  const ask = async (withTools: boolean) => {
    const res = await model.chat({ messages, sampling: opts.sampling, ...(withTools ? { tools: specs } : {}) }, { signal: opts.signal });
    return meter.take(res);
  };

  for (let round = 1; round <= opts.maxRounds; round++) {
    const tools = opts.protocol === 'tools';
    const choice = await ask(tools);
    const pending: PendingCall[] = tools ? functionCalls(choice.toolCalls) : parseTagCalls(choice.content);
    if (pending.length === 0) {
      output = choice.content;
      messages.push({ role: 'assistant', content: choice.content });
      break;
    }
    messages.push({ role: 'assistant', content: choice.content, ...(tools ? { tool_calls: choice.toolCalls } : {}) });
    const r = await runCalls(pending, round, opts);
    trace.push(...r.steps);
    skipped.push(...r.skipped);
    const last = round === opts.maxRounds;
    if (tools) {
      pending.forEach((c, i) => messages.push({ role: 'tool', tool_call_id: c.id ?? '', content: r.blocks[i] ?? '' }));
      if (last) messages.push({ role: 'user', content: LAST_ROUND_INSTRUCTION });
    } else {
      messages.push({ role: 'user', content: toolFeedbackMessage(r.blocks, last) });
    }
    if (last) {
      // The forced final answer: its tags (or calls) are never run.
      const final = await ask(false);
      output = final.content;
      messages.push({ role: 'assistant', content: final.content });
      limitHit = 'max_rounds';
    }
  }

  const count = (tool: string) => trace.filter((s) => s.tool === tool).length;
  return {
    output,
    reasoning: meter.reasoning(),
    messages,
    trace,
    turns: meter.calls,
    usage: meter.usage,
    latencyMs: meter.latencyMs,
    attempts: meter.attempts,
    limitHit,
    extra: {
      protocol: opts.protocol,
      rounds: meter.calls,
      rag_calls: count('rag'),
      web_search_calls: count('web_search'),
      web_search_unavailable: trace.filter((s) => s.tool === 'web_search' && s.meta?.unavailable === true).length,
      skipped_calls: skipped,
    },
  };
}
