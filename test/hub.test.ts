import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadFileToCacheDir } from '@huggingface/hub';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  describeHubSettings,
  hubDownload,
  hubListFiles,
  isPinnedRevision,
  resolveHubSettings,
} from '../harness/datasets/hub.js';
import { HubError } from '../harness/datasets/hub-errors.js';
import { startMockHub, type MockHub, type MockHubOptions } from '../harness/testing/mock-hub.js';

const sha = (s: string) => createHash('sha1').update(s).digest('hex');
const C1 = sha('commit 1');
const C2 = sha('commit 2');
const PARQUET = new Uint8Array([0x50, 0x41, 0x52, 0x31, 1, 2, 3, 0x50, 0x41, 0x52, 0x31]);
const REPOS: MockHubOptions['repos'] = {
  'org/spider': {
    [C1]: { 'dev.json': '[{"v":1}]', 'data/dev_tables.json': '[]' },
    [C2]: { 'dev.json': '[{"v":2}]', 'data/dev_tables.json': '[]', 'test.parquet': PARQUET },
  },
};
const HF_VARS = ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HF_ENDPOINT', 'HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE', 'HF_HOME',
  'XDG_CACHE_HOME', 'HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE'];

let hub: MockHub;
let dir: string;
let cacheDir: string;

beforeAll(async () => {
  hub = await startMockHub({ repos: REPOS });
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  // The machine's own HF settings must not leak in (nor the tests write into ~/.cache).
  for (const v of HF_VARS) vi.stubEnv(v, '');
  dir = await mkdtemp(join(tmpdir(), 'agenteval-hub-'));
  vi.stubEnv('HF_HOME', join(dir, 'hf-home')); // a safety net: a call without cacheDir stays in the temp dir
  cacheDir = join(dir, 'cache');
  hub.requests.length = 0;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

async function expectHubError(p: Promise<unknown>): Promise<HubError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(HubError);
  return err as HubError;
}

describe('settings', () => {
  test('environment as huggingface_hub reads it; explicit options win; no token in the description', () => {
    const env = { HF_TOKEN: 'hf_secret', HF_ENDPOINT: 'http://mirror.local/', HF_HOME: '/h', HF_HUB_OFFLINE: 'yes' };
    const s = resolveHubSettings({ env });
    expect(s).toEqual({ hubUrl: 'http://mirror.local', cacheDir: '/h/hub', offline: true, tokenSource: 'HF_TOKEN' });
    expect(JSON.stringify(s)).not.toContain('hf_secret');
    expect(describeHubSettings(s)).not.toContain('hf_secret');
    expect(resolveHubSettings({ env: { ...env, HF_HUB_CACHE: '/c' } }).cacheDir).toBe('/c');
    expect(resolveHubSettings({ env: { XDG_CACHE_HOME: '/x' } }).cacheDir).toBe('/x/huggingface/hub');
    expect(resolveHubSettings({ env: {} })).toEqual({
      hubUrl: 'https://huggingface.co', cacheDir: join(homedir(), '.cache', 'huggingface', 'hub'), offline: false, tokenSource: null,
    });
    expect(resolveHubSettings({ env: { HF_HOME: '~/hf' } }).cacheDir).toBe(join(homedir(), 'hf', 'hub'));
    expect(resolveHubSettings({ env: { HUGGING_FACE_HUB_TOKEN: 'hf_x' } }).tokenSource).toBe('HUGGING_FACE_HUB_TOKEN');
    expect(resolveHubSettings({ env: { TRANSFORMERS_OFFLINE: '1' } }).offline).toBe(true);
    expect(resolveHubSettings({ env: { HF_HUB_OFFLINE: '0' } }).offline).toBe(false);
    const explicit = resolveHubSettings({ env, accessToken: 'hf_o', hubUrl: 'http://h', cacheDir: '/o', offline: false });
    expect(explicit).toEqual({ hubUrl: 'http://h', cacheDir: '/o', offline: false, tokenSource: 'option' });
  });

  test('pinned means a full 40-hex commit', () => {
    expect(isPinnedRevision(C1)).toBe(true);
    expect(isPinnedRevision('main')).toBe(false);
    expect(isPinnedRevision(C1.slice(0, 7))).toBe(false);
    expect(isPinnedRevision(C1.toUpperCase())).toBe(false);
  });
});

describe('list and download at a pinned revision', () => {
  test('hubListFiles lists every file, or those under a path', async () => {
    const opts = { hubUrl: hub.url, repo: 'org/spider', revision: C1 };
    expect(await hubListFiles(opts)).toEqual(['data/dev_tables.json', 'dev.json']);
    expect(await hubListFiles({ ...opts, path: 'data' })).toEqual(['data/dev_tables.json']);
    expect(await hubListFiles({ ...opts, revision: C2 })).toEqual(['data/dev_tables.json', 'dev.json', 'test.parquet']);
    expect(hub.requests[0]?.url).toBe(`/api/datasets/org/spider/tree/${C1}?recursive=true&expand=false`);
  });

  test('downloads into the HF cache layout; the second load needs no network, even with the Hub gone', async () => {
    const files = ['dev.json', 'data/dev_tables.json', 'test.parquet'];
    const hub2 = await startMockHub({ repos: REPOS });
    const first = await hubDownload({ hubUrl: hub2.url, cacheDir, repo: 'org/spider', revision: C2, files });
    const snap = join(cacheDir, 'datasets--org--spider', 'snapshots', C2);
    expect(first).toMatchObject({ revision: C2, requestedRevision: C2, pinned: true, fromCache: false, missing: [] });
    expect(first.warning).toBeUndefined();
    expect(first.paths).toEqual({
      'dev.json': join(snap, 'dev.json'), 'data/dev_tables.json': join(snap, 'data', 'dev_tables.json'), 'test.parquet': join(snap, 'test.parquet'),
    });
    expect(await readFile(first.paths['dev.json']!, 'utf8')).toBe('[{"v":2}]');
    expect(new Uint8Array(await readFile(first.paths['test.parquet']!))).toEqual(PARQUET);
    // Snapshot entries are symlinks into blobs/, named by the LFS sha256 for LFS files (like Python's cache).
    expect((await lstat(first.paths['test.parquet']!)).isSymbolicLink()).toBe(true);
    const lfsOid = createHash('sha256').update(PARQUET).digest('hex');
    expect(await readlink(first.paths['test.parquet']!)).toBe(join('..', '..', 'blobs', lfsOid));
    expect(hub2.requests.some((r) => r.url.startsWith(`/datasets/org/spider/resolve/${C2}/dev.json`))).toBe(true);

    const n = hub2.requests.length;
    const again = await hubDownload({ hubUrl: hub2.url, cacheDir, repo: 'org/spider', revision: C2, files });
    expect(again.fromCache).toBe(true);
    expect(again.paths).toEqual(first.paths);
    expect(hub2.requests.length).toBe(n);

    await hub2.close();
    const offline = await hubDownload({ hubUrl: hub2.url, cacheDir, repo: 'org/spider', revision: C2, files });
    expect(offline.paths).toEqual(first.paths);
    expect(await readFile(offline.paths['dev.json']!, 'utf8')).toBe('[{"v":2}]');
    // The library itself also answers a cached commit-hash revision without a request (guards an upgrade).
    const direct = await downloadFileToCacheDir({ repo: { type: 'dataset', name: 'org/spider' }, path: 'dev.json', revision: C2, hubUrl: hub2.url, cacheDir });
    expect(direct).toBe(first.paths['dev.json']);
  });

  test('a pinned revision listed and downloaded once needs no network afterwards, without HF_HUB_OFFLINE (Hub stopped)', async () => {
    const hub2 = await startMockHub({ repos: REPOS });
    const opts = { hubUrl: hub2.url, cacheDir, repo: 'org/spider', revision: C2 };
    const listing = await hubListFiles(opts);
    const data = await hubListFiles({ ...opts, path: 'data' });
    const first = await hubDownload({ ...opts, files: listing });
    await hub2.close();
    // Nothing listens at hubUrl now: any request would fail with ECONNREFUSED.
    expect(await hubListFiles(opts)).toEqual(listing);
    expect(await hubListFiles({ ...opts, path: 'data' })).toEqual(data);
    const again = await hubDownload({ ...opts, files: listing });
    expect(again).toMatchObject({ fromCache: true, paths: first.paths });
    // A branch still needs the Hub (it moves), and says how to go offline.
    const err = await expectHubError(hubListFiles({ ...opts, revision: 'main' }));
    expect(err.kind).toBe('network');
  });

  test('HF_HUB_OFFLINE=1: served from a warm cache, a clear error on a cold one, no request either way', async () => {
    vi.stubEnv('HF_HUB_OFFLINE', '1');
    const opts = { hubUrl: hub.url, cacheDir, repo: 'org/spider', revision: C1, files: ['dev.json'] };
    const err = await expectHubError(hubDownload(opts));
    expect(err.kind).toBe('offline');
    expect(err.message).toContain('HF_HUB_OFFLINE');
    expect(hub.requests).toHaveLength(0);

    await hubDownload({ ...opts, offline: false });
    hub.requests.length = 0;
    const got = await hubDownload(opts);
    expect(got.fromCache).toBe(true);
    expect(await hubListFiles(opts)).toEqual(['dev.json']); // what the cache holds
    expect(hub.requests).toHaveLength(0);
    const partial = await expectHubError(hubDownload({ ...opts, files: ['dev.json', 'data/dev_tables.json'] }));
    expect(partial.message).toMatch(/data\/dev_tables\.json .* not in the cache/);
  });

  test('an optional file the repo lacks is reported missing and remembered (.no_exist)', async () => {
    const hub2 = await startMockHub({ repos: REPOS });
    const opts = { hubUrl: hub2.url, cacheDir, repo: 'org/spider', revision: C1, files: ['dev.json'], optionalFiles: ['extra.json'] };
    const got = await hubDownload(opts);
    expect(got.missing).toEqual(['extra.json']);
    expect(Object.keys(got.paths)).toEqual(['dev.json']);
    await hub2.close();
    expect((await hubDownload(opts)).missing).toEqual(['extra.json']);
  });
});

describe('tokens, endpoint and cache from the environment', () => {
  test('HF_TOKEN is sent as a bearer token; nothing is sent without one', async () => {
    const priv = await startMockHub({ repos: REPOS, requireToken: 'hf_test' });
    try {
      vi.stubEnv('HF_TOKEN', 'hf_test');
      await hubDownload({ hubUrl: priv.url, cacheDir, repo: 'org/spider', revision: C1, files: ['dev.json'] });
      expect(priv.requests.length).toBeGreaterThan(0);
      expect(priv.requests.every((r) => r.headers.authorization === 'Bearer hf_test')).toBe(true);

      vi.stubEnv('HF_TOKEN', '');
      vi.stubEnv('HUGGING_FACE_HUB_TOKEN', 'hf_test');
      expect(await hubListFiles({ hubUrl: priv.url, repo: 'org/spider', revision: C1 })).toContain('dev.json');
    } finally {
      await priv.close();
    }
    vi.stubEnv('HUGGING_FACE_HUB_TOKEN', '');
    // A fresh cache: the pinned file above is cached and would need no request at all.
    await hubDownload({ hubUrl: hub.url, cacheDir: join(dir, 'other'), repo: 'org/spider', revision: C1, files: ['dev.json'] });
    expect(hub.requests.length).toBeGreaterThan(0);
    expect(hub.requests.some((r) => 'authorization' in r.headers)).toBe(false);
  });

  test('HF_ENDPOINT is the Hub used', async () => {
    vi.stubEnv('HF_ENDPOINT', `${hub.url}/`);
    const got = await hubDownload({ cacheDir, repo: 'org/spider', revision: C1, files: ['dev.json'] });
    expect(await readFile(got.paths['dev.json']!, 'utf8')).toBe('[{"v":1}]');
    expect(hub.requests.length).toBeGreaterThan(0);
  });

  test('the cache dir comes from HF_HUB_CACHE, else HF_HOME/hub', async () => {
    vi.stubEnv('HF_HUB_CACHE', join(dir, 'hubcache'));
    vi.stubEnv('HF_HOME', join(dir, 'home'));
    const a = await hubDownload({ hubUrl: hub.url, repo: 'org/spider', revision: C1, files: ['dev.json'] });
    expect(a.paths['dev.json']).toBe(join(dir, 'hubcache', 'datasets--org--spider', 'snapshots', C1, 'dev.json'));
    vi.stubEnv('HF_HUB_CACHE', '');
    const b = await hubDownload({ hubUrl: hub.url, repo: 'org/spider', revision: C1, files: ['dev.json'] });
    expect(b.paths['dev.json']).toBe(join(dir, 'home', 'hub', 'datasets--org--spider', 'snapshots', C1, 'dev.json'));
  });
});

describe('branches and errors', () => {
  test('a branch works with a warning, resolves to its commit, and is found offline through refs/', async () => {
    const got = await hubDownload({ hubUrl: hub.url, cacheDir, repo: 'org/spider', revision: 'main', files: ['dev.json'] });
    expect(got).toMatchObject({ revision: C2, requestedRevision: 'main', pinned: false });
    expect(got.warning).toMatch(/branch or tag.*not reproducible/);
    expect(got.warning).toContain(C2);
    expect(got.paths['dev.json']).toBe(join(cacheDir, 'datasets--org--spider', 'snapshots', C2, 'dev.json'));
    expect(await readFile(join(cacheDir, 'datasets--org--spider', 'refs', 'main'), 'utf8')).toBe(C2);
    hub.requests.length = 0;
    const off = await hubDownload({ hubUrl: hub.url, cacheDir, offline: true, repo: 'org/spider', revision: 'main', files: ['dev.json'] });
    expect(off.revision).toBe(C2);
    expect(hub.requests).toHaveLength(0);
  });

  test('404s name what is missing: repo, revision or file', async () => {
    const base = { hubUrl: hub.url, cacheDir, repo: 'org/spider', revision: C1, files: ['dev.json'] };
    const repo = await expectHubError(hubDownload({ ...base, repo: 'org/nope' }));
    expect(repo).toMatchObject({ kind: 'not-found', status: 404 });
    expect(repo.message).toMatch(/dataset org\/nope not found/);
    const rev = await expectHubError(hubDownload({ ...base, revision: sha('never') }));
    expect(rev.message).toContain(`revision "${sha('never')}" not found in dataset org/spider`);
    const branch = await expectHubError(hubDownload({ ...base, revision: 'v9' }));
    expect(branch.message).toContain('revision "v9" not found');
    const file = await expectHubError(hubDownload({ ...base, files: ['dev.json', 'missing.json'] }));
    expect(file.message).toContain('file "missing.json" not found in dataset org/spider');
    const listRepo = await expectHubError(hubListFiles({ ...base, repo: 'org/nope' }));
    expect(listRepo.message).toMatch(/dataset org\/nope not found/);
    const listPath = await expectHubError(hubListFiles({ ...base, path: 'nowhere' }));
    expect(listPath.message).toContain('path "nowhere" not found');
  });

  test('401/403 say to set HF_TOKEN and never echo the token', async () => {
    const priv = await startMockHub({ repos: REPOS, requireToken: 'hf_test', gated: [] });
    const gated = await startMockHub({ repos: REPOS, gated: ['org/spider'] });
    try {
      const base = { hubUrl: priv.url, cacheDir, repo: 'org/spider', revision: C1, files: ['dev.json'] };
      const none = await expectHubError(hubDownload(base));
      expect(none).toMatchObject({ kind: 'auth', status: 401 });
      expect(none.message).toContain('set HF_TOKEN');
      vi.stubEnv('HF_TOKEN', 'hf_wrong_secret');
      const wrong = await expectHubError(hubDownload(base));
      expect(wrong.message).toContain('token from HF_TOKEN was not accepted');
      expect(wrong.message).not.toContain('hf_wrong_secret');
      vi.stubEnv('HF_TOKEN', 'not-a-token-secret');
      const bad = await expectHubError(hubDownload(base));
      expect(bad.message).toMatch(/must start with hf_/);
      expect(bad.message).not.toContain('not-a-token-secret');
      vi.stubEnv('HF_TOKEN', '');
      const forbidden = await expectHubError(hubDownload({ ...base, hubUrl: gated.url }));
      expect(forbidden).toMatchObject({ kind: 'auth', status: 403 });
      expect(forbidden.message).toMatch(/gated.*datasets\/org\/spider/);
    } finally {
      await Promise.all([priv.close(), gated.close()]);
    }
  });

  test('an unreachable Hub names the endpoint and suggests --data or HF_HUB_OFFLINE', async () => {
    const gone = await startMockHub({ repos: REPOS });
    await gone.close();
    const err = await expectHubError(hubDownload({ hubUrl: gone.url, cacheDir, repo: 'org/spider', revision: C1, files: ['dev.json'] }));
    expect(err.kind).toBe('network');
    expect(err.message).toContain(gone.url);
    expect(err.message).toContain('--data');
    expect(err.message).toContain('HF_HUB_OFFLINE=1');
    const list = await expectHubError(hubListFiles({ hubUrl: gone.url, repo: 'org/spider', revision: C1 }));
    expect(list.kind).toBe('network');
  });
});
