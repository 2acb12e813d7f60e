// The judge: one request per entry; a reply whose verdict cannot be read is re-asked (the reply
// and a correction stay in the conversation) up to `retries` times, then the entry fails with an
// error — the runner records it as an error, never as a wrong answer.
import { addUsage, emptyUsage } from '../../harness/agent/usage.js';
import type { AgentSolver, ChatMessage, Episode, ModelClient, SolveContext } from '../../harness/types.js';
import type { RecSample } from './extract.js';
import { buildMessages, type PromptSet } from './templates.js';
import { parseVerdict, verdictExample, verdictString } from './verdict.js';

export class MalformedVerdictError extends Error {
  constructor(message: string, readonly attempts: number) {
    super(message);
    this.name = 'MalformedVerdictError';
  }
}

function reask(reason: string, sample: RecSample): string {
  return `Your reply could not be read: ${reason}. Reply again, ending with exactly one line holding only this JSON object (filled in):\n${verdictExample(sample.label)}`;
}

export function verdictSolver(prompts: PromptSet, retries: number): AgentSolver<RecSample> {
  return {
    kind: 'agent',
    async run(sample: RecSample, model: ModelClient, ctx: SolveContext): Promise<Episode> {
      const messages: ChatMessage[] = buildMessages(prompts, sample);
      const usage = emptyUsage();
      const malformed: string[] = [];
      let latencyMs = 0;
      let httpAttempts = 0;
      for (let attempt = 1; attempt <= retries + 1; attempt++) {
        const res = await model.chat({ messages, sampling: ctx.sampling }, ctx.signal ? { signal: ctx.signal } : {});
        addUsage(usage, res.usage);
        latencyMs += res.latencyMs;
        httpAttempts += res.attempts;
        const choice = res.choices[0];
        const content = choice?.content ?? '';
        messages.push({ role: 'assistant', content });
        const parsed = parseVerdict(content, sample);
        if (parsed.ok) {
          return {
            output: content,
            reasoning: choice?.reasoning ?? null,
            messages,
            trace: [],
            turns: attempt,
            usage,
            latencyMs,
            attempts: httpAttempts,
            extra: { verdict: verdictString(parsed.value), verdict_attempts: attempt, malformed },
          };
        }
        malformed.push(parsed.message);
        if (attempt <= retries) messages.push({ role: 'user', content: reask(parsed.message, sample) });
      }
      const last = String(messages[messages.length - 1]?.content ?? '').slice(0, 160).replace(/\s+/g, ' ');
      throw new MalformedVerdictError(
        `malformed verdict after ${retries + 1} attempt(s): ${malformed[malformed.length - 1] ?? 'unreadable'} (last reply: "${last}")`,
        retries + 1,
      );
    },
  };
}
