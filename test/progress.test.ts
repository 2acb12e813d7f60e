// Progress as people read it: a bar on a terminal, a plain line every N seconds in a piped CI log,
// an ETA that never says 0s while work remains, and an interrupt message nothing draws over.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgress, eta, formatDuration, progressLine } from '../harness/dispatch/progress.js';
import { startMockOpenAI, type MockOpenAI } from '../harness/testing/mock-openai.js';
import { cliPath, root, spawnCli } from './helpers/spawn-cli.js';

// CLI children on a loaded 2-core machine take seconds each to start: room for several per test.
const CLI_TIMEOUT = { timeout: 180_000 };

let mock: MockOpenAI;
let tmp: string;

beforeAll(async () => {
  mock = await startMockOpenAI({ models: ['m'], latencyMs: 150 });
  tmp = mkdtempSync(join(tmpdir(), 'ae-progress-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A stream that records what is written to it, posing as a terminal or a pipe. */
function recorder(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text: string[] } {
  const text: string[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text.push(chunk.toString());
      cb();
    },
  }) as Writable & { isTTY: boolean; columns: number; text: string[] };
  w.isTTY = isTTY;
  w.columns = 120;
  w.text = text;
  return w;
}

describe('progress display', CLI_TIMEOUT, () => {
  it('ETA: unknown before the first record, never 0s while work remains', () => {
    expect(eta(0, 100, 5)).toBe('?');
    expect(eta(99, 100, 10)).toBe('<1s');
    expect(eta(100, 100, 10)).toBe('0s');
    expect(eta(10, 100, 10)).toBe('1m30s');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(progressLine('spider', 20, 45, 1, 4)).toBe('spider: 20/45 (44.4%) · 5.0/s · errors 1 · ETA 5s');
  });

  it('a terminal bar stops when the run is interrupted, so the message after it is the last thing on screen', async () => {
    const stream = recorder(true);
    const ac = new AbortController();
    const p = createProgress('spider', 100, { quiet: false, signal: ac.signal, stream });
    for (let i = 0; i < 10; i++) p.tick(false);
    ac.abort();
    stream.write('agenteval: interrupted\n');
    for (let i = 0; i < 5; i++) p.tick(false); // records in hand still finish
    await new Promise((r) => setTimeout(r, 600)); // longer than the bar's redraw period
    p.stop();
    expect(stream.text.at(-1)).toBe('agenteval: interrupted\n');
  });

  const args = () => ['run', 'spider', '--model', 'openai:m', '--base-url', mock.url, '--concurrency', '4', '--results-dir', join(tmp, 'results')];
  const env = { AGENTEVAL_PROGRESS_INTERVAL: '0.3', OPENAI_API_KEY: 'k' };

  it('piped: one plain line every interval with done/total, rate, errors and ETA', async () => {
    const r = await spawnCli([...args(), '--out', join(tmp, 'piped')], { env });
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('spider openai:m: '));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/^spider openai:m: \d+\/45 \(\d+\.\d%\) · \d+\.\d\/s · errors 0 · ETA (\d|\?|<1s)/);
    expect(lines.at(-1)).toMatch(/45\/45 \(100\.0%\).* \(done\)$/);
  });

  it('--quiet silences progress', async () => {
    const quiet = await spawnCli([...args(), '--out', join(tmp, 'quiet'), '--quiet'], { env });
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).not.toMatch(/spider openai:m: /);
  });

  it('Ctrl-C: the interrupt message comes after the last progress line, and the run exits 130', async () => {
    const child = spawn(process.execPath, [cliPath, 'run', 'spider', '--model', 'openai:m', '--base-url', mock.url, '-n', '4', '--use-n', 'off',
      '--concurrency', '2', '--out', join(tmp, 'interrupted'), '--results-dir', join(tmp, 'results')], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AGENTEVAL_PROGRESS_INTERVAL: '0.2', OPENAI_API_KEY: 'k' },
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/spider openai:m: [1-9]/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const status = await new Promise<number | null>((r) => child.once('exit', r));
    expect(status).toBe(130);
    const lines = stderr.trim().split('\n');
    const at = lines.findIndex((l) => l.startsWith('agenteval: interrupted'));
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1).some((l) => l.startsWith('spider openai:m: '))).toBe(false);
    expect(lines.slice(0, at).some((l) => /\(stopped\)$/.test(l))).toBe(true);
  });
});
