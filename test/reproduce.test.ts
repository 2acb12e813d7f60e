// `reproduce`: real runs against the mock endpoint, checked against reported numbers in a
// temporary results/reported folder — a faithful run reproduces, a mis-configured one is flagged.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReported, type ReportedEntry } from '../harness/report/reported.js';
import { normalizeModel, reproduce, settingChecks, type Reproduction } from '../harness/report/reproduce.js';
import { loadRun } from '../harness/report/runs.js';
import { renderReproduction } from '../harness/report/reproduce-render.js';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { startMockOpenAI, type MockOpenAI } from '../harness/testing/mock-openai.js';
import type { Benchmark } from '../harness/types.js';
import { toyAnswerFor, toyBenchmark, toyIdFor } from './helpers/toy-benchmark.js';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'harness', 'cli', 'main.js');

const base = toyBenchmark(8) as unknown as Benchmark;
const toy: Benchmark = {
  ...base,
  options: [{ flags: '--style <s>', description: 'prompt style' }],
  async open(o) {
    const s = await base.open(o);
    return { ...s, dataset: { ...s.dataset, split: o.split ?? null }, settings: { style: String(o.options.style ?? 'plain') } };
  },
};

const source = { paper: 'Toy Paper', arxiv: '2501.00001', where: 'Table 2' };
const REPORTED = {
  entries: [
    { benchmark: 'toy', model: 'CKPT-A', metric: 'em', value: 50.0, split: 'dev', setting: { temperature: 0.6, n: 4, style: 'terse', params: '4B' }, source },
    { benchmark: 'toy', model: 'CKPT-A', metric: 'em/pass@4', value: 87.5, setting: { temperature: 0.6, n: 4 }, source },
    { benchmark: 'toy', model: 'Other-7B', metric: 'em', value: 40, source },
    { benchmark: 'spider', model: 'CKPT-A', metric: 'ex', value: 80, source },
  ],
};

let mock: MockOpenAI;
let tmp: string;
let reportedDir: string;
const dirs: Record<string, string> = {};

/** ckpt-a: right on even ids (one choice in four right on odd ids); ckpt-c: always right. */
function respond(req: { body: Record<string, unknown> }) {
  const id = Number(toyIdFor(req.body));
  const n = Number(req.body.n ?? 1);
  const right = toyAnswerFor(req.body);
  if (req.body.model === 'ckpt-c') return { choices: Array.from({ length: n }, () => ({ content: right })) };
  return { choices: Array.from({ length: n }, (_, j) => ({ content: id % 2 === 0 || j === 3 ? right : 'wrong' })) };
}

async function run(name: string, model: string, extra: Record<string, unknown>): Promise<void> {
  dirs[name] = join(tmp, name);
  const config = buildRunConfig(['toy'], { model: `openai:${model}`, baseUrl: mock.url, out: dirs[name], resultsDir: join(tmp, 'results'), quiet: true, ...extra });
  await runBenchmark(toy, config, () => {}, { history: false });
}

beforeAll(async () => {
  mock = await startMockOpenAI({ respond, models: ['ckpt-a', 'ckpt-c'] });
  tmp = mkdtempSync(join(tmpdir(), 'ae-repro-'));
  reportedDir = join(tmp, 'reported');
  mkdirSync(reportedDir);
  copyFileSync(join(root, 'results', 'reported', 'schema.json'), join(reportedDir, 'schema.json'));
  writeFileSync(join(reportedDir, 'toy.json'), JSON.stringify(REPORTED));
  await run('faithful', 'ckpt-a', { samples: '4', temperature: '0.6', style: 'terse', split: 'dev' });
  // Greedy, one sample, the default prompt style: not the paper's setting.
  await run('misconfigured', 'ckpt-a', { style: 'plain', split: 'dev' });
  await run('outside', 'ckpt-c', { samples: '4', temperature: '0.6', style: 'terse', split: 'dev' });
});
afterAll(async () => {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('reproduce', () => {
  it('reproduces a faithful run: measured on the paper scale, Δ, inside the CI, same settings', async () => {
    const r = reproduce(await loadRun(dirs.faithful!), loadReported(reportedDir));
    expect(r.matched_as).toBe('ckpt-a');
    expect(r.entries.map((e) => e.reported.metric)).toEqual(['em', 'em/pass@4']);
    const em = r.entries[0]!;
    expect(em.measured).toBeCloseTo(62.5); // 4 even ids right, odd ids 1 in 4: (4 + 4 × 0.25) / 8
    expect(em.delta).toBeCloseTo(12.5);
    expect(em.ci_low!).toBeLessThan(50);
    expect(em.inside_ci).toBe(true);
    expect(r.entries[1]!.measured).toBeCloseTo(100);
    expect(r.entries[1]!.inside_ci).toBe(false); // pass@4 is 100 with a CI of [100, 100]; the paper says 87.5
    const byName = Object.fromEntries(em.settings.map((c) => [c.setting, c]));
    expect(byName.temperature).toMatchObject({ paper: '0.6', run: '0.6', status: 'same' });
    expect(byName.n).toMatchObject({ paper: '4', run: '4', status: 'same' });
    expect(byName.style).toMatchObject({ status: 'same' });
    expect(byName.split).toMatchObject({ paper: 'dev', run: 'dev', status: 'same' });
    expect(byName.params).toMatchObject({ paper: '4B', run: null, status: 'not recorded by the run' });
    expect(byName.prompt).toMatchObject({ paper: null, run: 'toy.md=abc', status: 'not recorded by the paper' });
    expect(em.status).toBe('reproduced');
    expect(r.misconfigured).toBe(false);
    expect(r.reproduced).toBe(false); // the pass@4 entry is outside its CI
  });

  it('flags a mis-configured run, naming the settings that differ', async () => {
    const r = reproduce(await loadRun(dirs.misconfigured!), loadReported(reportedDir));
    expect(r.misconfigured).toBe(true);
    const em = r.entries[0]!;
    expect(em.differing).toEqual(['temperature', 'n', 'style']);
    expect(em.flags).toContain('settings_differ');
    expect(em.status).toBe('not reproduced');
    expect(em.settings.find((c) => c.setting === 'temperature')).toMatchObject({ paper: '0.6', run: '0', status: 'differs' });
    // n = 1 has no pass@4 to compare with.
    expect(r.entries[1]!.flags).toEqual(['not_measured', 'settings_differ']);
  });

  it('flags a reported number outside the CI, with --as and a tolerance', async () => {
    const run = await loadRun(dirs.outside!);
    expect(reproduce(run, loadReported(reportedDir)).entries).toEqual([]);
    const r = reproduce(run, loadReported(reportedDir), { as: 'ckpt-a' });
    const em = r.entries[0]!;
    expect(em.measured).toBe(100);
    expect([em.ci_low, em.ci_high]).toEqual([100, 100]);
    expect(em.inside_ci).toBe(false);
    expect(em.flags).toEqual(['outside_ci']);
    expect(r.misconfigured).toBe(false);
    const tolerant = reproduce(run, loadReported(reportedDir), { as: 'ckpt-a', tolerance: 50 });
    expect(tolerant.entries[0]!.inside_ci).toBe(false);
    expect(tolerant.entries[0]!.within_tolerance).toBe(true);
    expect(tolerant.entries[0]!.status).toBe('reproduced');
  });

  it('renders Markdown for a PR or an issue', async () => {
    const r = reproduce(await loadRun(dirs.misconfigured!), loadReported(reportedDir));
    const md = renderReproduction(r, 'md');
    expect(md).toMatch(/^### Reproduction: toy · openai:ckpt-a as "ckpt-a"/);
    expect(md).toContain('| EM | 50.0 | 50.0 [');
    expect(md).toContain('| temperature | 0.6 | 0 | DIFFERS |');
    expect(md).toMatch(/\*\*⚠ Mis-configured:\*\* this run's temperature, n, style differ/);
    // One settings table for the run, not one per reported row (the paper states one setting).
    expect(r.entries.length).toBeGreaterThan(1);
    expect(md.match(/\*\*Settings\*\*/g)).toHaveLength(1);
    expect(md.match(/\| temperature \| 0\.6 \| 0 \| DIFFERS \|/g)).toHaveLength(1);
    const table = renderReproduction(r, 'table');
    expect(table.match(/^settings \(paper vs run\):$/gm)).toHaveLength(1);
    expect(Math.max(...table.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(120);
  });

  it('matches model names loosely and checks prompt hashes', async () => {
    expect(normalizeModel('Qwen/Qwen2.5-7B-Instruct')).toBe(normalizeModel('qwen2.5_7b-instruct'));
    const run = await loadRun(dirs.faithful!);
    const entry = (setting: ReportedEntry['setting']): ReportedEntry => ({ benchmark: 'toy', model: 'x', metric: 'em', value: 1, setting, source, file: 'x.json' });
    const prompt = (s: ReportedEntry['setting']) => settingChecks(entry(s), run).find((c) => c.setting === 'prompt')!.status;
    expect(prompt({ prompt_sha256: 'abc' })).toBe('not comparable'); // too short to be a hash
    expect(prompt({ prompt_sha256: 'deadbeef' })).toBe('differs');
    expect(prompt({ template: 'Search-R1 template' })).toBe('not comparable');
    expect(settingChecks(entry({ Temperature: '0.60', top_p: 0.95 }), run).slice(0, 2)).toEqual([
      { setting: 'temperature', paper: '0.60', run: '0.6', status: 'same' },
      { setting: 'top_p', paper: '0.95', run: null, status: 'not recorded by the run' },
    ]);
  });

  it('has a CLI: exit 0 reproduced, 1 flagged (visibly and in the JSON), 2 when nothing matches', () => {
    if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` (npm test does it) before these tests');
    const cliRun = (args: string[]) => spawnSync(process.execPath, [cli, 'reproduce', ...args, '--reported', reportedDir], { encoding: 'utf8', timeout: 30_000 });
    const bad = cliRun([dirs.misconfigured!]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/SETTINGS DIFFER: temperature, n, style/);
    expect(bad.stdout).toMatch(/WARNING: mis-configured/);
    const json = cliRun([dirs.misconfigured!, '--format', 'json']);
    expect(json.status).toBe(1);
    const parsed = JSON.parse(json.stdout) as Reproduction;
    expect(parsed.misconfigured).toBe(true);
    expect(parsed.entries[0]!.flags).toContain('settings_differ');
    const none = cliRun([dirs.outside!]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no reported number for toy × "ckpt-c" \(reported models for toy: CKPT-A, Other-7B\); pass --as/);
  });
});
