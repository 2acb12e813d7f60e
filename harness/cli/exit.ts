// Exit codes CI can act on, and one way to leave with a message.
import { ConfigError } from '../run/options.js';

export const EXIT = { ok: 0, failure: 1, usage: 2, sampleErrors: 3, interrupted: 130 } as const;

export function exitWith(code: number, err?: unknown): never {
  if (err !== undefined) {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`agenteval: ${msg}\n`);
    if (process.env.AGENTEVAL_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  }
  process.exit(code);
}

/** Configuration problems are usage errors (2); anything else is a failure (1). */
export function codeFor(err: unknown): number {
  return err instanceof ConfigError ? EXIT.usage : EXIT.failure;
}
