// Version and git commit for the manifest, read once.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { packageRoot } from '../paths.js';
import { commitFromFiles } from './git-files.js';
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

/** `git rev-parse HEAD` and `git status`: for the cases the .git files do not answer (git-files.ts). */
function commitFromGit(): string | null {
  try {
    const opts = { cwd: packageRoot(), encoding: 'utf8' as const, timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'] };
    const head = execFileSync('git', ['rev-parse', 'HEAD'], opts).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], opts).trim() !== '';
    return dirty ? `${head}-dirty` : head;
  } catch {
    return null;
  }
}

/**
 * The commit of the agenteval checkout (null outside git); "-dirty" when it has local changes.
 * Read from the .git files (no process spawned: see git-files.ts); git is asked only when they
 * cannot say.
 */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit;
  const fromFiles = commitFromFiles(packageRoot());
  commit = fromFiles ? fromFiles.commit : commitFromGit();
  return commit;
}
