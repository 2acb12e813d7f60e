// Bundled data and prompt templates stay in benchmarks/text2sql/ while compiled code runs from
// dist/benchmarks/text2sql/, so both are found from the package root (harness/paths.ts).
import { assetPath } from '../../harness/paths.js';

/** Bundled data folder: `spider`, `bird` (Spider data in BIRD's layout) or `bird-minidev`. */
export function bundledDataDir(name: 'spider' | 'bird' | 'bird-minidev'): string {
  return assetPath('benchmarks', 'text2sql', 'data', name);
}

export function promptPath(file: string): string {
  return assetPath('benchmarks', 'text2sql', 'prompts', file);
}
