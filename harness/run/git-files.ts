// The commit of a git checkout and whether it has local changes, read from the .git files instead
// of spawning git: `git rev-parse HEAD` + `git status` cost ~90 ms of every run (the spawn alone
// copies a 100 MB process's page tables), and `git status` can take seconds in a big checkout.
// What is read: HEAD (a branch or a detached commit), loose refs and packed-refs, a linked
// worktree's `.git` file and its commondir, and the index (format 2 or 3, SHA-1).
// Anything else (reftable refs, index format 4, SHA-256 repositories, a missing cache tree) answers
// null, and the caller asks git itself.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readlinkSync, statSync, type BigIntStats, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface GitDirs {
  /** Per-checkout files: HEAD, index (`.git`, or `.git/worktrees/<name>` for a linked worktree). */
  gitDir: string;
  /** Shared files: refs, packed-refs, objects. */
  commonDir: string;
  /** The checkout's top folder. */
  workTree: string;
}

const SHA1 = /^[0-9a-f]{40}$/;

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The repository holding `start` (as git finds it: the nearest `.git` folder or file upwards); null outside git. */
export function findGitDirs(start: string): GitDirs | null {
  let dir = resolve(start);
  for (;;) {
    const dotGit = join(dir, '.git');
    let st: Stats | null = null;
    try {
      st = statSync(dotGit);
    } catch {
      st = null;
    }
    if (st?.isDirectory()) return { gitDir: dotGit, commonDir: dotGit, workTree: dir };
    if (st?.isFile()) {
      // A linked worktree (or submodule): `gitdir: <path>`, relative to the folder holding the file.
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit) ?? '');
      if (!m) return null;
      const gitDir = resolve(dir, m[1]!);
      const common = readText(join(gitDir, 'commondir'));
      return { gitDir, commonDir: common ? resolve(gitDir, common.trim()) : gitDir, workTree: dir };
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

function packedRef(commonDir: string, name: string): string | null {
  const text = readText(join(commonDir, 'packed-refs'));
  if (!text) return null;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.startsWith('^')) continue;
    const sp = line.indexOf(' ');
    if (sp > 0 && line.slice(sp + 1).trim() === name) return line.slice(0, sp);
  }
  return null;
}

/** The commit HEAD names: a detached sha, or a branch's loose or packed ref; null when unresolvable here. */
export function readHeadCommit(dirs: GitDirs): string | null {
  let text = readText(join(dirs.gitDir, 'HEAD'))?.trim() ?? null;
  // A symbolic ref may point at another (rare); a few hops at most.
  for (let hop = 0; hop < 5 && text !== null; hop++) {
    if (SHA1.test(text)) return text;
    const m = /^ref:\s*(refs\/\S+)$/.exec(text);
    if (!m) return null;
    const name = m[1]!;
    // Most refs are shared (commondir); a worktree's own (refs/worktree, refs/bisect) sit in its gitdir.
    text = (readText(join(dirs.gitDir, name)) ?? readText(join(dirs.commonDir, name)) ?? packedRef(dirs.commonDir, name))?.trim() ?? null;
  }
  return null;
}

/** git's object id of a file's content: sha1 of `blob <size>\0<content>`. */
function blobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/**
 * Whether the checkout differs from its index (tracked files edited, removed, changed mode) or
 * the index from the last tree written (staged changes): what `git status --porcelain
 * --untracked-files=no` reports, for the usual cases. Files whose size and mtime match their index
 * entry are taken as unchanged (git's own shortcut); the others are hashed and compared.
 * null when the index cannot be read here (the caller then asks git). Not detected: content
 * filters and line-ending conversion (a file git would normalise may count as changed), and an
 * index that matches a tree other than HEAD's (after `git reset --soft`).
 */
export function checkoutDirty(dirs: GitDirs): boolean | null {
  let buf: Buffer;
  let indexMtimeNs: bigint;
  try {
    buf = readFileSync(join(dirs.gitDir, 'index'));
    indexMtimeNs = statSync(join(dirs.gitDir, 'index'), { bigint: true }).mtimeNs;
  } catch {
    return null;
  }
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) return null;
  const count = buf.readUInt32BE(8);
  // core.fileMode false (e.g. a checkout on a filesystem without an executable bit): git ignores mode changes.
  const fileMode = !/^\s*filemode\s*=\s*false\s*$/im.test(readText(join(dirs.commonDir, 'config')) ?? '');
  let off = 12;
  let dirty = false;
  for (let i = 0; i < count; i++) {
    if (off + 62 > buf.length) return null;
    const mtimeS = buf.readUInt32BE(off + 8);
    const mtimeNs = buf.readUInt32BE(off + 12);
    const mode = buf.readUInt32BE(off + 24);
    const size = buf.readUInt32BE(off + 36);
    const sha = buf.toString('hex', off + 40, off + 60);
    const flags = buf.readUInt16BE(off + 60);
    const extended = (flags & 0x4000) !== 0;
    const extra = extended ? buf.readUInt16BE(off + 62) : 0;
    const nameStart = off + 62 + (extended ? 2 : 0);
    const nameEnd = buf.indexOf(0, nameStart);
    if (nameEnd < 0) return null;
    const path = buf.toString('utf8', nameStart, nameEnd);
    // Entries are padded with 1–8 NULs to a multiple of 8 bytes.
    off += Math.ceil((nameEnd - off + 1) / 8) * 8;
    if (dirty) continue;
    const stage = (flags >> 12) & 3;
    if (stage !== 0) {
      dirty = true; // an unresolved merge
      continue;
    }
    const assumeValid = (flags & 0x8000) !== 0;
    const skipWorktree = (extra & 0x4000) !== 0;
    const intentToAdd = (extra & 0x2000) !== 0;
    if (intentToAdd) {
      dirty = true;
      continue;
    }
    if (assumeValid || skipWorktree) continue;
    const type = mode >>> 12;
    if (type === 0o16) continue; // a submodule (gitlink): git status would look inside it; not followed here
    let st: BigIntStats;
    try {
      st = lstatSync(join(dirs.workTree, path), { bigint: true });
    } catch {
      dirty = true; // deleted
      continue;
    }
    const isLink = type === 0o12;
    if (isLink !== st.isSymbolicLink() || (!isLink && !st.isFile())) {
      dirty = true;
      continue;
    }
    if (fileMode && !isLink && ((mode & 0o111) !== 0) !== ((st.mode & 0o111n) !== 0n)) {
      dirty = true;
      continue;
    }
    const statMatches = st.size % 2n ** 32n === BigInt(size) && st.mtimeNs / 1_000_000_000n === BigInt(mtimeS) && st.mtimeNs % 1_000_000_000n === BigInt(mtimeNs);
    // "Racily clean": modified in the same instant the index was written; only the content can tell.
    const racy = st.mtimeNs >= indexMtimeNs;
    if (statMatches && !racy) continue;
    const content = isLink ? Buffer.from(readlinkSync(join(dirs.workTree, path))) : readFileSync(join(dirs.workTree, path));
    if (blobSha(content) !== sha) dirty = true;
  }
  if (dirty) return true;
  // Staged changes: the cache-tree extension (TREE) records the tree the index was last written as;
  // a root entry with entry count -1 was invalidated by a later change to the index.
  while (off + 8 <= buf.length - 20) {
    const sig = buf.toString('latin1', off, off + 4);
    const len = buf.readUInt32BE(off + 4);
    if (sig === 'TREE') {
      const body = off + 8;
      const nul = buf.indexOf(0, body); // the root's path is empty: NUL at `body`
      if (nul !== body) return null;
      const counts = buf.toString('latin1', nul + 1, buf.indexOf(0x0a, nul + 1)).split(' ');
      return Number(counts[0]) < 0 ? null : false;
    }
    off += 8 + len;
  }
  return null; // no cache tree: cannot tell staged changes apart here
}

/**
 * The commit of the checkout holding `start`, `<sha>` or `<sha>-dirty` (as `gitCommit` records it),
 * `{ commit: null }` outside git; null when the files cannot say and git must be asked.
 */
export function commitFromFiles(start: string): { commit: string | null } | null {
  const dirs = findGitDirs(start);
  if (!dirs) return { commit: null };
  if (!existsSync(join(dirs.gitDir, 'HEAD'))) return null;
  const head = readHeadCommit(dirs);
  if (!head) return null;
  const dirty = checkoutDirty(dirs);
  if (dirty === null) return null;
  return { commit: dirty ? `${head}-dirty` : head };
}
