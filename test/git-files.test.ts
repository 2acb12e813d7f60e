// The commit read from the .git files (git-files.ts) against git's own answers, on throwaway
// repositories: branches, packed refs, a detached HEAD, a linked worktree, edits, deletions, mode
// changes, staged changes, and no repository at all.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, utimesSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { checkoutDirty, commitFromFiles, findGitDirs, readHeadCommit } from '../harness/run/git-files.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

/** What version.ts recorded before: `git rev-parse HEAD`, "-dirty" when `git status` lists a tracked change. */
const fromGit = (cwd: string): string => {
  const head = git(cwd, 'rev-parse', 'HEAD');
  return git(cwd, 'status', '--porcelain', '--untracked-files=no') ? `${head}-dirty` : head;
};

let repo = '';
beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'ae-git-'));
  roots.push(root);
  repo = join(root, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  writeFileSync(join(repo, 'a.txt'), 'alpha\n');
  writeFileSync(join(repo, 'b.sh'), 'echo b\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'one');
  writeFileSync(join(repo, 'a.txt'), 'alpha 2\n');
  git(repo, 'commit', '-q', '-am', 'two');
  // Past the racy-clean window: the files are older than the index, as in a checkout used later.
  const past = new Date(Date.now() - 60_000);
  for (const f of ['a.txt', 'b.sh']) utimesSync(join(repo, f), past, past);
  git(repo, 'update-index', '--refresh');
});

describe('commit from the .git files', () => {
  it('reads a branch HEAD of a clean checkout as git does', () => {
    expect(commitFromFiles(repo)).toEqual({ commit: fromGit(repo) });
    expect(commitFromFiles(join(repo))?.commit).not.toMatch(/-dirty$/);
  });

  it('finds the repository from a folder inside it', () => {
    const sub = join(repo, 'sub');
    execFileSync('mkdir', [sub]);
    expect(findGitDirs(sub)?.workTree).toBe(repo);
    expect(commitFromFiles(sub)).toEqual({ commit: fromGit(repo) });
  });

  it('resolves a branch from packed-refs', () => {
    git(repo, 'pack-refs', '--all');
    expect(readHeadCommit(findGitDirs(repo)!)).toBe(git(repo, 'rev-parse', 'HEAD'));
  });

  it('reads a detached HEAD', () => {
    git(repo, 'checkout', '-q', '--detach', 'HEAD~1');
    expect(commitFromFiles(repo)).toEqual({ commit: fromGit(repo) });
  });

  it('reads a linked worktree through its .git file and commondir', () => {
    const wt = join(repo, '..', 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', wt, 'HEAD~1');
    const dirs = findGitDirs(wt)!;
    expect(dirs.gitDir).not.toBe(dirs.commonDir);
    expect(commitFromFiles(wt)).toEqual({ commit: fromGit(wt) });
    git(repo, 'pack-refs', '--all');
    expect(readHeadCommit(findGitDirs(wt)!)).toBe(git(wt, 'rev-parse', 'HEAD'));
  });

  it('marks edits, deletions and mode changes -dirty, as git status does', () => {
    writeFileSync(join(repo, 'a.txt'), 'changed\n');
    expect(commitFromFiles(repo)).toEqual({ commit: fromGit(repo) });
    expect(fromGit(repo)).toMatch(/-dirty$/);
    git(repo, 'checkout', '-q', '--', 'a.txt');
    expect(commitFromFiles(repo)).toEqual({ commit: fromGit(repo) });
    unlinkSync(join(repo, 'b.sh'));
    expect(checkoutDirty(findGitDirs(repo)!)).toBe(true);
    git(repo, 'checkout', '-q', '--', 'b.sh');
    chmodSync(join(repo, 'b.sh'), 0o755);
    expect(checkoutDirty(findGitDirs(repo)!)).toBe(true);
    expect(fromGit(repo)).toMatch(/-dirty$/);
  });

  it('a file touched but not changed is clean (its content is compared)', () => {
    const now = new Date();
    utimesSync(join(repo, 'a.txt'), now, now);
    expect(checkoutDirty(findGitDirs(repo)!)).toBe(false);
  });

  it('leaves staged changes to git (null: the caller asks git)', () => {
    writeFileSync(join(repo, 'a.txt'), 'staged\n');
    git(repo, 'add', 'a.txt');
    expect(commitFromFiles(repo)).toBeNull();
  });

  it('says null for an unborn branch, and no commit outside any repository', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ae-git-empty-'));
    roots.push(empty);
    expect(commitFromFiles(empty)).toEqual({ commit: null });
    execFileSync('git', ['init', '-q', empty]);
    expect(commitFromFiles(empty)).toBeNull();
  });
});
