// Errors every layer may raise and the CLI maps to exit codes (harness/cli/exit.ts). A leaf
// module: anything can import it without an import cycle.

/** Bad flags, paths, specs or data layout: the user's configuration, not the run, is at fault (exit 2). */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}
