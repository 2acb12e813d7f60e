import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { loadRun } from '../harness/report/runs.js';
import { compareRuns, hasRegression } from '../harness/report/compare.js';
import { renderComparisonMarkdown, renderComparisonTable } from '../harness/report/compare-render.js';
import { toyBenchmark } from './helpers/toy-benchmark.js';
import { judgedRuns, LONG_MODELS } from './helpers/judged-runs.js';
import { spawnSync } from 'node:child_process';

let tmp: string;
let base: string;
let cand: string;

async function replayRun(name: string, correct: (i: number) => boolean, count = 20): Promise<string> {
  const file = join(tmp, `${name}.jsonl`);
  writeFileSync(file, Array.from({ length: count }, (_, i) => JSON.stringify({ id: i, output: correct(i) ? `word${i}` : 'x' })).join('\n'));
  const out = join(tmp, name);
  await runBenchmark(toyBenchmark(count), buildRunConfig(['toy'], { model: `replay:${file}`, out, quiet: true, resultsDir: join(tmp, 'results') }), () => {});
  return out;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ae-compare-'));
  base = await replayRun('base', (i) => i < 10);
  cand = await replayRun('cand', (i) => i < 15);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('compareRuns', () => {
  it('computes the paired delta, its bootstrap CI and the flipped problems', async () => {
    const c = await compareRuns(await loadRun(base), await loadRun(cand));
    const em = c.metrics.find((m) => m.key === 'em')!;
    expect(em.baseline).toBeCloseTo(0.5);
    expect(em.candidate).toBeCloseTo(0.75);
    expect(em.delta).toBeCloseTo(0.25);
    expect(em.ci_low).toBeGreaterThan(0);
    expect(em.ci_high).toBeLessThanOrEqual(0.55);
    expect(em.significance).toBe('improved');
    expect(c.flips).toEqual({ metric: 'em', fixed: ['10', '11', '12', '13', '14'], regressed: [] });
    expect(c.common_problems).toBe(20);
    expect(hasRegression(c)).toBe(false);
    // The replay files differ, so the fingerprint differs only in the model: not a settings difference.
    expect(c.differences).toEqual([]);
  });

  it('is deterministic for a fixed seed and flags the reverse as a regression', async () => {
    const a = await compareRuns(await loadRun(cand), await loadRun(base));
    const b = await compareRuns(await loadRun(cand), await loadRun(base));
    expect(a).toEqual(b);
    expect(a.metrics[0]!.significance).toBe('regressed');
    expect(hasRegression(a)).toBe(true);
    expect(a.flips!.regressed).toEqual(['10', '11', '12', '13', '14']);
  });

  it('renders a PR-comment body within a size limit, with long flip lists collapsed', async () => {
    const c = await compareRuns(await loadRun(base), await loadRun(cand));
    const md = renderComparisonMarkdown(c);
    expect(md).toContain('| EM | 50.0 | 75.0 | +25.0 |');
    expect(md).toContain('<details><summary><b>Fixed (em: failed → solved): 5</b></summary>');
    expect(md).toContain('🟢');
    const many = { ...c, flips: { metric: 'em', fixed: Array.from({ length: 20000 }, (_, i) => `problem-${i}`), regressed: [] } };
    const big = renderComparisonMarkdown(many, 5000);
    expect(big.length).toBeLessThan(5000);
    expect(big).toMatch(/… and \d+ more/);
    expect(renderComparisonTable(c)).toMatch(/fixed \(5\): 10, 11, 12, 13, 14/);
  });

  it('a candidate cannot pass the gate by erroring: problems newly unscored count as a regression', async () => {
    // The candidate has predictions for problems 0–4 only: 15 problems end as error records.
    const file = join(tmp, 'holes.jsonl');
    writeFileSync(file, Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: i, output: `word${i}` })).join('\n'));
    const out = join(tmp, 'holes');
    await runBenchmark(toyBenchmark(20), buildRunConfig(['toy'], { model: `replay:${file}`, out, quiet: true, resultsDir: join(tmp, 'results') }), () => {});
    const h = await compareRuns(await loadRun(base), await loadRun(out));
    expect(h.errors.candidate).toEqual({ records: 15, problems: 15 });
    expect(h.errors.new_in_candidate).toHaveLength(15);
    expect(h.common_problems).toBe(5);
    expect(hasRegression(h)).toBe(true);
    expect(renderComparisonMarkdown(h)).toMatch(/Regression\*\* in 15 problem\(s\) now ending in errors/);
  });

  it('at n = 1 shows each metric once (pass@1 is the mean), and the terminal output fits 120 columns', async () => {
    const [a, b] = await judgedRuns(join(tmp, 'judged'), LONG_MODELS);
    const c = await compareRuns(await loadRun(a!), await loadRun(b!));
    expect(c.metrics.map((m) => m.key)).not.toContain('correctness/pass@1');
    expect(c.metrics.map((m) => m.label)).toContain('Correctness');
    const cli = join(process.cwd(), 'dist', 'harness', 'cli', 'main.js');
    const r = spawnSync(process.execPath, [cli, 'compare', a!, b!], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('pass@1');
    expect(Math.max(...r.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(120);
    for (const m of LONG_MODELS) expect(r.stdout).toContain(`openai:${m}`);
    // Judge scores (0–10, shown ×10) and correctness (0/1, ×100) print with the same decimals.
    expect(r.stdout).toMatch(/│ Completeness\s+│ 80\.0\s+│ 80\.0\s+│/);
    expect(r.stdout).toMatch(/│ Safety\s+│ 100\.0\s+│/);
  });
});
