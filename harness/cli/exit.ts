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

/**
 * Ctrl-C / SIGTERM: the first stops dispatching (records in hand are kept, the run is
 * resumable); the second quits at once.
 */
export function interruptible(hint: string): { signal: AbortSignal; interrupted: () => boolean } {
  const controller = new AbortController();
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    process.stderr.write(`\nagenteval: interrupted — finishing the records in hand; ${hint} (Ctrl-C again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: controller.signal, interrupted: () => interrupted };
}
