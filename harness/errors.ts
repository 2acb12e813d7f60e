// Errors every layer may raise and the CLI maps to exit codes (harness/cli/exit.ts). A leaf
// module: anything can import it without an import cycle.

/** Bad flags, paths, specs or data layout: the user's configuration, not the run, is at fault (exit 2). */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** A dataset file the run cannot use (named with file and position): exit 2. Raised by datasets/records.ts. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

export type PreflightKind = 'auth' | 'unknown-model' | 'unreachable';

/** The endpoint check before any sample failed (model/preflight.ts): exit 5. */
export class PreflightError extends Error {
  constructor(
    message: string,
    readonly kind: PreflightKind,
  ) {
    super(message);
    this.name = 'PreflightError';
  }
}
