// Which data files a mapping source names: its `files` patterns matched against the dataset's
// file listing (a local folder, or the Hub repo's tree at the revision).
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DatasetError } from '../../harness/datasets/records.js';

const DATA_EXT = /\.(jsonl|ndjson|json|parquet)$/i;

export function isDataFile(path: string): boolean {
  return DATA_EXT.test(path);
}

/** `*` matches within one path segment, `**` across segments, `?` one character. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` may also match nothing: data/**/x.jsonl matches data/x.jsonl.
      if (pattern[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export const hasGlob = (p: string): boolean => /[*?]/.test(p);

/** Data files of `listing` a pattern names, sorted; an exact path matches itself whatever its extension. */
export function matchFiles(pattern: string, listing: readonly string[]): string[] {
  if (!hasGlob(pattern)) return listing.includes(pattern) ? [pattern] : [];
  const re = globToRegExp(pattern);
  return listing.filter((f) => re.test(f) && isDataFile(f)).sort();
}

/** The error for a pattern that matched nothing: what was asked, and what the dataset does hold. */
export function noMatchError(pattern: string, listing: readonly string[], where: string, owner: string): DatasetError {
  const dir = pattern.split('/').slice(0, -1).filter((s) => !hasGlob(s)).join('/');
  const near = dir ? listing.filter((f) => f.startsWith(`${dir}/`)) : [];
  const pool = near.length ? near : listing.filter(isDataFile);
  const shown = pool.slice(0, 30).join(', ') + (pool.length > 30 ? `, … (${pool.length - 30} more)` : '');
  return new DatasetError(
    `no file matches "${pattern}" (mapping ${owner}) in ${where}; ` +
      (pool.length ? `${near.length ? `files under ${dir}/` : 'data files there'}: ${shown}` : 'it holds no data files (.json, .jsonl, .parquet)') +
      '. Fix the mapping\'s "files" (--mapping FILE, see benchmarks/recrm/README.md).',
  );
}

/** Every file under a local folder, as `/`-separated paths relative to it. */
export async function listLocal(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}
