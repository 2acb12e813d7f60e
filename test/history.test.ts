// The run history: runs are indexed as they finish (real runs against the mock endpoint, real
// SQLite), re-indexing is idempotent, and the CLI lists a metric over time per model.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHistory } from '../harness/history/db.js';
import { indexRuns } from '../harness/history/index-run.js';
import { historyOverview, historyTable, metricHistory, overviewTable } from '../harness/history/query.js';
import { renderTabular } from '../harness/report/render.js';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { startMockOpenAI, type MockOpenAI } from '../harness/testing/mock-openai.js';
import { toyAnswerFor, toyBenchmark, toyIdFor } from './helpers/toy-benchmark.js';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'harness', 'cli', 'main.js');

let mock: MockOpenAI;
let tmp: string;

beforeAll(async () => {
  // Right on ids below 3 at temperature 0, on every id otherwise: two settings, two values.
  mock = await startMockOpenAI({
    models: ['m'],
    respond: (req) => ({ content: req.body.temperature === 0 && Number(toyIdFor(req.body)) >= 3 ? 'wrong' : toyAnswerFor(req.body) }),
  });
  tmp = mkdtempSync(join(tmpdir(), 'ae-history-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
});

function config(out: string, extra: Record<string, unknown> = {}) {
  return buildRunConfig(['toy'], { model: 'openai:m', baseUrl: mock.url, out, resultsDir: join(tmp, 'results'), quiet: true, maxRetries: 0, ...extra });
}

function cliRun(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('history', () => {
  const db = () => join(tmp, 'results', 'history.sqlite');

  it('indexes every finished run into <resultsDir>/history.sqlite, but not shards', async () => {
    const logs: string[] = [];
    await runBenchmark(toyBenchmark(6), config(join(tmp, 'runs', 'first'), { temperature: '0' }), (m) => logs.push(m));
    await runBenchmark(toyBenchmark(6), config(join(tmp, 'runs', 'second'), { temperature: '0.5' }), (m) => logs.push(m));
    await runBenchmark(toyBenchmark(6), config(join(tmp, 'runs', 'shard0'), { shard: '0/2' }), (m) => logs.push(m));
    expect(logs.filter((l) => /warning/.test(l) && !/OPENAI_API_KEY is not set/.test(l))).toEqual([]);
    const h = openHistory(db());
    try {
      const points = metricHistory(h, { benchmark: 'toy', metric: 'em' });
      expect(points.map((p) => [p.model, p.value, p.dir.endsWith('first') ? 'first' : 'second'])).toEqual([
        ['openai:m', 0.5, 'first'],
        ['openai:m', 1, 'second'],
      ]);
      expect(points[0]!.ci_low).toBeLessThan(0.5);
      expect(points[0]!.n).toBe(6);
      const t = historyTable(points);
      expect(t.headers).toEqual(['model', 'when', 'EM [95% CI]', 'Δ', 'problems', 'errors', 'fingerprint', 'run']);
      expect(t.rows[1]![3]).toBe('+50.0');
      // The temperature changed between the two: the fingerprint says so.
      expect(t.rows[1]![6]).toMatch(/settings changed/);
    } finally {
      h.close();
    }
  });

  it('re-indexes idempotently and says why it skips a folder', () => {
    const unfinished = join(tmp, 'runs', 'unfinished');
    mkdirSync(unfinished, { recursive: true });
    writeFileSync(join(unfinished, 'manifest.json'), '{}');
    const dirs = ['first', 'second', 'shard0', 'unfinished'].map((d) => join(tmp, 'runs', d));
    const once = indexRuns(db(), dirs);
    const twice = indexRuns(db(), dirs);
    expect(twice).toEqual(once.map((r) => ({ ...r })));
    expect(once.map((r) => (r.indexed ? 'indexed' : r.reason))).toEqual([
      'indexed',
      'indexed',
      'shard 0/2 (index the merged run instead)',
      'unfinished (no summary.json)',
    ]);
    const h = openHistory(db());
    try {
      expect((h.prepare('SELECT COUNT(*) AS c FROM runs').get() as { c: number }).c).toBe(2);
      expect((h.prepare('SELECT COUNT(*) AS c FROM metrics').get() as { c: number }).c).toBe(4); // em and em/pass@1 per run
    } finally {
      h.close();
    }
  });

  it('only warns when the history cannot be written: the run itself succeeds', async () => {
    const bad = join(tmp, 'bad-results');
    mkdirSync(join(bad, 'history.sqlite'), { recursive: true }); // a folder where the file should be
    const logs: string[] = [];
    const r = await runBenchmark(toyBenchmark(2), buildRunConfig(['toy'], { model: 'oracle', out: join(tmp, 'runs', 'oracle'), resultsDir: bad, quiet: true }), (m) => logs.push(m));
    expect(r.summary.metrics.em!.value).toBe(1);
    expect(logs.some((l) => /^warning: history .* not updated/.test(l))).toBe(true);
  });

  it('has a CLI: history index <dirs> and history --benchmark --metric in every format', () => {
    if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` (npm test does it) before these tests');
    const other = join(tmp, 'other.sqlite');
    const idx = cliRun(['history', 'index', join(tmp, 'runs'), '--history', other]);
    expect(idx.status).toBe(0);
    expect(idx.stdout).toMatch(/indexed 3 run\(s\)/); // first, second, oracle; the shard and the unfinished one are skipped
    expect(idx.stderr).toMatch(/skipped .*shard0: shard 0\/2/);

    const csv = cliRun(['history', '--benchmark', 'toy', '--metric', 'em', '--history', other, '--format', 'csv']);
    expect(csv.status).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('model,when,EM [95% CI],Δ,problems,errors,fingerprint,run');
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('openai:m,'))).toHaveLength(2);

    const json = cliRun(['history', '--benchmark', 'toy', '--model', 'oracle', '--history', other, '--format', 'json']);
    expect(json.status).toBe(0);
    expect((JSON.parse(json.stdout) as Array<{ model: string; value: number }>).map((p) => [p.model, p.value])).toEqual([['oracle', 1]]);

    const h = openHistory(other);
    try {
      expect(renderTabular(overviewTable(historyOverview(h)), 'md')).toMatch(/\| toy \| 3 \| openai:m, oracle \| em \|/);
    } finally {
      h.close();
    }

    const missing = cliRun(['history', '--benchmark', 'toy', '--history', join(tmp, 'none.sqlite')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no history at .*history index/);
  });
});
