// Version and git commit for the manifest, read once.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { packageRoot } from '../paths.js';
import { join } from 'node:path';

let version: string | undefined;
let commit: string | null | undefined;

export function agentevalVersion(): string {
  if (version === undefined) {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
    version = pkg.version ?? '0.0.0';
  }
  return version;
}

/** The commit of the agenteval checkout (null outside git); "-dirty" when it has local changes. */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit;
  try {
    const opts = { cwd: packageRoot(), encoding: 'utf8' as const, timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'] };
    const head = execFileSync('git', ['rev-parse', 'HEAD'], opts).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], opts).trim() !== '';
    commit = dirty ? `${head}-dirty` : head;
  } catch {
    commit = null;
  }
  return commit;
}
