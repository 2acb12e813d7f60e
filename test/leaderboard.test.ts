import { mkdtempSync, mkdirSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { loadRuns, findRunDirs } from '../harness/report/runs.js';
import { loadReported, reportedDir } from '../harness/report/reported.js';
import { buildLeaderboard, leaderboardTable, leaderboardTables } from '../harness/report/leaderboard.js';
import { renderTabular } from '../harness/report/render.js';
import { toyBenchmark } from './helpers/toy-benchmark.js';

let tmp: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ae-lb-'));
  const file = join(tmp, 'p.jsonl');
  writeFileSync(file, Array.from({ length: 8 }, (_, i) => JSON.stringify({ id: i, output: i < 6 ? `word${i}` : 'x' })).join('\n'));
  const results = join(tmp, 'results');
  await runBenchmark(toyBenchmark(8), buildRunConfig(['toy'], { model: `replay:${file}`, out: join(tmp, 'runs', 'a'), quiet: true, resultsDir: results }), () => {});
  await runBenchmark(toyBenchmark(8), buildRunConfig(['toy'], { model: 'oracle', out: join(tmp, 'runs', 'b'), quiet: true, resultsDir: results }), () => {});
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('leaderboard', () => {
  it('finds runs under a parent folder and shows primary metrics with CIs beside reported numbers', async () => {
    expect(findRunDirs([join(tmp, 'runs')])).toHaveLength(2);
    const reported = [
      { benchmark: 'toy', model: 'PaperModel-7B', metric: 'em', value: 71.5, source: { paper: 'A paper', where: 'Table 1' }, file: 'x.json' },
      { benchmark: 'other', model: 'Z', metric: 'em', value: 1, source: { paper: 'B', where: 'T2' }, file: 'y.json' },
    ];
    const lb = buildLeaderboard(await loadRuns([join(tmp, 'runs')]), reported);
    expect(lb.columns).toEqual([{ key: 'em', label: 'EM' }]);
    expect(lb.rows.map((r) => [r.model, r.source, r.cells.em])).toEqual([
      ['oracle', 'run', '100.0 [100.0, 100.0]'],
      [expect.stringMatching(/^replay:/), 'run', expect.stringMatching(/^75\.0 \[/)],
      ['PaperModel-7B', 'reported', '71.5'],
    ]);
    const md = renderTabular(leaderboardTable(lb), 'md');
    expect(md.split('\n')[1]).toMatch(/^\| --- \|/);
    const csv = renderTabular(leaderboardTable(lb), 'csv');
    expect(csv.split('\n')[0]).toBe('benchmark,model,source,EM [95% CI],n,problems,errors,run,date');
    // Each run row names its folder and date, so two runs of one model are told apart.
    const oracle = lb.rows.find((r) => r.model === 'oracle')!;
    expect(oracle.run_id).toBe('b');
    expect(oracle.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(lb.rows.find((r) => r.source === 'reported')).toMatchObject({ run_id: null, date: null });
  });

  it('labels a metric key as each benchmark names it (acc is Cover-EM in one, accuracy in another)', () => {
    const row = (benchmark: string, label: string) => ({
      benchmark, model: 'm', source: 'run' as const, cells: { acc: '50.0' }, values: {}, labels: { acc: label }, n: 1, problems: 2, errors: 0, where: '', run_id: null, date: null,
    });
    const tables = leaderboardTables({ columns: [{ key: 'acc', label: 'Cover-EM' }], rows: [row('hotpotqa', 'Cover-EM'), row('bfcl', 'acc (all entries)')] });
    expect(tables.map((t) => [t.benchmark, t.table.headers[2]])).toEqual([
      ['hotpotqa', 'Cover-EM [95% CI]'],
      ['bfcl', 'acc (all entries) [95% CI]'],
    ]);
  });

  it('validates reported files against the schema, naming file and field', () => {
    const dir = join(tmp, 'reported');
    mkdirSync(dir);
    copyFileSync(join(reportedDir(), 'schema.json'), join(dir, 'schema.json'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ entries: [{ benchmark: 'toy', model: 'M', metric: 'em', value: 50, source: { paper: 'P', where: 'Table 3' } }] }));
    expect(loadReported(dir)).toHaveLength(1);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ entries: [{ benchmark: 'toy', model: 'M', metric: 'em', value: '50', source: { paper: 'P', where: 'T' } }] }));
    expect(() => loadReported(dir)).toThrow(/bad\.json: field \/entries\/0\/value: must be number/);
  });

  it('the bundled reported numbers are valid', () => {
    expect(() => loadReported()).not.toThrow();
  });
});

describe('leaderboardTables labels', () => {
  it('labels a shared metric key with each benchmark\'s own label', () => {
    const row = (benchmark: string, label: string) => ({
      benchmark, model: 'm', source: 'run' as const, cells: { acc: '1.0' }, labels: { acc: label }, values: {}, n: 1, problems: 1, errors: 0, where: '', run_id: null, date: null,
    });
    const tables = leaderboardTables({ columns: [{ key: 'acc', label: 'Cover-EM' }], rows: [row('bamboogle', 'Cover-EM'), row('aime24', 'Acc')] });
    expect(tables.map((t) => [t.benchmark, t.table.headers[2]])).toEqual([['bamboogle', 'Cover-EM [95% CI]'], ['aime24', 'Acc [95% CI]']]);
  });
});
