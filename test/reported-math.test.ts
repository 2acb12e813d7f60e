// results/reported/math.json and bfcl.json: every row validates against the schema, names a metric
// the benchmark's summary really has, and `reproduce` matches real runs (the CLI from dist/, the
// oracle model on the bundled samples) to the rows — settings compared, the Δ and CI computed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReported, type ReportedEntry } from '../harness/report/reported.js';
import type { Reproduction } from '../harness/report/reproduce.js';
import { cliPath as cli, spawnCli } from './helpers/spawn-cli.js';

const MATH = ['aime24', 'aime25', 'amc23', 'math500', 'minerva', 'olympiadbench'];

let tmp: string;

// The CLI as a user runs it (test/helpers/spawn-cli.ts).
const cliRun = (args: string[]) => spawnCli(args);

async function reproduceJson(dir: string, as: string): Promise<{ status: number | null; r: Reproduction }> {
  const out = await cliRun(['reproduce', dir, '--as', as, '--format', 'json']);
  return { status: out.status, r: JSON.parse(out.stdout) as Reproduction };
}

const setting = (r: Reproduction, i: number, name: string) => r.entries[i]!.settings.find((c) => c.setting === name);

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` (npm test does it) before these tests');
  tmp = mkdtempSync(join(tmpdir(), 'agenteval-reported-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('reported math and BFCL rows', () => {
  const all = loadReported(); // throws naming file and field if any file breaks the schema
  const math = all.filter((e) => e.file === 'math.json');
  const bfcl = all.filter((e) => e.file === 'bfcl.json');

  it('validate, cite a pinned source, and use metric keys the benchmarks produce', () => {
    expect(math.length).toBeGreaterThan(0);
    expect(bfcl.length).toBeGreaterThan(0);
    const pinned = (e: ReportedEntry) => /[0-9a-f]{40}/.test(e.source.url ?? '') && (e.note ?? '').length > 0;
    for (const e of math) {
      expect(MATH).toContain(e.benchmark);
      expect(e.metric).toMatch(/^acc(\/(pass@\d+|maj@\d+|best@\d+\(verl\)))?$/);
      expect(pinned(e), `${e.model} ${e.benchmark}`).toBe(true);
    }
    for (const e of bfcl) {
      expect(e.benchmark).toBe('bfcl');
      // Only the columns computed as agenteval computes them; never non_live (3 languages there) or overall.
      expect(['live', 'irrelevance', 'relevance']).toContain(e.metric);
      expect(['fc', 'prompt']).toContain(e.setting?.mode);
      expect(e.model.endsWith(e.setting?.mode === 'fc' ? '(FC)' : '(Prompt)')).toBe(true);
      expect(pinned(e)).toBe(true);
    }
    // Spot checks against the sources as read (rllm README @ 60628eb, BFCL data_overall.csv @ ea03bc8).
    const find = (model: string, benchmark: string, metric: string) => all.find((e) => e.model === model && e.benchmark === benchmark && e.metric === metric)?.value;
    expect(find('DeepScaleR-1.5B-Preview', 'aime24', 'acc')).toBe(43.1);
    expect(find('DeepSeek-R1-Distill-Qwen-7B', 'aime24', 'acc/maj@64')).toBe(83.3);
    expect(find('Qwen3-8B (FC)', 'bfcl', 'live')).toBe(80.53);
  });

  it('reproduce matches an aime24 run to DeepScaleR\'s row: same sampling, measured vs reported, outside the CI', async () => {
    const dir = join(tmp, 'aime24');
    const run = await cliRun(['run', 'aime24', '--preset', 'rlvr-math', '--model', 'oracle', '--out', dir, '--quiet', '--results-dir', join(tmp, 'results')]);
    expect(run.status, run.stderr).toBe(0);
    const { status, r } = await reproduceJson(dir, 'DeepScaleR-1.5B-Preview');
    expect(r.entries).toHaveLength(1);
    const e = r.entries[0]!;
    expect(e.reported).toMatchObject({ model: 'DeepScaleR-1.5B-Preview', metric: 'acc', value: 43.1, file: 'math.json' });
    expect(e.measured).toBe(100); // the oracle
    expect(e.delta).toBeCloseTo(56.9);
    expect(e.flags).toEqual(['outside_ci']);
    // The rlvr-math preset is DeepScaleR's evaluation setting: nothing differs.
    for (const s of ['temperature', 'top_p', 'max_tokens', 'n']) expect(setting(r, 0, s)?.status, s).toBe('same');
    expect(r.misconfigured).toBe(false);
    expect(status).toBe(1);

    // The leaderboard's Avg table lists the reported rows with papers as footnotes, within 120 columns.
    const lb = await cliRun(['leaderboard', dir]);
    expect(lb.status, lb.stderr).toBe(0);
    expect(lb.stdout).toMatch(/│ DeepScaleR-1\.5B-Preview +│ paper \[\d\] +│ 43\.1 +│ +│ 73\.6 +│ 87\.8 +│ 30\.2 +│ 50\.0 +│ +│/);
    expect(lb.stdout).toMatch(/^\[\d\] DeepScaleR: Surpassing O1-Preview/m);
    expect(Math.max(...lb.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(120);

    // The same run against DeepSeek's own rows (64 samples) is flagged: n differs, maj@64 not measured.
    const ds = (await reproduceJson(dir, 'deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B')).r;
    expect(ds.entries.map((x) => [x.reported.metric, x.reported.value])).toEqual([
      ['acc', 28.9],
      ['acc/maj@64', 52.7],
      ['acc', 28.8],
    ]);
    expect(setting(ds, 0, 'n')).toMatchObject({ paper: '64', run: '16', status: 'differs' });
    expect(ds.entries[1]!.flags).toContain('not_measured');
    expect(ds.entries[2]!.differing).toEqual([]);
    expect(ds.misconfigured).toBe(true);
  }, 180_000);

  it('reproduce matches a bfcl run to the leaderboard\'s columns, comparing the mode', async () => {
    const dir = join(tmp, 'bfcl');
    const run = await cliRun(['run', 'bfcl', '--mode', 'fc', '--model', 'oracle', '--temperature', '0.001', '--out', dir, '--quiet', '--results-dir', join(tmp, 'results')]);
    expect(run.status, run.stderr).toBe(0);
    const { r } = await reproduceJson(dir, 'Qwen3-8B (FC)');
    expect(r.entries.map((x) => x.reported.metric)).toEqual(['live', 'irrelevance', 'relevance']);
    for (let i = 0; i < 3; i++) {
      expect(r.entries[i]!.measured).toBe(100);
      expect(setting(r, i, 'mode')).toMatchObject({ paper: 'fc', run: 'fc', status: 'same' });
      expect(setting(r, i, 'temperature')?.status).toBe('same');
    }
    const prompt = (await reproduceJson(dir, 'Qwen3-8B (Prompt)')).r;
    expect(setting(prompt, 0, 'mode')).toMatchObject({ paper: 'prompt', run: 'fc', status: 'differs' });
    expect(prompt.misconfigured).toBe(true);
  }, 180_000);
});
