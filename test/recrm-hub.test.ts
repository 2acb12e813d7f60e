// RecRM-Bench from the Hugging Face Hub (a mock Hub on 127.0.0.1 speaking the real API that
// @huggingface/hub calls): list the repo's files, download only the chosen dimensions' files at a
// pinned revision into the HF cache, and reuse the cache.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { recrmBench } from '../benchmarks/recrm/index.js';
import { HUB_DEFAULT_REVISION, HUB_REPO, loadRecRM } from '../benchmarks/recrm/load.js';
import { loadMapping } from '../benchmarks/recrm/mapping.js';
import { bundledDataRoot } from '../benchmarks/recrm/paths.js';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { startMockHub, type MockHub } from '../harness/testing/mock-hub.js';
import type { Benchmark } from '../harness/types.js';

const C2 = createHash('sha1').update('a later commit').digest('hex');
const FIXTURES = ['instruction_following', 'factual_consistency', 'query_item_relevance', 'behavior_prediction', 'item_ranking'];
const HF_VARS = ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HF_ENDPOINT', 'HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE', 'HF_HOME', 'XDG_CACHE_HOME', 'HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE'];

let hub: MockHub;
let dir: string;
const mapping = loadMapping().mapping;

beforeAll(async () => {
  const files: Record<string, string | Uint8Array> = { 'README.md': '# RecRM-Bench (mock)', 'assets/overall_performance.png': new Uint8Array([137, 80, 78, 71]) };
  for (const f of FIXTURES) {
    // The Hub stores the data as LFS files; the mock serves Uint8Array content as LFS.
    files[`data/${f}/${f}_rewrite.jsonl`] = new Uint8Array(await readFile(join(bundledDataRoot(), 'data', f, 'synthetic.jsonl')));
  }
  const later = { ...files, 'data/factual_consistency/factual_consistency_rewrite.jsonl': '{"id": "new", "query": "q", "retrieved_info": [], "response": "r", "label": 1}\n' };
  hub = await startMockHub({ repos: { [HUB_REPO]: { [HUB_DEFAULT_REVISION]: files, [C2]: later } } });
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  for (const v of HF_VARS) vi.stubEnv(v, '');
  dir = await mkdtemp(join(tmpdir(), 'recrm-hub-'));
  vi.stubEnv('HF_HOME', join(dir, 'hf-home'));
  hub.requests.length = 0;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const resolves = () => hub.requests.filter((r) => r.url.includes('/resolve/')).map((r) => decodeURIComponent(r.url));

describe('Hub loading', () => {
  test('lists the repo, downloads only the chosen dimension at the pinned revision, then serves it from the cache', async () => {
    const hubOptions = { hubUrl: hub.url, cacheDir: join(dir, 'cache') };
    const req = { dimensions: ['factual-consistency' as const], mapping, hub: { repo: HUB_REPO, revision: HUB_DEFAULT_REVISION }, hubOptions };
    const got = await loadRecRM(req);
    expect(got.origin).toBe('hub');
    expect(got.samples).toHaveLength(8);
    expect(got.issues).toEqual([]);
    expect(got.info).toMatchObject({ source: `hf:${HUB_REPO}@${HUB_DEFAULT_REVISION}`, revision: HUB_DEFAULT_REVISION });
    expect(got.info.files.map((f) => f.path)).toEqual(['data/factual_consistency/factual_consistency_rewrite.jsonl']);
    expect(hub.requests.some((r) => r.url.includes(`/tree/${HUB_DEFAULT_REVISION}`))).toBe(true);
    expect(resolves().length).toBeGreaterThan(0);
    expect(resolves().every((u) => u.includes('data/factual_consistency/'))).toBe(true);

    hub.requests.length = 0;
    const again = await loadRecRM(req);
    expect(again.samples.map((s) => s.id)).toEqual(got.samples.map((s) => s.id));
    expect(resolves()).toEqual([]); // the pinned files come from the HF cache
  });

  test('a cached pinned revision loads with the Hub stopped, without HF_HUB_OFFLINE', async () => {
    const hub2 = await startMockHub({ repos: { [HUB_REPO]: { [HUB_DEFAULT_REVISION]: Object.fromEntries(await Promise.all(FIXTURES.map(async (f) => [`data/${f}/${f}_rewrite.jsonl`, new Uint8Array(await readFile(join(bundledDataRoot(), 'data', f, 'synthetic.jsonl')))]))) } } });
    const hubOptions = { hubUrl: hub2.url, cacheDir: join(dir, 'cache') };
    const req = { dimensions: ['factual-consistency' as const], mapping, hub: { repo: HUB_REPO, revision: HUB_DEFAULT_REVISION }, hubOptions };
    const online = await loadRecRM(req);
    await hub2.close();
    const offline = await loadRecRM(req);
    expect(offline.samples.map((s) => s.id)).toEqual(online.samples.map((s) => s.id));
    expect(offline.info).toEqual(online.info);
  });

  test('the official repo without --hub-revision uses the pinned default, not main', async () => {
    const hubOptions = { hubUrl: hub.url, cacheDir: join(dir, 'cache') };
    const pinned = await loadRecRM({ dimensions: ['factual-consistency'], mapping, hub: { repo: HUB_REPO }, hubOptions });
    expect(pinned.info.revision).toBe(HUB_DEFAULT_REVISION);
    expect(pinned.warning).toBeUndefined();
    const main = await loadRecRM({ dimensions: ['factual-consistency'], mapping, hub: { repo: HUB_REPO, revision: 'main' }, hubOptions });
    expect(main.info.revision).toBe(C2);
    expect(main.samples.map((s) => s.id)).toEqual(['factual-consistency/new']);
    expect(main.warning).toMatch(/not reproducible/);
  });

  test('a mapping whose files the repo lacks names the pattern and lists what the repo holds', async () => {
    const m = structuredClone(mapping);
    m.dimensions['instruction-following']!.sources[0]!.files = ['data/instruction_following/*.parquet'];
    const err = await loadRecRM({ dimensions: ['instruction-following'], mapping: m, hub: { repo: HUB_REPO, revision: HUB_DEFAULT_REVISION }, hubOptions: { hubUrl: hub.url, cacheDir: join(dir, 'c') } })
      .catch((e: unknown) => e as Error);
    expect((err as Error).message).toContain(`no file matches "data/instruction_following/*.parquet" (mapping instruction-following/instruction-following) in hf:${HUB_REPO}@${HUB_DEFAULT_REVISION}`);
    expect((err as Error).message).toContain('files under data/instruction_following/: data/instruction_following/instruction_following_rewrite.jsonl');
  });

  test('agenteval run recrm-bench --hub-repo … --dimension ubp with the oracle (HF_ENDPOINT / HF_HUB_CACHE from the environment)', async () => {
    vi.stubEnv('HF_ENDPOINT', hub.url);
    vi.stubEnv('HF_HUB_CACHE', join(dir, 'cache'));
    const config = buildRunConfig(['recrm-bench'], {
      model: 'oracle', out: join(dir, 'run'), resultsDir: join(dir, 'results'), quiet: true,
      hubRepo: HUB_REPO, hubRevision: HUB_DEFAULT_REVISION, dimension: 'ubp',
    });
    const out = await runBenchmark(recrmBench as unknown as Benchmark, config, () => undefined);
    expect(out.summary.counts.problems).toBe(10);
    expect(out.summary.metrics.acc_ubp!.value).toBe(1);
    expect(resolves().every((u) => /data\/(behavior_prediction|item_ranking)\//.test(u))).toBe(true);
  });
});
