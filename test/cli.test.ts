// The CLI as users run it: a real child process (the compiled dist/ build), real HTTP to a mock
// endpoint, the bundled Spider data and real SQLite scoring.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOpenAI, type MockOpenAI, type MockRequest } from '../harness/testing/mock-openai.js';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'harness', 'cli', 'main.js');
const questions = JSON.parse(readFileSync(join(root, 'benchmarks/text2sql/data/spider/questions.json'), 'utf8')) as Array<{ question: string; query: string }>;
const indexOf = new Map<string, number>();
questions.forEach((q, i) => indexOf.has(q.question) || indexOf.set(q.question, i));

function questionIndex(req: MockRequest): number {
  const messages = req.body.messages as Array<{ content: string }>;
  const m = /Question: (.*)/.exec(messages[messages.length - 1]!.content);
  return m ? indexOf.get(m[1]!.trim()) ?? -1 : -1;
}

/** A deterministic "model": right on even questions, wrong on odd ones. */
function respond(req: MockRequest) {
  const i = questionIndex(req);
  return { content: i % 2 === 0 ? `Here it is:\n\`\`\`sql\n${questions[i]!.query}\n\`\`\`` : '```sql\nSELECT 1\n```' };
}

// Runs keep their history index in the test's temp folder, not the checkout's results/.
const withResults = (args: string[]) => (args[0] === 'run' ? [...args, '--results-dir', join(tmp, 'results')] : args);

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cli, ...withResults(args)], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
}

/** For runs that talk to the in-process mock: spawnSync would block the mock's event loop. */
function runAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...withResults(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

let mock: MockOpenAI;
let tmp: string;

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` (npm test does it) before these tests');
  mock = await startMockOpenAI({ respond, models: ['m'] });
  tmp = mkdtempSync(join(tmpdir(), 'ae-cli-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
});

// Several CLI children per test; on a loaded 2-core machine each takes seconds to start.
describe('agenteval CLI', { timeout: 180_000 }, () => {
  it('prints help a new user can follow, and exits 2 on bad usage', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Quick start/);
    const runHelp = run(['run', '--help']);
    expect(runHelp.stdout).toMatch(/--base-url/);
    expect(runHelp.stdout).toMatch(/--ex-mode/);
    expect(run(['run', 'spider']).status).toBe(2); // --model missing
    const unknown = run(['run', 'nope', '--model', 'oracle']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown benchmark "nope"/);
    expect(run(['run', 'spider', '--model', 'oracle', '--shard', '3/2']).status).toBe(2);
  });

  it('keeps piped help within 120 columns (every command)', () => {
    for (const cmd of [[], ...['list', 'run', 'leaderboard', 'compare', 'merge', 'index', 'suite', 'history', 'reproduce', 'report', 'rescore', 'rejudge', 'demo'].map((c) => [c])]) {
      const lines = run([...cmd, '--help']).stdout.split('\n');
      expect(lines.filter((l) => [...l].length > 120), cmd.join(' ') || 'agenteval').toEqual([]);
    }
  });

  it('lists benchmarks', () => {
    const r = run(['list', '--format', 'json']);
    expect(r.status).toBe(0);
    const names = (JSON.parse(r.stdout) as Array<{ name: string }>).map((b) => b.name);
    expect(names).toEqual(expect.arrayContaining(['spider', 'bird']));
  });

  it('survives SIGKILL: the resumed run re-sends no finished sample and ends with the summary of an uninterrupted run', async () => {
    const out = join(tmp, 'killed');
    const args = ['run', 'spider', '--model', 'openai:m', '--base-url', mock.url, '--out', out, '--concurrency', '2', '--quiet', '--max-retries', '0'];
    mock.setOptions({ latencyMs: 40 });
    mock.reset();
    const child = spawn(process.execPath, [cli, ...withResults(args)], { stdio: 'ignore' });
    const samples = join(out, 'samples.jsonl');
    const lines = () => (existsSync(samples) ? readFileSync(samples, 'utf8').split('\n').filter((l) => l.trim()).length : 0);
    const deadline = Date.now() + 30_000;
    while (lines() < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const finished = readFileSync(samples, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as { id: string; error: string | null }];
        } catch {
          return [];
        }
      })
      .filter((r) => r.error === null)
      .map((r) => Number(r.id));
    expect(finished.length).toBeGreaterThanOrEqual(8);
    expect(finished.length).toBeLessThan(questions.length);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);

    mock.reset();
    mock.setOptions({ latencyMs: 0 });
    const resumed = await runAsync(args);
    expect(resumed.status).toBe(0);
    const asked = mock.requests.map(questionIndex);
    for (const id of finished) expect(asked).not.toContain(id);
    expect(asked.length).toBe(questions.length - finished.length);

    const whole = join(tmp, 'whole');
    expect((await runAsync(['run', 'spider', '--model', 'openai:m', '--base-url', mock.url, '--out', whole, '--quiet'])).status).toBe(0);
    const a = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8'));
    expect(a.metrics).toEqual(b.metrics);
    expect(a.counts).toEqual(b.counts);
    expect(a.metrics.ex.value).toBeGreaterThan(0.3);
    expect(a.metrics.ex.value).toBeLessThan(0.7);
  });

  it('compare exits 1 on a regression with --fail-on-regression, and leaderboard shows reported numbers', () => {
    const good = join(tmp, 'oracle');
    expect(run(['run', 'spider', '--model', 'oracle', '--out', good, '--quiet']).status).toBe(0);
    const half = join(tmp, 'whole');
    const cmp = run(['compare', good, half, '--format', 'md', '--fail-on-regression']);
    expect(cmp.status).toBe(1);
    expect(cmp.stdout).toMatch(/Regression/);
    expect(run(['compare', half, good, '--fail-on-regression']).status).toBe(0);
    const lb = run(['leaderboard', good, '--format', 'csv']);
    expect(lb.status).toBe(0);
    expect(lb.stdout).toMatch(/spider,oracle,run,"100\.0 \[100\.0, 100\.0\]"/);
    expect(lb.stdout).toMatch(/MTIR-SQL-4B,reported/);
  });
});
