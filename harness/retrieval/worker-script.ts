// Locating the compiled worker-thread scripts of the retrieval engine: next to this module in dist/,
// or in dist/ when running from the TypeScript sources (tests), which must then be built first.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../paths.js';

/** Path of `harness/retrieval/<file>` compiled (e.g. `bm25-worker.js`); throws if it is not built. */
export function retrievalWorkerScript(file: string, what: string): string {
  const here = fileURLToPath(new URL(`./${file}`, import.meta.url));
  if (existsSync(here)) return here;
  const built = join(packageRoot(), 'dist', 'harness', 'retrieval', file);
  if (existsSync(built)) return built;
  throw new Error(`the ${what} is not built (dist/harness/retrieval/${file}): run \`npx tsc -p tsconfig.json\``);
}

/** A worker inherits execArgv; `--input-type` (node -e scripts) makes it refuse to start. */
export function workerExecArgv(): string[] {
  return process.execArgv.filter((a) => !a.startsWith('--input-type'));
}
