// Locating files that ship with the package (bundled data, prompt templates, reported numbers)
// from both the TypeScript sources (tests) and the compiled dist/ tree (the CLI).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding agenteval's package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isAgentevalPackage(join(dir, 'package.json'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot locate the agenteval package root');
    dir = up;
  }
}

/** A path inside the package, e.g. `assetPath('benchmarks/text2sql/data/spider')`. */
export function assetPath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

function isAgentevalPackage(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name === 'agenteval';
  } catch {
    return false;
  }
}
