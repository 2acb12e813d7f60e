// The native function-calling agent loop (OpenAI tools API): the model calls tools until it
// answers in plain text or runs out of turns. Shared by every benchmark with tools.
import type { ChatMessage, Episode, JsonObject, ModelClient, SamplingParams, Tool, ToolCall, TraceStep } from '../types.js';
import { EpisodeMeter } from './usage.js';

export interface ToolLoopOptions {
  tools: Tool[];
  /** Model calls allowed, the final answer included. */
  maxTurns: number;
  sampling: SamplingParams;
  signal?: AbortSignal;
  /** Longest observation given back to the model; the rest is cut with a marker. */
  maxObservationChars?: number;
  /** Sent (with tools withheld) when the turn budget is spent and the model still wants tools. */
  finalNudge?: string;
  /** Tool calls allowed over the episode; further calls get a "limit reached" observation. */
  maxToolCalls?: number;
}

const DEFAULT_NUDGE = 'You have used all your tool calls. Give your final answer now, without calling any tool.';

export function truncate(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  return `${text.slice(0, max)}\n…[truncated ${text.length - max} characters]`;
}

function parseArgs(call: ToolCall): { args: JsonObject } | { error: string } {
  try {
    const parsed = JSON.parse(call.function.arguments || '{}') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { args: parsed as JsonObject };
    return { error: 'tool arguments must be a JSON object' };
  } catch (err) {
    return { error: `tool arguments are not valid JSON: ${(err as Error).message}` };
  }
}

export async function runToolLoop(model: ModelClient, initial: ChatMessage[], opts: ToolLoopOptions): Promise<Episode> {
  const messages: ChatMessage[] = [...initial];
  const trace: TraceStep[] = [];
  const byName = new Map(opts.tools.map((t) => [t.name, t]));
  const specs = opts.tools.map((t) => ({
    type: 'function' as const,
    function: { name: t.name, description: t.description, parameters: t.parameters },
  }));
  const meter = new EpisodeMeter();
  let turns = 0;
  let toolCalls = 0;
  let output = '';
  let limitHit: string | null = null;

  for (;;) {
    const lastTurn = turns + 1 >= opts.maxTurns;
    const res = await model.chat(
      { messages, sampling: opts.sampling, ...(lastTurn && turns > 0 ? {} : { tools: specs }) },
      { signal: opts.signal },
    );
    turns += 1;
    const choice = meter.take(res);
    output = choice.content;
    messages.push({ role: 'assistant', content: choice.content, ...(choice.toolCalls.length ? { tool_calls: choice.toolCalls } : {}) });
    if (choice.toolCalls.length === 0) break;

    for (const call of choice.toolCalls) {
      const started = performance.now();
      const tool = byName.get(call.function.name);
      const parsed = parseArgs(call);
      let text: string;
      let step: TraceStep;
      if (!tool) {
        text = `Error: unknown tool "${call.function.name}". Available tools: ${[...byName.keys()].join(', ')}`;
        step = { turn: turns, tool: call.function.name, input: call.function.arguments, output: text, error: 'unknown tool' };
      } else if ('error' in parsed) {
        text = `Error: ${parsed.error}`;
        step = { turn: turns, tool: tool.name, input: call.function.arguments, output: text, error: parsed.error };
      } else if (opts.maxToolCalls !== undefined && toolCalls >= opts.maxToolCalls) {
        text = 'Error: tool call limit reached. Answer with what you have.';
        step = { turn: turns, tool: tool.name, input: parsed.args, output: text, error: 'limit' };
        limitHit = 'max_tool_calls';
      } else {
        toolCalls += 1;
        try {
          const r = await tool.call(parsed.args, opts.signal);
          text = truncate(r.text, opts.maxObservationChars);
          step = { turn: turns, tool: tool.name, input: parsed.args, output: text, error: r.isError ? text : null, ...(r.meta ? { meta: r.meta } : {}) };
        } catch (err) {
          text = `Error: ${(err as Error).message}`;
          step = { turn: turns, tool: tool.name, input: parsed.args, output: text, error: (err as Error).message };
        }
      }
      step.latencyMs = Math.round(performance.now() - started);
      trace.push(step);
      messages.push({ role: 'tool', tool_call_id: call.id, content: text });
    }

    if (turns >= opts.maxTurns) {
      limitHit = 'max_turns';
      break;
    }
    if (turns + 1 >= opts.maxTurns) {
      // Last turn: withhold tools and ask for the answer, so a capped episode still produces one.
      messages.push({ role: 'user', content: opts.finalNudge ?? DEFAULT_NUDGE });
    }
  }

  return {
    output,
    reasoning: meter.reasoning(),
    messages,
    trace,
    turns,
    usage: meter.usage,
    latencyMs: meter.latencyMs,
    attempts: meter.attempts,
    limitHit,
  };
}
