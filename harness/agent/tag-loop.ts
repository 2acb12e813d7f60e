// The tag-protocol agent loop: the model writes `<tool>input</tool>` in plain text, the harness runs
// the tool and appends the observation, until the model writes a final tag (`<answer>…</answer>`)
// or runs out of turns. This is how RL-trained search agents act (Search-R1 and its followers), so
// it works against a plain chat or completions endpoint with no function-calling support.
//
// Semantics follow PeterGriffinJin/Search-R1, search_r1/llm_agent/generation.py (LLMGenerationManager):
// - `_postprocess_responses`: a response is cut after its first `</search>` if it has one, else after
//   its first `</answer>`; whatever follows is dropped (never enters the context). Generalised here to
//   "the earliest closing tool tag, else the earliest closing final tag".
// - `postprocess_predictions`: the action is the FIRST match of `<(search|answer)>(.*?)</\1>` (DOTALL)
//   in the cut response, its content stripped; no match is an invalid action.
// - `execute_predictions`: a search appends `\n\n<information>{results.strip()}</information>\n\n`; an
//   invalid action appends "\nMy previous action is invalid. …Let me try again.\n"; an answer ends.
// - `run_llm_loop`: `max_turns` acting rounds, then one final generation whose actions are NOT
//   executed (do_search=False). So maxTurns here counts model calls including that final one.
// Search-R1 decodes without stop strings and cuts afterwards; we stop at the closing tags instead
// (same text, fewer tokens) and put the stop string back, since OpenAI-style APIs drop it.
import type { ChatMessage, Choice, Episode, JsonObject, ModelClient, SamplingParams, Tool, TraceStep } from '../types.js';
import { truncate } from './tool-loop.js';
import { EpisodeMeter } from './usage.js';

/** A tool reachable through a tag: `<search>query</search>` → `tool.call(args(query))`. */
export interface TagTool {
  tag: string;
  tool: Tool;
  /** Tool arguments from the (stripped) text between the tags. */
  args(inner: string): JsonObject;
}

export interface TagLoopOptions {
  /**
   * `chat`: the conversation grows as assistant turns (the model's text, cut at its action) and user
   * turns holding the observations. `completions`: one growing prompt (prompt + response +
   * observation + …), exactly the context Search-R1 trains and infers with.
   */
  mode: 'chat' | 'completions';
  /** chat mode: the opening messages. */
  messages?: ChatMessage[];
  /** completions mode: the opening prompt text. */
  prompt?: string;
  tools: TagTool[];
  /** Tags whose first occurrence ends the episode (default `['answer']`). */
  finalTags?: string[];
  /** Model calls allowed, the final (non-acting) one included. */
  maxTurns: number;
  /** Tool calls allowed over the episode; further calls get `limitObservation`. */
  maxCalls?: number;
  sampling: SamplingParams;
  signal?: AbortSignal;
  /** The text appended after a tool result (default: Search-R1's `<information>` block). */
  observe?: (resultText: string, tag: string) => string;
  /** Appended after a turn with no valid action (default: Search-R1's message). */
  invalidObservation?: string;
  /** Appended when a tool call exceeds maxCalls (default: an `<information>` block saying so). */
  limitObservation?: (tag: string) => string;
  /** Longest tool result given back to the model; the rest is cut with a marker. */
  maxObservationChars?: number;
  /** Stop generation at the closing tags (default true). */
  stopAtClosingTags?: boolean;
  /** `limitHit` labels (defaults `max_turns`, `max_tool_calls`). */
  limitNames?: { turns?: string; calls?: string };
}

/** Search-R1 generation.py execute_predictions, search branch. */
export function searchR1Observation(resultText: string): string {
  return `\n\n<information>${resultText.trim()}</information>\n\n`;
}

/** Search-R1 generation.py execute_predictions, invalid-action branch (verbatim). */
export const SEARCH_R1_INVALID =
  '\nMy previous action is invalid. If I want to search, I should put the query between <search> and </search>. ' +
  'If I want to give the final answer, I should put the answer between <answer> and </answer>. Let me try again.\n';

const PY_STRIP = /^[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/gu;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The model's full text of one turn. Clients move `<think>…</think>` into `reasoning`; a tag agent's
 * context must hold what it actually wrote, so the block is put back in front (Search-R1 models
 * think first, then act). Whitespace around the block is not recoverable and becomes one newline.
 * Empty content with reasoning means the think block was still open when generation stopped.
 */
export function rawTurnText(choice: Pick<Choice, 'content' | 'reasoning'>): string {
  if (!choice.reasoning) return choice.content;
  if (choice.content === '') return `<think>\n${choice.reasoning}`;
  return `<think>\n${choice.reasoning}\n</think>\n${choice.content}`;
}

/**
 * Put back a closing tag the endpoint removed: OpenAI-style stop strings are not part of the
 * output, so a turn that stopped at `</search>` ends in an unclosed `<search>…`. Only done when the
 * generation stopped (not when it ran out of tokens) and the last opened tag is still open.
 */
export function restoreClosingTag(text: string, finishReason: string | null, tags: readonly string[]): string {
  if (finishReason !== 'stop') return text;
  let best: { tag: string; at: number } | null = null;
  for (const tag of tags) {
    const at = text.lastIndexOf(`<${tag}>`);
    if (at === -1 || text.indexOf(`</${tag}>`, at) !== -1) continue;
    if (!best || at > best.at) best = { tag, at };
  }
  return best ? `${text}</${best.tag}>` : text;
}

/** Search-R1 `_postprocess_responses`: cut after the earliest closing tool tag, else the earliest closing final tag. */
export function cutAtAction(text: string, toolTags: readonly string[], finalTags: readonly string[]): string {
  for (const group of [toolTags, finalTags]) {
    let end = -1;
    for (const tag of group) {
      const close = `</${tag}>`;
      const at = text.indexOf(close);
      if (at !== -1 && (end === -1 || at + close.length < end)) end = at + close.length;
    }
    if (end !== -1) return text.slice(0, end);
  }
  return text;
}

/** Search-R1 `postprocess_predictions`: the first `<tag>…</tag>` of any known tag, content stripped. */
export function parseAction(text: string, tags: readonly string[]): { tag: string; content: string } | null {
  if (tags.length === 0) return null;
  const re = new RegExp(`<(${tags.map(escapeRe).join('|')})>([\\s\\S]*?)</\\1>`);
  const m = re.exec(text);
  return m ? { tag: m[1]!, content: (m[2] ?? '').replace(PY_STRIP, '') } : null;
}

export async function runTagLoop(model: ModelClient, opts: TagLoopOptions): Promise<Episode> {
  const finalTags = opts.finalTags ?? ['answer'];
  const toolTags = opts.tools.map((t) => t.tag);
  const allTags = [...toolTags, ...finalTags];
  const byTag = new Map(opts.tools.map((t) => [t.tag, t]));
  const observe = opts.observe ?? ((text: string) => searchR1Observation(text));
  const invalid = opts.invalidObservation ?? SEARCH_R1_INVALID;
  const limitObs = opts.limitObservation ?? ((tag: string) => searchR1Observation(`The ${tag} limit is reached; no more ${tag} calls will run. Give your final answer now.`));
  const names = { turns: opts.limitNames?.turns ?? 'max_turns', calls: opts.limitNames?.calls ?? 'max_tool_calls' };
  const stop = opts.stopAtClosingTags === false ? opts.sampling.stop : [...new Set([...(opts.sampling.stop ?? []), ...allTags.map((t) => `</${t}>`)])];
  const sampling: SamplingParams = { ...opts.sampling, ...(stop && stop.length ? { stop } : {}) };

  if (opts.mode === 'chat' && !opts.messages?.length) throw new Error('runTagLoop: chat mode needs messages');
  if (opts.mode === 'completions' && opts.prompt === undefined) throw new Error('runTagLoop: completions mode needs a prompt');
  const messages: ChatMessage[] = [...(opts.messages ?? [])];
  const prompt0 = opts.prompt ?? '';
  let trajectory = ''; // completions: everything after the prompt (responses + observations)

  const trace: TraceStep[] = [];
  const meter = new EpisodeMeter();
  const visible: string[] = [];
  let turns = 0;
  let calls = 0;
  let invalidTurns = 0;
  let limitHit: string | null = null;
  let finalTag: string | null = null;

  while (turns < opts.maxTurns) {
    const res =
      opts.mode === 'chat'
        ? await model.chat({ messages, sampling }, { signal: opts.signal })
        : await model.complete({ prompt: prompt0 + trajectory, sampling }, { signal: opts.signal });
    turns += 1;
    const choice = meter.take(res);

    const raw = cutAtAction(restoreClosingTag(rawTurnText(choice), choice.finishReason, allTags), toolTags, finalTags);
    visible.push(cutAtAction(restoreClosingTag(choice.content, choice.finishReason, allTags), toolTags, finalTags));
    const action = parseAction(raw, allTags);
    const acting = turns < opts.maxTurns; // the last call's actions are not executed (Search-R1's final rollout)

    let observation: string | null = null;
    if (action && finalTags.includes(action.tag)) {
      finalTag = action.tag;
    } else if (!acting) {
      limitHit = names.turns;
    } else if (action) {
      const tagTool = byTag.get(action.tag)!;
      const args = tagTool.args(action.content);
      const started = performance.now();
      let step: TraceStep;
      if (opts.maxCalls !== undefined && calls >= opts.maxCalls) {
        observation = limitObs(action.tag);
        limitHit = names.calls;
        step = { turn: turns, tool: tagTool.tool.name, input: args, output: observation, error: 'limit' };
      } else {
        calls += 1;
        // A tool that throws is an infrastructure failure (retriever down), not the model's: the
        // episode fails and the sample becomes an error record that a resumed run retries.
        const r = await tagTool.tool.call(args, opts.signal);
        const text = truncate(r.text, opts.maxObservationChars);
        observation = observe(text, action.tag);
        step = { turn: turns, tool: tagTool.tool.name, input: args, output: text, error: r.isError ? text : null, ...(r.meta ? { meta: r.meta } : {}) };
      }
      step.latencyMs = Math.round(performance.now() - started);
      trace.push(step);
    } else {
      invalidTurns += 1;
      observation = invalid;
    }

    if (opts.mode === 'chat') messages.push({ role: 'assistant', content: raw });
    else trajectory += raw;
    if (observation === null) break;
    if (opts.mode === 'chat') messages.push({ role: 'user', content: observation.trim() });
    else trajectory += observation;
  }

  const transcript: ChatMessage[] =
    opts.mode === 'chat' ? messages : [{ role: 'user', content: prompt0 }, { role: 'assistant', content: trajectory }];
  return {
    // The model's own text only (observations excluded), so the answer comes from what it wrote.
    output: visible.filter((v) => v !== '').join('\n'),
    reasoning: meter.reasoning('\n\n'),
    messages: transcript,
    trace,
    turns,
    usage: meter.usage,
    latencyMs: meter.latencyMs,
    attempts: meter.attempts,
    limitHit,
    extra: { protocol_mode: opts.mode, final_tag: finalTag, invalid_turns: invalidTurns },
  };
}
