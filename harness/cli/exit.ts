// Exit codes a workflow can act on: one table, used by every command and printed in `--help`
// and the README. Only 0 means success; every other code names what went wrong.
import { CorpusError } from '../retrieval/types.js';
import { ConfigError, DatasetError, PreflightError } from '../errors.js';
import type { HealthStatus } from '../summary/health.js';

export const EXIT = {
  /** Everything asked for was done; every sample scored. */
  ok: 0,
  /** `compare --fail-on-regression` found a regression; `reproduce` did not reproduce. */
  regression: 1,
  /** Bad flag, path, model spec, Hub repo/revision, shard, suite file: nothing ran. */
  usage: 2,
  /** Finished, but some samples are error records or rows were dropped, within --max-error-rate. */
  partial: 3,
  /** Nothing scored, more unscored than --max-error-rate, or the command could not finish. */
  failed: 4,
  /** The endpoint check before any sample failed: authentication, unknown model, unreachable. */
  preflight: 5,
  /** Ctrl-C / SIGTERM; re-run (or --resume) to continue. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_TABLE: ReadonlyArray<{ code: ExitCode; meaning: string }> = [
  { code: EXIT.ok, meaning: 'success: every sample scored (the only success code)' },
  { code: EXIT.regression, meaning: 'regression: compare --fail-on-regression found one; reproduce did not reproduce' },
  { code: EXIT.usage, meaning: 'usage or configuration error (flag, path, model spec, Hub repo, shard, suite file); nothing ran' },
  { code: EXIT.partial, meaning: 'partial: some samples are error records or data rows were dropped, within --max-error-rate (default 5%)' },
  { code: EXIT.failed, meaning: 'failed: nothing scored, unscored share above --max-error-rate, or the command could not finish' },
  { code: EXIT.preflight, meaning: 'preflight failed before any sample: authentication (401/403), unknown model, unreachable endpoint' },
  { code: EXIT.interrupted, meaning: 'interrupted (Ctrl-C / SIGTERM); re-run with --resume to continue' },
];

/** The table as `--help` prints it. */
export function exitCodeHelp(): string {
  return ['Exit codes (every command):', ...EXIT_TABLE.map((e) => `  ${String(e.code).padStart(3)}  ${e.meaning}`)].join('\n');
}

export function exitWith(code: number, err?: unknown): never {
  if (err !== undefined) {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`agenteval: ${msg}\n`);
    if (process.env.AGENTEVAL_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  }
  process.exit(code);
}

/**
 * Configuration problems — flags, paths, a dataset or corpus file the command cannot use (named
 * with file and line) — exit 2; preflight failures 5; anything else that stops a command 4.
 */
export function codeFor(err: unknown): ExitCode {
  if (err instanceof ConfigError || err instanceof DatasetError || err instanceof CorpusError) return EXIT.usage;
  if (err instanceof PreflightError) return EXIT.preflight;
  return EXIT.failed;
}

export function healthCode(status: HealthStatus): ExitCode {
  return status === 'ok' ? EXIT.ok : status === 'partial' ? EXIT.partial : EXIT.failed;
}

// Several outcomes in one command (benchmarks of a run, cells of a suite): the most severe wins.
const SEVERITY: readonly number[] = [EXIT.ok, EXIT.partial, EXIT.regression, EXIT.failed, EXIT.usage, EXIT.preflight, EXIT.interrupted];

export function worstCode(codes: Iterable<number>): number {
  let worst: number = EXIT.ok;
  for (const c of codes) if (SEVERITY.indexOf(c) > SEVERITY.indexOf(worst)) worst = c;
  return worst;
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
    // Abort first: the progress display listens on the signal and clears itself, so it cannot
    // redraw over the message below.
    controller.abort();
    process.stderr.write(`\nagenteval: interrupted — finishing the records in hand; ${hint} (Ctrl-C again to quit now)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: controller.signal, interrupted: () => interrupted };
}
