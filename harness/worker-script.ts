// Locating the compiled script of a worker thread (BM25 search and build, math checks): beside the
// calling module in dist/, or under dist/ when the caller runs from the TypeScript sources (tests),
// which must then be built first — a worker cannot load .ts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assetPath } from './paths.js';

/**
 * Path of the compiled `file` that sits beside the caller (`import.meta.url`) in the source tree,
 * e.g. `compiledWorkerScript(import.meta.url, 'harness/retrieval', 'bm25-worker.js', 'BM25 search worker')`.
 * Throws, naming the build command, when it is not built.
 */
export function compiledWorkerScript(callerUrl: string, dir: string, file: string, what: string): string {
  const here = fileURLToPath(new URL(`./${file}`, callerUrl));
  if (existsSync(here)) return here;
  const built = assetPath('dist', dir, file);
  if (existsSync(built)) return built;
  throw new Error(`the ${what} runs compiled code in a worker thread: build first (npx tsc -p tsconfig.json); dist/${dir}/${file} is missing`);
}

/** A worker inherits execArgv; `--input-type` (node -e scripts) makes it refuse to start. */
export function workerExecArgv(): string[] {
  return process.execArgv.filter((a) => !a.startsWith('--input-type'));
}
