// Hugging Face Hub access at a pinned revision, through @huggingface/hub.
// The JS library reads no environment settings (bar HF_HUB_CACHE), so they are resolved here the way
// huggingface_hub (Python) does — src/huggingface_hub/constants.py — because that is what users set.
// Cache layout is Python's (`datasets--owner--name/{snapshots/<sha>,refs/<branch>,.no_exist/<sha>}`),
// so a cache warmed by either library serves the other.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { explain, HubError, type Missing } from './hub-errors.js';
import { hubLib, isHubApiError } from './hub-lib.js';
import { cachedListing, keepListing } from './hub-listings.js';

export type { HubOptions, HubRepoType, HubSettings } from './hub-types.js';
import type { HubOptions, HubRepoType, HubSettings } from './hub-types.js';

interface Settings extends HubSettings {
  accessToken: string | undefined;
}

export interface HubDownloadResult {
  /** Repo-relative path → local path (inside `<cache>/…/snapshots/<sha>/`). */
  paths: Record<string, string>;
  /** The commit sha the files come from (the revision itself when it was pinned). */
  revision: string;
  requestedRevision: string;
  pinned: boolean;
  /** Set when the revision is a branch or tag: such a run is not reproducible. */
  warning?: string;
  /** Optional files the repo does not have at this revision. */
  missing: string[];
  /** True when no network request was made. */
  fromCache: boolean;
}

const TRUE_VALUES = new Set(['1', 'ON', 'YES', 'TRUE']);
const COMMIT = /^[0-9a-f]{40}$/;

export function isPinnedRevision(revision: string): boolean {
  return COMMIT.test(revision);
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p;
}

function settings(opts: HubOptions = {}): Settings {
  const env = opts.env ?? process.env;
  const clean = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);
  let accessToken = clean(opts.accessToken);
  let tokenSource: string | null = accessToken ? 'option' : null;
  for (const name of ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN']) {
    const v = clean(env[name]);
    if (!accessToken && v) [accessToken, tokenSource] = [v, name];
  }
  const home = clean(env.HF_HOME) ?? join(clean(env.XDG_CACHE_HOME) ?? join(homedir(), '.cache'), 'huggingface');
  const cacheDir = clean(opts.cacheDir) ?? clean(env.HF_HUB_CACHE) ?? clean(env.HUGGINGFACE_HUB_CACHE) ?? join(home, 'hub');
  const offlineEnv = clean(env.HF_HUB_OFFLINE) ?? clean(env.TRANSFORMERS_OFFLINE);
  return {
    hubUrl: (clean(opts.hubUrl) ?? clean(env.HF_ENDPOINT) ?? 'https://huggingface.co').replace(/\/+$/, ''),
    cacheDir: resolve(expandHome(cacheDir)),
    offline: opts.offline ?? (offlineEnv !== undefined && TRUE_VALUES.has(offlineEnv.toUpperCase())),
    tokenSource,
    accessToken,
  };
}

/** Settings from options and environment, without the token. */
export function resolveHubSettings(opts: HubOptions = {}): HubSettings {
  const { hubUrl, cacheDir, offline, tokenSource } = settings(opts);
  return { hubUrl, cacheDir, offline, tokenSource };
}

export function describeHubSettings(s: HubSettings): string {
  return `endpoint ${s.hubUrl}, cache ${s.cacheDir}, token ${s.tokenSource ?? 'none'}${s.offline ? ', offline' : ''}`;
}

// ---------------------------------------------------------------- cache layout

interface Target {
  s: Settings;
  type: HubRepoType;
  name: string;
  revision: string;
  /** `<cache>/datasets--owner--name` */
  folder: string;
}

function target(opts: HubOptions & { repo: string; revision: string; repoType?: HubRepoType }): Target {
  const s = settings(opts);
  let type = opts.repoType ?? 'dataset';
  let name = opts.repo;
  if (name.startsWith('datasets/')) [type, name] = ['dataset', name.slice('datasets/'.length)];
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(name)) throw new HubError(`invalid Hub repo id "${opts.repo}" (expected owner/name)`, 'not-found');
  if (opts.revision.trim() === '') throw new HubError(`empty revision for ${name}`, 'not-found');
  return { s, type, name, revision: opts.revision, folder: join(s.cacheDir, `${type}s--${name.split('/').join('--')}`) };
}

/** Repo paths are joined onto the cache dir: refuse any that would escape it. */
function safeSegments(path: string): string[] {
  const parts = path.split('/');
  if (path.startsWith('/') || path.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new HubError(`invalid path for the Hub cache: "${path}"`, 'not-found');
  }
  return parts;
}

const snapshot = (t: Target, sha: string, path = '') => join(t.folder, 'snapshots', sha, ...(path ? safeSegments(path) : []));
const noExist = (t: Target, sha: string, path: string) => join(t.folder, '.no_exist', sha, ...safeSegments(path));
const refFile = (t: Target) => join(t.folder, 'refs', ...safeSegments(t.revision));

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((st) => st.isFile(), () => false); // stat follows the snapshot → blob symlink
}

async function cachedRef(t: Target): Promise<string | null> {
  if (isPinnedRevision(t.revision)) return t.revision;
  const sha = await readFile(refFile(t), 'utf8').then((x) => x.trim(), () => '');
  return isPinnedRevision(sha) ? sha : null;
}

function branchWarning(t: Target, sha: string | null): string {
  return `revision "${t.revision}" of ${t.name} is a branch or tag, not a commit: the data behind it can change and ` +
    `this run is not reproducible${sha ? `; it resolved to ${sha} — pin it with that sha` : ''}`;
}

// ---------------------------------------------------------------- online resolution

async function repoInfoSha(t: Target, revision: string | undefined): Promise<string> {
  const common = { name: t.name, revision, hubUrl: t.s.hubUrl, accessToken: t.s.accessToken, additionalFields: ['sha' as const] };
  const { datasetInfo, modelInfo } = await hubLib();
  const info = t.type === 'dataset' ? await datasetInfo(common) : await modelInfo(common);
  return String(info.sha);
}

/** A 404 on the revision endpoint: is the repo or the revision missing? One more request tells. */
async function whichMissing(t: Target): Promise<Missing> {
  try {
    await repoInfoSha(t, undefined);
    return 'revision';
  } catch (err) {
    if (isHubApiError(err) && err.statusCode === 404) return 'repo';
    throw explain(err, t, 'repo');
  }
}

/** The commit a revision names now (the Hub's `sha`; the library does not expose `X-Repo-Commit`). */
async function resolveOnline(t: Target): Promise<string> {
  let sha: string;
  try {
    sha = await repoInfoSha(t, t.revision);
  } catch (err) {
    throw explain(err, t, isHubApiError(err) && err.statusCode === 404 ? await whichMissing(t) : 'revision');
  }
  if (!isPinnedRevision(sha)) throw new HubError(`the Hub gave no commit sha for ${t.name}@${t.revision}`, 'protocol');
  if (!isPinnedRevision(t.revision)) {
    // Python's refs/<branch> file, so HF_HUB_OFFLINE=1 can later find this snapshot by branch name.
    await mkdir(join(refFile(t), '..'), { recursive: true });
    await writeFile(refFile(t), sha).catch(() => undefined);
  }
  return sha;
}

// ---------------------------------------------------------------- API

/** Every file path of a repo (under `path`) at a revision; offline, the cached snapshot's files. */
export async function hubListFiles(
  opts: HubOptions & { repo: string; revision: string; repoType?: HubRepoType; path?: string },
): Promise<string[]> {
  const t = target(opts);
  if (isPinnedRevision(t.revision)) {
    const listed = await cachedListing(t.folder, t.revision, opts.path);
    if (listed) return listed;
  }
  if (t.s.offline) {
    const sha = await cachedRef(t);
    const base = sha ? snapshot(t, sha) : '';
    const root = sha ? snapshot(t, sha, opts.path) : '';
    if (!sha || !(await stat(root).then((st) => st.isDirectory(), () => false))) {
      throw new HubError(`HF_HUB_OFFLINE is set and ${t.name}@${t.revision} is not in the cache ${t.folder}`, 'offline');
    }
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    const rel = entries.filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name).slice(base.length + 1));
    return rel.map((p) => p.split('\\').join('/')).sort();
  }
  const out: string[] = [];
  const { listFiles } = await hubLib();
  try {
    for await (const e of listFiles({
      repo: { type: t.type, name: t.name }, revision: t.revision, path: opts.path, recursive: true,
      hubUrl: t.s.hubUrl, accessToken: t.s.accessToken,
    })) {
      if (e.type === 'file') out.push(e.path);
    }
  } catch (err) {
    if (isHubApiError(err) && err.statusCode === 404) {
      // The tree endpoint says 404 for a missing repo, revision or folder alike.
      try {
        await resolveOnline(t);
      } catch (inner) {
        throw explain(inner, t, 'revision');
      }
      throw explain(err, t, 'path', opts.path);
    }
    throw explain(err, t, 'revision');
  }
  out.sort();
  if (isPinnedRevision(t.revision)) await keepListing(t.folder, t.revision, opts.path, out);
  return out;
}

/**
 * Download files of a repo at a revision into the HF cache and return their local paths. A pinned
 * revision whose files are cached needs no network (nor does downloadFileToCacheDir, which returns a
 * cached snapshot file for a commit-hash revision before any request); the check is also done here so
 * that HF_HUB_OFFLINE and a branch resolved through refs/ behave like Python.
 */
export async function hubDownload(
  opts: HubOptions & { repo: string; revision: string; files: string[]; optionalFiles?: string[]; repoType?: HubRepoType },
): Promise<HubDownloadResult> {
  const t = target(opts);
  const pinned = isPinnedRevision(t.revision);
  const optional = (opts.optionalFiles ?? []).filter((f) => !opts.files.includes(f));
  const all = [...opts.files, ...optional];
  const paths: Record<string, string> = {};
  const missing: string[] = [];

  const fromCache = async (sha: string): Promise<string[]> => {
    const todo: string[] = [];
    for (const f of all) {
      if (await isFile(snapshot(t, sha, f))) paths[f] = snapshot(t, sha, f);
      else if (optional.includes(f) && (await isFile(noExist(t, sha, f)))) missing.push(f);
      else todo.push(f);
    }
    return todo;
  };
  const done = (sha: string, network: boolean): HubDownloadResult => ({
    paths, revision: sha, requestedRevision: t.revision, pinned, missing: missing.sort(), fromCache: !network,
    ...(pinned ? {} : { warning: branchWarning(t, sha) }),
  });

  // Branches are resolved online (they move); offline, through the refs/ file like Python.
  const known = pinned || t.s.offline ? await cachedRef(t) : null;
  if (known) {
    const todo = await fromCache(known);
    if (todo.length === 0) return done(known, false);
    if (t.s.offline) {
      const required = todo.filter((f) => !optional.includes(f));
      if (required.length === 0) {
        missing.push(...todo); // optional files we cannot ask about offline count as absent
        return done(known, false);
      }
      throw new HubError(`HF_HUB_OFFLINE is set and ${required.join(', ')} of ${t.name}@${t.revision} ` +
        `${required.length === 1 ? 'is' : 'are'} not in the cache ${snapshot(t, known)}`, 'offline');
    }
  } else if (t.s.offline) {
    throw new HubError(`HF_HUB_OFFLINE is set and ${t.name}@${t.revision} has never been downloaded into the cache ` +
      `${t.s.cacheDir}${pinned ? '' : ' (no refs/ entry for this branch)'}`, 'offline');
  }

  // Resolve once, then download at the commit: every file comes from the same snapshot even if the branch moves.
  const sha = await resolveOnline(t);
  const todo = sha === known ? all.filter((f) => !(f in paths) && !missing.includes(f)) : await fromCache(sha);
  const limit = pLimit(4);
  const { downloadFileToCacheDir } = await hubLib();
  await Promise.all(todo.map((f) => limit(async () => {
    try {
      paths[f] = await downloadFileToCacheDir({
        repo: { type: t.type, name: t.name }, path: f, revision: sha,
        hubUrl: t.s.hubUrl, accessToken: t.s.accessToken, cacheDir: t.s.cacheDir,
      });
    } catch (err) {
      const e = explain(err, t, 'file', f);
      if (!(optional.includes(f) && e.kind === 'not-found')) throw e;
      // Python's .no_exist marker: the next run knows without asking the Hub.
      await mkdir(join(noExist(t, sha, f), '..'), { recursive: true });
      await writeFile(noExist(t, sha, f), '');
      missing.push(f);
    }
  })));
  return done(sha, true);
}
