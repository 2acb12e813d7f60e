// The math family end to end, as users run it: the CLI from dist/ against the bundled data (oracle)
// and a scripted OpenAI-compatible endpoint, with the real answer checker (scorers/math) in the
// worker-thread pool; and the checker's hard time limit turning a hung comparison into an error record.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mathBenchmark } from '../benchmarks/math/index.js';
import { TRUNCATED_REASON } from '../benchmarks/math/scoring.js';
import { buildRunConfig } from '../harness/run/options.js';
import { runBenchmark } from '../harness/run/execute.js';
import { startMockOpenAI, type MockChoice, type MockOpenAI, type MockRequest } from '../harness/testing/mock-openai.js';
import type { SampleRecord } from '../harness/types.js';
import { cliPath as cli, spawnCli } from './helpers/spawn-cli.js';

const SIX = ['aime24', 'aime25', 'amc23', 'math500', 'minerva', 'olympiadbench'];

let tmp: string;
let mock: MockOpenAI;

// The CLI as a user runs it (test/helpers/spawn-cli.ts).
const cliRun = (args: string[]) => spawnCli(args);

const readJson = <T>(p: string) => JSON.parse(readFileSync(p, 'utf8')) as T;
const records = (dir: string) => readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord);

// The first two bundled MATH-500 problems and their golds.
const GOLD: Record<string, { right: string; alt: string; wrong: string }> = {
  'Convert the point $(0,3)': { right: '\\left( 3, \\frac{\\pi}{2} \\right)', alt: '\\left(3,\\frac{\\pi}{2}\\right)', wrong: '(3, \\pi)' },
  'Define\n\\[p = \\sum_{k = 1}^\\infty': { right: 'p - q', alt: 'p-q', wrong: 'q - p' },
};

/** A scripted model: per problem, a correct answer (after <think>), a wrong one, a truncated one, an unboxed non-answer, a correct one in another form. */
function respond(req: MockRequest) {
  const messages = req.body.messages as Array<{ content: string }>;
  const prompt = messages[messages.length - 1]!.content;
  const key = Object.keys(GOLD).find((k) => prompt.startsWith(k));
  const g = key ? GOLD[key]! : { right: '0', alt: '0', wrong: '1' };
  const choices: MockChoice[] = [
    { content: `<think>Maybe \\boxed{7}? No.</think>The answer is $\\boxed{${g.right}}$.` },
    { content: `So we get \\boxed{${g.wrong}}.` },
    { content: `<think>Working it out: \\boxed{${g.right}} and then`, finish_reason: 'length' },
    { content: 'I am not sure how to solve this.' },
    { content: `Final: \\boxed{${g.alt}}` },
  ];
  return { choices, usage: { prompt_tokens: 50, completion_tokens: 500 } };
}

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` (npm test does it) before these tests');
  tmp = mkdtempSync(join(tmpdir(), 'agenteval-math-e2e-'));
  mock = await startMockOpenAI({ respond });
});
afterAll(async () => {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('math benchmarks end to end', () => {
  it('oracle scores 100 on all six bundled samples; the leaderboard prints them with Avg', async () => {
    const out = join(tmp, 'oracle');
    const r = await cliRun(['run', ...SIX, '--model', 'oracle', '--out', out, '--quiet', '--results-dir', join(tmp, 'results')]);
    expect(r.stderr).not.toMatch(/error record/);
    expect(r.status).toBe(0);
    for (const b of SIX) {
      const s = readJson<{ metrics: Record<string, { value: number }>; counts: { errors: number; data_issues: number } }>(join(out, b, 'summary.json'));
      expect(s.metrics.acc!.value, b).toBe(1);
      expect(s.counts).toMatchObject({ errors: 0, data_issues: 0 });
    }
    const lb = await cliRun(['leaderboard', out, '--format', 'md', '--no-reported']);
    expect(lb.status).toBe(0);
    expect(lb.stdout).toContain('| model | source | AIME24 | AIME25 | AMC23 | MATH-500 | Minerva | Olympiad | Avg |');
    expect(lb.stdout).toContain('| oracle | run | 100.0 | 100.0 | 100.0 | 100.0 | 100.0 | 100.0 | 100.0 |');
    // The terminal tables label `acc` as math names it, not as another family sharing the key does.
    const table = await cliRun(['leaderboard', out, '--no-reported']);
    expect(table.stdout).toMatch(/│ Acc \[95% CI\]/);
    expect(table.stdout).not.toContain('Cover-EM');
    const html = join(tmp, 'report.html');
    expect((await cliRun(['report', out, '--out', html, '--no-history'])).status).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('Math reasoning (Avg@n, %)');
  }, 180_000); // six runs, each starting checker threads (the CAS library loads in each): slow on a loaded 2-core box

  it('scores a scripted endpoint: correct, wrong, truncated, unboxed; preset sampling with an explicit -n', async () => {
    const out = join(tmp, 'scripted');
    const r = await cliRun([
      'run', 'math500', '--model', 'openai:m', '--base-url', mock.url, '--preset', 'rlvr-math', '-n', '5', '--limit', '2',
      '--out', out, '--quiet', '--results-dir', join(tmp, 'results'), '--max-retries', '0',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const body = mock.requests[mock.requests.length - 1]!.body;
    expect(body).toMatchObject({ n: 5, temperature: 0.6, top_p: 0.95, max_tokens: 32768 });
    const manifest = readJson<{ n: number; sampling: Record<string, number> }>(join(out, 'manifest.json'));
    expect(manifest.n).toBe(5);

    const recs = records(out).sort((a, b) => a.id.localeCompare(b.id) || a.sample - b.sample);
    expect(recs).toHaveLength(10);
    for (const id of ['0', '1']) {
      const rs = recs.filter((x) => x.id === id);
      expect(rs.map((x) => x.scores?.acc)).toEqual([1, 0, 0, 0, 1]);
      expect(rs[0]!.reasoning).toBe('Maybe \\boxed{7}? No.');
      expect(rs[1]!.extra).toMatchObject({ reason: 'not_equivalent' });
      expect(rs[2]!.extra).toMatchObject({ reason: TRUNCATED_REASON, truncated: true, finish_reason: 'length' });
      expect(rs[3]!.extra).toMatchObject({ extracted: null, reason: 'no_answer' });
      expect(rs[0]!.vote).toBe(rs[4]!.vote);
    }
    const s = readJson<{ metrics: Record<string, { value: number; label: string }>; extra: Record<string, Record<string, number>> }>(join(out, 'summary.json'));
    expect(s.metrics.acc!.value).toBeCloseTo(0.4, 12);
    expect(s.metrics['acc/pass@5']!.value).toBe(1);
    expect(s.metrics['acc/maj@5']!.value).toBe(1);
    expect(s.metrics['acc/best@4(verl)']!.label).toBe('best@4 (verl bootstrap)');
    expect(s.metrics['acc/best@5(verl)']!.value).toBeGreaterThan(0.4);
    expect(s.metrics['acc/best@5(verl)']!.value).toBeLessThan(1);
    expect(s.extra.truncated).toMatchObject({ count: 2, rate: 0.2 });
    expect(s.metrics.response_tokens!.value).toBe(100);
  }, 120_000);

  it('--preset fills what the command line leaves unset (commander\'s own defaults do not count as set)', async () => {
    const out = join(tmp, 'preset');
    const r = await cliRun(['run', 'aime24', '--preset', 'rlvr-math', '--model', 'oracle', '--limit', '1', '--out', out, '--quiet', '--results-dir', join(tmp, 'results')]);
    expect(r.status, r.stderr).toBe(0);
    const manifest = readJson<{ n: number; ks: number[]; sampling: Record<string, number>; config: { preset: string } }>(join(out, 'manifest.json'));
    expect(manifest).toMatchObject({ n: 16, ks: [1, 16], sampling: { temperature: 0.6, top_p: 0.95, max_tokens: 32768 }, config: { preset: 'rlvr-math' } });
    expect(records(out)).toHaveLength(16);
  }, 120_000);

  it('a comparison that never returns is killed at --check-timeout and becomes a scorer error record', async () => {
    const data = join(tmp, 'hang.jsonl');
    writeFileSync(data, '{"problem": "fine", "answer": "12"}\n{"problem": "pathological", "answer": "HANG"}\n');
    const scripted = new URL('./fixtures/math/scripted-checker.mjs', import.meta.url).href;
    const out = join(tmp, 'hang');
    const config = buildRunConfig(['math'], { model: 'oracle', data, out, quiet: true, checkTimeout: '0.5', resultsDir: join(tmp, 'results') });
    const outcome = await runBenchmark(mathBenchmark('math', { checkerUrl: scripted }), config, () => {});
    expect(outcome.errors).toBe(1);
    const byId = new Map(records(out).map((x) => [x.id, x]));
    expect(byId.get('0')).toMatchObject({ scores: { acc: 1 }, error: null });
    expect(byId.get('1')).toMatchObject({ scores: null, error_kind: 'scorer', error: expect.stringMatching(/timed out after 500 ms/) });
    expect(outcome.summary.counts.errors_by_kind).toEqual({ scorer: 1 });
  });
});
