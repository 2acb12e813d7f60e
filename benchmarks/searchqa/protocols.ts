// The four agent protocols of the search-QA benchmarks (`--protocol`):
// - tags: Search-R1's text protocol (<search>q</search> → <information>…</information>, until
//   <answer>…</answer>) through harness/agent/tag-loop.ts, over chat or — with --completions — one growing
//   completions prompt as Search-R1's infer.py does. In chat mode each observation is a user turn after
//   the assistant turn that searched: per-request `continue_final_message` (vLLM) would keep Search-R1's
//   single assistant turn, but the ModelClient contract sends no per-request body fields, and a user turn
//   works on every endpoint. For an exact Search-R1 context use --completions (--completions-format qwen2.5).
// - tools: native function calling with one `search` tool (harness/agent/tool-loop.ts).
// - direct: the question alone (Search-R1's closed-book baseline prompt), one call.
// - rag: retrieve top-k for the question once, then one call with the passages (Search-R1's RAG baseline).
// In every protocol the answer is the last <answer>…</answer> of the model's own text (scoring.ts).
import { runTagLoop } from '../../harness/agent/tag-loop.js';
import { runToolLoop } from '../../harness/agent/tool-loop.js';
import { formatSearchR1 } from '../../harness/retrieval/format.js';
import type { Retriever } from '../../harness/retrieval/types.js';
import type { AgentSolver, Episode, ModelClient, SolveContext, Solver, Tool } from '../../harness/types.js';
import type { QaSample } from './load.js';
import type { SearchQaSettings } from './options.js';
import { SEARCH_TOOL_NAME, searchMeta, searchTool } from './search-tool.js';
import { loadTemplate, qwen25Prompt, render, searchR1Question, type Template } from './templates.js';

export interface ProtocolParts {
  solver: Solver<QaSample>;
  templates: Template[];
}

const TOOLS_FINAL_NUDGE = 'You have used all your searches. Give your final answer now inside <answer> and </answer>, without calling any tool.';

function completionPrompt(user: string, s: SearchQaSettings): string {
  return s.completionsFormat === 'qwen2.5' ? qwen25Prompt(user) : user;
}

/** One model call on a user prompt (chat, or completions with --completions). */
async function singleCall(model: ModelClient, user: string, s: SearchQaSettings, ctx: SolveContext): Promise<Episode> {
  const opts = ctx.signal ? { signal: ctx.signal } : {};
  const res = s.completions
    ? await model.complete({ prompt: completionPrompt(user, s), sampling: ctx.sampling }, opts)
    : await model.chat({ messages: [{ role: 'user', content: user }], sampling: ctx.sampling }, opts);
  const choice = res.choices[0];
  if (!choice) throw new Error('endpoint returned no choices');
  return {
    output: choice.content,
    reasoning: choice.reasoning,
    messages: [{ role: 'user', content: user }, { role: 'assistant', content: choice.content }],
    trace: [],
    turns: 1,
    usage: res.usage,
    latencyMs: res.latencyMs,
    attempts: res.attempts,
    extra: { finish_reason: choice.finishReason },
  };
}

function tagsSolver(s: SearchQaSettings, retriever: Retriever): ProtocolParts {
  const t = loadTemplate('tags.md');
  const tool = searchTool(retriever, s.topk);
  const solver: AgentSolver<QaSample> = {
    kind: 'agent',
    run: (sample, model, ctx) => {
      const user = render(t, { question: searchR1Question(sample.question) });
      return runTagLoop(model, {
        mode: s.completions ? 'completions' : 'chat',
        ...(s.completions ? { prompt: completionPrompt(user, s) } : { messages: [{ role: 'user', content: user }] }),
        tools: [{ tag: 'search', tool, args: (query) => ({ query }) }],
        maxTurns: s.maxTurns + 1,
        ...(s.maxSearches !== undefined ? { maxCalls: s.maxSearches } : {}),
        sampling: ctx.sampling,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        limitNames: { turns: 'max_turns', calls: 'max_searches' },
      });
    },
  };
  return { solver, templates: [t] };
}

function toolsSolver(s: SearchQaSettings, retriever: Retriever): ProtocolParts {
  const t = loadTemplate('tools.md');
  const base = searchTool(retriever, s.topk);
  const solver: AgentSolver<QaSample> = {
    kind: 'agent',
    async run(sample, model, ctx) {
      // runToolLoop shows a failing tool's error to the model; a retriever failure is ours, not the
      // model's, so it fails the sample instead (an error record, retried on resume), as in tags.
      let failure: unknown = null;
      const tool: Tool = {
        ...base,
        call: async (args, signal) => {
          try {
            return await base.call(args, signal);
          } catch (err) {
            failure ??= err;
            throw err;
          }
        },
      };
      const episode = await runToolLoop(model, [{ role: 'user', content: render(t, { question: searchR1Question(sample.question) }) }], {
        tools: [tool],
        maxTurns: s.maxTurns + 1,
        sampling: ctx.sampling,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        finalNudge: TOOLS_FINAL_NUDGE,
        ...(s.maxSearches !== undefined ? { maxToolCalls: s.maxSearches } : {}),
      });
      if (failure !== null) throw failure;
      // The model's own text over all turns, so an <answer> written beside a tool call still counts.
      const own = (episode.messages ?? []).filter((m) => m.role === 'assistant' && m.content).map((m) => m.content as string);
      return {
        ...episode,
        output: own.join('\n'),
        limitHit: episode.limitHit === 'max_tool_calls' ? 'max_searches' : (episode.limitHit ?? null),
      };
    },
  };
  return { solver, templates: [t] };
}

function directSolver(s: SearchQaSettings): ProtocolParts {
  const t = loadTemplate('direct.md');
  const user = (sample: QaSample) => render(t, { question: searchR1Question(sample.question) });
  if (!s.completions) return { solver: { kind: 'prompt', messages: (sample) => [{ role: 'user', content: user(sample) }] }, templates: [t] };
  return { solver: { kind: 'agent', run: (sample, model, ctx) => singleCall(model, user(sample), s, ctx) }, templates: [t] };
}

function ragSolver(s: SearchQaSettings, retriever: Retriever): ProtocolParts {
  const t = loadTemplate('rag.md');
  const solver: AgentSolver<QaSample> = {
    kind: 'agent',
    async run(sample, model, ctx) {
      const started = performance.now();
      const query = sample.question.trim();
      const passages = await retriever.search(query, s.topk, ctx.signal);
      // nq_rag.py format_reference: the passages unstripped (each line ends in "\n").
      const context = formatSearchR1(passages);
      const step = {
        turn: 0, tool: SEARCH_TOOL_NAME, input: { query }, output: context.trim(), error: null,
        meta: searchMeta(query, passages), latencyMs: Math.round(performance.now() - started),
      };
      const episode = await singleCall(model, render(t, { question: searchR1Question(sample.question), context }), s, ctx);
      return { ...episode, trace: [step] };
    },
  };
  return { solver, templates: [t] };
}

export function makeProtocol(s: SearchQaSettings, retriever: Retriever | null): ProtocolParts {
  if (s.protocol === 'direct') return directSolver(s);
  if (!retriever) throw new Error(`--protocol ${s.protocol} needs a retriever`);
  if (s.protocol === 'tags') return tagsSolver(s, retriever);
  if (s.protocol === 'tools') return toolsSolver(s, retriever);
  return ragSolver(s, retriever);
}
