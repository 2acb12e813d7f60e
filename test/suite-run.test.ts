// A suite of 2 models × 2 benchmarks against the mock OpenAI server: one shared budget per
// endpoint, resume on re-run, exit codes, and a two-night simulation in the history.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openHistory } from '../harness/history/db.js';
import { metricHistory } from '../harness/history/query.js';
import { parseSuite } from '../harness/suite/load.js';
import { runSuite } from '../harness/suite/run.js';
import type { SuiteRunFile } from '../harness/suite/record.js';
import type { Manifest } from '../harness/store/manifest.js';
import { startMockOpenAI, type MockOpenAI, type MockRequest } from '../harness/testing/mock-openai.js';
import type { Benchmark } from '../harness/types.js';
import { toyAnswerFor, toyBenchmark, toyIdFor } from './helpers/toy-benchmark.js';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'harness', 'cli', 'main.js');

// Two toy benchmarks; the second has an option that lands in its settings (and fingerprint).
const toy = toyBenchmark(6) as unknown as Benchmark;
const base2 = toyBenchmark(4) as unknown as Benchmark;
const toy2: Benchmark = {
  ...base2,
  name: 'toy2',
  options: [{ flags: '--style <s>', description: 'prompt style' }],
  async open(o) {
    const s = await base2.open(o);
    return { ...s, settings: { style: String(o.options.style ?? 'plain') } };
  },
};
const broken: Benchmark = { ...base2, name: 'broken', async open() { throw new Error('dataset unavailable'); } };
const lookup = (name: string) => ({ toy, toy2, broken })[name as 'toy' | 'toy2' | 'broken'];

/** ckpt-a answers even ids right, ckpt-b everything. */
function respond(req: MockRequest) {
  const right = req.body.model === 'ckpt-b' || Number(toyIdFor(req.body)) % 2 === 0;
  return { content: right ? toyAnswerFor(req.body) : 'wrong' };
}

let mock: MockOpenAI;
let tmp: string;

beforeAll(async () => {
  mock = await startMockOpenAI({ respond, latencyMs: 15, models: ['ckpt-a', 'ckpt-b'] });
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  mock.reset();
  mock.setOptions({ fault: undefined, latencyMs: 15 });
  rmSync(tmp, { recursive: true, force: true });
});

function suiteYaml(extra: { benchmarks?: object[] } = {}): string {
  return stringify({
    name: 'nightly',
    out: join(tmp, 'nightly', '{date}'),
    results_dir: join(tmp, 'results'),
    endpoints: { mock: { base_url: mock.url, concurrency: 2, max_retries: 0, timeout: 5 } },
    models: [
      { name: 'ckpt-a', spec: 'openai:ckpt-a', endpoint: 'mock', sampling: { temperature: 0.6 }, n: 2 },
      { name: 'ckpt-b', spec: 'openai:ckpt-b', endpoint: 'mock' },
    ],
    benchmarks: extra.benchmarks ?? [{ name: 'toy' }, { name: 'toy2', options: { style: 'terse' } }],
  });
}

describe('agenteval suite', () => {
  it('runs 2 models × 2 benchmarks concurrently within one endpoint budget, resumes, and the history lists both nights', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ae-suite-'));
    const suite = parseSuite(suiteYaml(), 'suite.yaml', lookup);
    const night1 = await runSuite(suite, { benchmarks: lookup, date: '2025-06-01' });

    expect(night1.exitCode).toBe(0);
    expect(night1.out).toBe(join(tmp, 'nightly', '2025-06-01'));
    expect(night1.cells.map((c) => `${c.model}/${c.benchmark}:${c.status}`)).toEqual([
      'ckpt-a/toy:ok', 'ckpt-a/toy2:ok', 'ckpt-b/toy:ok', 'ckpt-b/toy2:ok',
    ]);
    // 6 + 4 problems per model, n=2 batched into one request each.
    expect(mock.count).toBe(20);
    // One budget for the endpoint: 4 cells each willing to send 2 at once, never more than 2 in flight…
    expect(mock.maxInFlight).toBe(2);
    // …and the cells did run side by side: both models' requests interleave.
    const order = mock.requests.map((r) => r.body.model);
    expect(order.indexOf('ckpt-b')).toBeLessThan(order.lastIndexOf('ckpt-a'));

    const a = JSON.parse(readFileSync(join(night1.out, 'ckpt-a', 'toy2', 'manifest.json'), 'utf8')) as Manifest;
    expect(a.sampling.temperature).toBe(0.6);
    expect(a.n).toBe(2);
    expect(a.settings).toEqual({ style: 'terse' });
    expect(night1.cells[0]!.primary).toEqual({ em: 50 });
    expect(night1.cells[2]!.primary).toEqual({ em: 100 });
    const rec = JSON.parse(readFileSync(join(night1.out, 'suite.json'), 'utf8')) as SuiteRunFile;
    expect(rec).toMatchObject({ name: 'nightly', date: '2025-06-01' });
    expect(rec.finished_at).not.toBeNull();
    expect(rec.cells.map((c) => c.dir)).toEqual(['ckpt-a/toy', 'ckpt-a/toy2', 'ckpt-b/toy', 'ckpt-b/toy2']);

    // Re-running the same night resumes every cell: nothing is asked again.
    mock.reset();
    const again = await runSuite(suite, { benchmarks: lookup, date: '2025-06-01' });
    expect(again.exitCode).toBe(0);
    expect(mock.count).toBe(0);

    // The next night writes new runs; the history (indexed as each run finished) lists both.
    const night2 = await runSuite(suite, { benchmarks: lookup, date: '2025-06-02' });
    expect(night2.exitCode).toBe(0);
    const db = openHistory(join(tmp, 'results', 'history.sqlite'));
    try {
      const points = metricHistory(db, { benchmark: 'toy', metric: 'em' });
      expect(points.map((p) => `${p.model} ${p.when} ${(p.value ?? NaN) * p.scale}`)).toEqual([
        'ckpt-a 2025-06-01 50',
        'ckpt-a 2025-06-02 50',
        'ckpt-b 2025-06-01 100',
        'ckpt-b 2025-06-02 100',
      ]);
      expect(points[0]!.dir).toBe(join(tmp, 'nightly', '2025-06-01', 'ckpt-a', 'toy'));
      expect(points[0]!.spec).toBe('openai:ckpt-a');
      // Re-running night 1 re-indexed its runs in place (no duplicates): 2 nights × 4 cells.
      expect((db.prepare('SELECT COUNT(*) AS c FROM runs').get() as { c: number }).c).toBe(8);
      expect(metricHistory(db, { benchmark: 'toy2', metric: 'EM', model: 'openai:ckpt-b' })).toHaveLength(2);
    } finally {
      db.close();
    }
  });

  it('exits 3 when samples end as errors (within --max-error-rate), and 2 when a cell cannot open its data while the other cells still run', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ae-suite-'));
    mock.setOptions({ fault: (req) => (req.body.model === 'ckpt-b' && toyIdFor(req.body) === '1' ? { type: 'status', status: 400 } : null) });
    const suite = parseSuite(suiteYaml({ benchmarks: [{ name: 'toy' }] }), 'suite.yaml', lookup);
    const r = await runSuite(suite, { benchmarks: lookup, date: '2025-06-01', history: false, maxErrorRate: 0.5 });
    expect(r.exitCode).toBe(3);
    expect(r.cells.map((c) => c.status)).toEqual(['ok', 'sample-errors']);
    expect(r.cells[1]!.errors).toBe(1);
    expect(existsSync(join(tmp, 'results', 'history.sqlite'))).toBe(false);

    mock.setOptions({ fault: undefined });
    const logs: string[] = [];
    const withBroken = parseSuite(suiteYaml({ benchmarks: [{ name: 'broken' }, { name: 'toy2' }] }), 'suite.yaml', lookup);
    const f = await runSuite(withBroken, { benchmarks: lookup, date: '2025-06-03', log: (m) => logs.push(m) });
    expect(f.exitCode).toBe(2);
    expect(f.cells.map((c) => `${c.benchmark}:${c.status}`)).toEqual(['broken:failed', 'toy2:ok', 'broken:failed', 'toy2:ok']);
    expect(f.cells[0]!.error).toMatch(/dataset unavailable/);
    expect(logs.some((l) => /\[ckpt-a × broken\] failed: dataset unavailable/.test(l))).toBe(true);
    const rec = JSON.parse(readFileSync(join(f.out, 'suite.json'), 'utf8')) as SuiteRunFile;
    expect(rec.cells[0]).toMatchObject({ status: 'failed', error: 'dataset unavailable' });
  });

  it('has a CLI: an invalid suite file exits 2 naming the line; --dry-run prints the matrix', () => {
    tmp = mkdtempSync(join(tmpdir(), 'ae-suite-'));
    if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` (npm test does it) before these tests');
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'name: x\nmodels:\n  - { name: a, spec: oracle }\nbenchmarks:\n  - { name: spyder }\n');
    const r = spawnSync(process.execPath, [cli, 'suite', bad], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}: invalid suite:\n  line 5, col 13: unknown benchmark "spyder"`);
    const dry = spawnSync(process.execPath, [cli, 'suite', join(root, 'examples', 'suite.yaml'), '--dry-run', '--date', '2025-06-01', '--out', join(tmp, '{date}')], { encoding: 'utf8', timeout: 30_000 });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain(join(tmp, '2025-06-01', 'ckpt-1400', 'bird'));
    expect(existsSync(join(tmp, '2025-06-01'))).toBe(false);
  });
});
