import type { Choice, ModelResponse, Usage } from '../types.js';

export function emptyUsage(): Usage {
  return { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
}

/** Adds `b` into `a` (mutates `a`, which a loop owns). */
export function addUsage(a: Usage, b: Usage): Usage {
  a.prompt_tokens += b.prompt_tokens;
  a.completion_tokens += b.completion_tokens;
  a.total_tokens += b.total_tokens;
  return a;
}

/**
 * What every agent loop keeps over an episode's model calls: tokens, latency, HTTP attempts,
 * calls made and the reasoning the client stripped. One place, so the loops count alike.
 */
export class EpisodeMeter {
  readonly usage = emptyUsage();
  latencyMs = 0;
  attempts = 0;
  calls = 0;
  private reasoningParts: string[] = [];

  /** Account for one response and return its first choice. */
  take(res: ModelResponse): Choice {
    this.calls += 1;
    addUsage(this.usage, res.usage);
    this.latencyMs += res.latencyMs;
    this.attempts += res.attempts;
    const choice = res.choices[0];
    if (!choice) throw new Error('endpoint returned no choices');
    if (choice.reasoning) this.reasoningParts.push(choice.reasoning);
    return choice;
  }

  reasoning(separator = '\n'): string | null {
    return this.reasoningParts.length ? this.reasoningParts.join(separator) : null;
  }
}
