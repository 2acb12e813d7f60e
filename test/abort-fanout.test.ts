// One abort listener per signal however many requests wait on it: the CLI at concurrency 64 prints
// no MaxListenersExceededWarning (spawned from dist/ against the mock endpoint).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onAbort, pendingAbortCallbacks } from '../harness/abort-fanout.js';
import { startMockOpenAI, type MockOpenAI } from '../harness/testing/mock-openai.js';
import { spawnCli } from './helpers/spawn-cli.js';

// CLI children on a loaded 2-core machine take seconds each to start: room for several per test.
const CLI_TIMEOUT = { timeout: 180_000 };

let mock: MockOpenAI;
let tmp: string;

beforeAll(async () => {
  mock = await startMockOpenAI({ models: ['m'], latencyMs: 100 });
  tmp = mkdtempSync(join(tmpdir(), 'ae-abort-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('onAbort', CLI_TIMEOUT, () => {
  it('calls every registered callback once, forgets unsubscribed ones, and adds one listener per signal', async () => {
    const ac = new AbortController();
    let listeners = 0;
    const add = ac.signal.addEventListener.bind(ac.signal);
    ac.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      listeners++;
      add(...args);
    }) as AbortSignal['addEventListener'];
    const calls: number[] = [];
    const offs = Array.from({ length: 100 }, (_, i) => onAbort(ac.signal, () => calls.push(i)));
    expect(listeners).toBe(1);
    expect(pendingAbortCallbacks(ac.signal)).toBe(100);
    for (const off of offs.slice(0, 50)) off();
    expect(pendingAbortCallbacks(ac.signal)).toBe(50);
    ac.abort();
    expect(calls).toEqual(Array.from({ length: 50 }, (_, i) => i + 50));
    expect(pendingAbortCallbacks(ac.signal)).toBe(0);
    let late = false;
    onAbort(ac.signal, () => (late = true));
    await Promise.resolve();
    expect(late).toBe(true);
  });

  it('unsubscribing from the head, middle and tail keeps the others in registration order; late unsubscribes are no-ops', () => {
    const ac = new AbortController();
    const calls: number[] = [];
    const offs = Array.from({ length: 6 }, (_, i) => onAbort(ac.signal, () => calls.push(i)));
    offs[0]!();
    offs[3]!();
    offs[5]!();
    offs[3]!(); // twice: still one removal
    expect(pendingAbortCallbacks(ac.signal)).toBe(3);
    offs.push(onAbort(ac.signal, () => calls.push(6)));
    ac.abort();
    expect(calls).toEqual([1, 2, 4, 6]);
    for (const off of offs) off();
    expect(pendingAbortCallbacks(ac.signal)).toBe(0);
  });

  it('`agenteval run` at concurrency 64 prints no Node warning', async () => {
    mock.reset();
    const r = await spawnCli([
      'run', 'spider', '--model', 'openai:m', '--base-url', mock.url, '-n', '4', '--use-n', 'off', '--concurrency', '64',
      '--out', join(tmp, 'c64'), '--results-dir', join(tmp, 'results'), '--quiet',
    ], { env: { OPENAI_API_KEY: 'k' } });
    expect(r.status).toBe(0);
    expect(mock.maxInFlight).toBeGreaterThan(11);
    expect(r.stderr).not.toMatch(/Warning/);
  });
});
