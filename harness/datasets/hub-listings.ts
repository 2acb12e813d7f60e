// File listings of pinned Hub revisions, kept in the HF cache beside their snapshots
// (`<cache>/datasets--owner--name/.agenteval-listings/<sha>/`).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The file listing of a pinned revision, kept beside the snapshot: a commit's files never change,
 * so once listed, a pinned revision whose files are cached needs no network — without
 * HF_HUB_OFFLINE (huggingface_hub has no such store; the folder name is ours and it ignores it).
 */
const listingFile = (repoFolder: string, sha: string, path: string | undefined) =>
  join(repoFolder, '.agenteval-listings', sha, `${createHash('sha256').update(path ?? '').digest('hex').slice(0, 16)}.json`);

/** The kept listing of `path` (all files when undefined) at commit `sha`, or null. */
export async function cachedListing(repoFolder: string, sha: string, path: string | undefined): Promise<string[] | null> {
  try {
    const v: unknown = JSON.parse(await readFile(listingFile(repoFolder, sha, path), 'utf8'));
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
  } catch {
    return null;
  }
}

/** Keep a pinned commit's listing (only commits: a branch's files change). */
export async function keepListing(repoFolder: string, sha: string, path: string | undefined, files: string[]): Promise<void> {
  const file = listingFile(repoFolder, sha, path);
  try {
    await mkdir(join(file, '..'), { recursive: true });
    // Atomic: a concurrent reader sees the whole list or none.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(files));
    await rename(tmp, file);
  } catch {
    // A read-only cache only costs the next run a listing request.
  }
}

