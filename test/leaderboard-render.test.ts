// The leaderboard as people read it: the CLI spawned on real LocalSearchBench runs (mock agent and
// judge) under long model names, beside the bundled reported numbers — seven metric columns with
// CIs, 174 columns wide before it was fitted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abbreviate } from '../harness/report/leaderboard-render.js';
import { judgedRuns, LONG_MODELS } from './helpers/judged-runs.js';

const cli = join(process.cwd(), 'dist', 'harness', 'cli', 'main.js');
let tmp: string;
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ae-lbr-'));
  // Two runs of the same model as well: the run id and date tell them apart.
  await judgedRuns(tmp, [...LONG_MODELS]);
  await judgedRuns(join(tmp, 'again'), [LONG_MODELS[0]], '20251202-020000');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('agenteval leaderboard (terminal table)', () => {
  it('fits 120 columns with every model name whole, abbreviations explained, papers as footnotes', () => {
    const r = run(['leaderboard', join(tmp, 'runs'), join(tmp, 'again', 'runs')]);
    expect(r.status).toBe(0);
    expect(widest(r.stdout)).toBeLessThanOrEqual(120);
    for (const m of LONG_MODELS) expect(r.stdout).toContain(`openai:${m} `);
    expect(r.stdout).toContain('DeepSeek-V3.1');
    // Every metric is there, with its CI, split over tables that say so.
    for (const label of ['Correctness', 'Completeness', 'Fluency', 'Faithfulness', 'Safety', 'Avg tool calls', 'Avg rounds']) expect(r.stdout).toContain(label);
    expect(r.stdout).toContain('80.0 [80.0, 80.0]');
    expect(r.stdout).toMatch(/\(\d tables, rows numbered alike, to fit 120 columns; --wide for one table\)/);
    expect(r.stdout).toMatch(/^\[1\] arXiv 2512\.07436v1 · /m);
    expect(r.stdout).toMatch(/abbreviations: .*probs = problems/);
    // Two runs of LongCat: two rows with different run folders.
    const longcat = r.stdout.split('\n').filter((l) => l.includes(`openai:${LONG_MODELS[0]} `) && /\d{4}-\d{2}-\d{2}/.test(l));
    expect(longcat).toHaveLength(2);
    // The run folder's name (cut when space is short; model names never are).
    expect(longcat.map((l) => l.split('│')[3]!.trim().slice(0, 15)).sort()).toEqual(['20251201-020000', '20251202-020000']);
    // Nothing wraps: each table row is one line (13 reported + 3 runs, plus the header).
    const firstTable = r.stdout.split('└')[0]!.split('\n').filter((l) => l.startsWith('│'));
    expect(firstTable).toHaveLength(1 + 3 + 13);
  });

  it('--wide prints one table per benchmark with full headers', () => {
    const r = run(['leaderboard', join(tmp, 'runs'), '--wide']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('┌'))).toHaveLength(1);
    expect(r.stdout).toContain('Avg tool calls [95% CI]');
    expect(r.stdout).toContain('problems');
    expect(widest(r.stdout)).toBeGreaterThan(120);
  });

  it('abbreviates metric labels', () => {
    expect(['EX', 'Correctness', 'Avg tool calls', 'macro-F1'].map(abbreviate)).toEqual(['EX', 'Corr', 'ATC', 'MF1']);
  });
});
