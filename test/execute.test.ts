import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig, ConfigError } from '../harness/run/options.js';
import { readJson } from '../harness/store/run-store.js';
import { latestRecords } from '../harness/store/current-records.js';
import type { Summary } from '../harness/summary/summarize.js';
import { startMockOpenAI, type MockOpenAI } from '../harness/testing/mock-openai.js';
import { mergeRuns } from '../harness/report/merge.js';
import { toyAnswerFor, toyBenchmark, toyIdFor } from './helpers/toy-benchmark.js';

const log = () => {};
let mock: MockOpenAI;
let tmp: string;

beforeAll(async () => {
  mock = await startMockOpenAI({ models: ['toy-model'] });
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  mock.reset();
  mock.setOptions({ respond: undefined, fault: undefined, supportsN: true });
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function config(out: string, extra: Record<string, unknown> = {}) {
  return buildRunConfig(['toy'], {
    model: 'openai:toy-model',
    baseUrl: mock.url,
    out,
    resultsDir: join(out, '..', 'results'),
    quiet: true,
    maxRetries: 1,
    timeout: 5,
    concurrency: 4,
    ...extra,
  });
}

/** Answers correctly for even ids, wrongly for odd ones; n choices all alike. */
const evenRight = (req: { body: Record<string, unknown> }) => {
  const id = Number(toyIdFor(req.body));
  return { content: id % 2 === 0 ? toyAnswerFor(req.body) : 'wrong' };
};

describe('runBenchmark', () => {
  it('scores every sample, batches n into one request, and writes manifest, records and summary', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ae-exec-'));
    mock.setOptions({ respond: evenRight });
    const out = join(tmp, 'run');
    const r = await runBenchmark(toyBenchmark(10), config(out, { samples: '4', k: '1,2,4' }), log);
    expect(mock.count).toBe(10); // one request per problem, n=4 each
    expect(mock.requests.every((q) => q.body.n === 4)).toBe(true);
    const s = await readJson<Summary>(join(out, 'summary.json'));
    expect(s.metrics.em!.value).toBeCloseTo(0.5);
    expect(s.metrics['em/pass@4']!.value).toBeCloseTo(0.5);
    expect(s.metrics['em/maj@4']!.value).toBeCloseTo(0.5);
    expect(s.breakdowns.parity!.even!.metrics.em!.value).toBe(1);
    expect(s.breakdowns.parity!.odd!.metrics.em!.value).toBe(0);
    expect(s.counts).toMatchObject({ problems: 10, samples: 40, scored: 40, errors: 0, missing: 0 });
    expect(r.errors).toBe(0);
    const lines = readFileSync(join(out, 'samples.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(40);
    const rec = JSON.parse(lines[0]!);
    expect(rec).toMatchObject({ error: null, turns: 1 });
    expect(rec.messages_sha256).toMatch(/^[0-9a-f]{64}$/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(manifest.sampling.temperature).toBe(1);
    expect(manifest.model).toMatchObject({ kind: 'openai', name: 'toy-model', api_key_env: 'OPENAI_API_KEY' });
  });

  it('turns a request that fails for good into error records, counted apart and left out of metrics', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ae-exec-'));
    mock.setOptions({
      respond: evenRight,
      fault: (req) => (toyIdFor(req.body) === '3' ? { type: 'status', status: 400, body: 'bad request' } : null),
    });
    const out = join(tmp, 'run');
    const r = await runBenchmark(toyBenchmark(6), config(out), log);
    expect(r.errors).toBe(1);
    const s = await readJson<Summary>(join(out, 'summary.json'));
    expect(s.counts.errors).toBe(1);
    expect(s.counts.errors_by_kind).toEqual({ model: 1 });
    expect(s.metrics.em!.n).toBe(5);
    expect(s.metrics.em!.value).toBeCloseTo(3 / 5);
    const recs = await latestRecords(out);
    const bad = recs.get('3\u00000')!;
    expect(bad.scores).toBeNull();
    expect(bad.error).toMatch(/400/);
    expect(s.error_policy).toMatch(/left out/);
  });

  it('resumes without re-sending finished samples, retries error records, and extends n', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ae-exec-'));
    mock.setOptions({ respond: evenRight, fault: (req) => (toyIdFor(req.body) === '2' ? { type: 'status', status: 400 } : null) });
    const out = join(tmp, 'run');
    await runBenchmark(toyBenchmark(5), config(out, { temperature: '0.7' }), log);
    expect(mock.count).toBe(5);
    mock.reset();
    mock.setOptions({ fault: undefined });
    await runBenchmark(toyBenchmark(5), config(out, { temperature: '0.7' }), log);
    expect(mock.requests.map((q) => toyIdFor(q.body))).toEqual(['2']); // only the errored one
    mock.reset();
    await runBenchmark(toyBenchmark(5), config(out, { temperature: '0.7', samples: '3' }), log);
    expect(mock.count).toBe(5);
    expect(mock.requests.every((q) => q.body.n === 2)).toBe(true); // samples 1 and 2 only
    const s = await readJson<Summary>(join(out, 'summary.json'));
    expect(s.counts).toMatchObject({ samples: 15, errors: 0 });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.segments).toHaveLength(3);
  });

  it('refuses to resume a run whose fingerprint differs, naming the field', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ae-exec-'));
    const out = join(tmp, 'run');
    await runBenchmark(toyBenchmark(2), config(out, { temperature: '0.2' }), log);
    const err = await runBenchmark(toyBenchmark(2), config(out, { temperature: '0.9' }), log).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/sampling\.temperature \(0\.2 → 0\.9\)/);
  });

  it('never writes the API key value anywhere', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ae-exec-'));
    process.env.AE_TEST_SECRET_KEY = 'sk-very-secret-123456';
    try {
      mock.setOptions({ fault: (_req, i) => (i === 0 ? { type: 'status', status: 401, body: 'bad key sk-very-secret-123456' } : null) });
      const out = join(tmp, 'run');
      await runBenchmark(toyBenchmark(3), config(out, { apiKeyEnv: 'AE_TEST_SECRET_KEY' }), log);
      expect(mock.requests[0]!.headers.authorization).toBe('Bearer sk-very-secret-123456');
      for (const f of readdirSync(out)) expect(readFileSync(join(out, f), 'utf8')).not.toContain('sk-very-secret');
    } finally {
      delete process.env.AE_TEST_SECRET_KEY;
    }
  });

  it('oracle gives full marks; replay scores a prediction file and flags missing predictions', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ae-exec-'));
    const o = await runBenchmark(toyBenchmark(4), config(join(tmp, 'oracle'), { model: 'oracle' }), log);
    expect(o.summary.metrics.em!.value).toBe(1);
    const replay = join(tmp, 'preds.jsonl');
    writeFileSync(replay, ['{"id": 0, "output": "word0"}', '{"id": "1", "sample": 0, "output": "nope"}', '{"id": 2, "output": "word2"}'].join('\n'));
    const r = await runBenchmark(toyBenchmark(4), config(join(tmp, 'replay'), { model: `replay:${replay}` }), log);
    expect(r.summary.metrics.em!.value).toBeCloseTo(2 / 3);
    expect(r.summary.counts.errors).toBe(1);
    const recs = await latestRecords(join(tmp, 'replay'));
    expect(recs.get('3\u00000')!.error).toMatch(/no output for id 3/);
  });

  it('rejects a malformed replay file with file and line', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ae-exec-'));
    const replay = join(tmp, 'preds.jsonl');
    writeFileSync(replay, '{"id": 0, "output": "word0"}\n{"id": 1, "output": \n');
    const err = await runBenchmark(toyBenchmark(2), config(join(tmp, 'r'), { model: `replay:${replay}` }), log).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/preds\.jsonl:line 2/);
  });

  it('shards merge into a run whose summary equals the unsharded one', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ae-exec-'));
    mock.setOptions({ respond: evenRight });
    const whole = await runBenchmark(toyBenchmark(9), config(join(tmp, 'whole'), { samples: '2' }), log);
    const dirs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const d = join(tmp, `shard${i}`);
      await runBenchmark(toyBenchmark(9), config(d, { samples: '2', shard: `${i}/3` }), log);
      dirs.push(d);
    }
    const merged = await mergeRuns(dirs, join(tmp, 'merged'), () => undefined);
    expect(merged.metrics).toEqual(whole.summary.metrics);
    expect(merged.breakdowns).toEqual(whole.summary.breakdowns);
    expect(merged.counts).toEqual(whole.summary.counts);
    await expect(mergeRuns([dirs[0]!, dirs[0]!], join(tmp, 'm2'), () => undefined)).rejects.toThrow(/given twice/);
    // A missing shard is refused, or merged with its problems counted as missing.
    await expect(mergeRuns([dirs[0]!, dirs[1]!], join(tmp, 'm3'), () => undefined)).rejects.toThrow(/merged 2 of 3 shards; missing: 2\/3/);
    const warnings: string[] = [];
    const partial = await mergeRuns([dirs[0]!, dirs[1]!], join(tmp, 'm4'), () => undefined, { allowPartial: true, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual(['warning: merged 2 of 3 shards; missing: 2/3']);
    expect(partial.counts).toMatchObject({ problems: 9, samples: 12, samples_expected: 18, missing: 6 });
  });
});
