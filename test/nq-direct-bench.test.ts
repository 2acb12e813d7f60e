// The nq-direct bench compares `agenteval run nq --protocol direct` with a bare undici loop that must
// send the same requests: the bodies it builds equal those the CLI sends (real run on the mock).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNqVerl } from '../bench/gen-data.js';
import { bareBody, cpuFigures } from '../bench/nq-direct-bench.js';
import type { SpawnResult } from '../bench/whole-process.js';
import { startMockOpenAI, type MockOpenAI } from '../harness/testing/mock-openai.js';
import { spawnCli } from './helpers/spawn-cli.js';

let mock: MockOpenAI;
let tmp: string;

beforeAll(async () => {
  mock = await startMockOpenAI({ models: ['m'] });
  tmp = mkdtempSync(join(tmpdir(), 'ae-nq-bench-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('nq-direct bench baseline', () => {
  it('the bare loop sends the request bodies `agenteval run nq --protocol direct` sends', async () => {
    const data = join(tmp, 'nq-5.jsonl');
    await writeNqVerl(data, 5);
    const r = await spawnCli([
      'run', 'nq', '--protocol', 'direct', '--model', 'openai:m', '--base-url', mock.url, '--data', data,
      '--out', join(tmp, 'run'), '--results-dir', join(tmp, 'results'), '--quiet',
    ], { env: { OPENAI_API_KEY: 'k' } });
    expect(r.status).toBe(0);
    const sent = mock.requests.map((q) => JSON.stringify(q.body)).sort();
    const bare = Array.from({ length: 5 }, (_, i) => JSON.stringify(bareBody(i))).sort();
    expect(sent).toEqual(bare);
  }, 120_000);
});

describe('nq-direct CPU budget', () => {
  it('is what the cores offer in bareMs / 0.8 less the endpoint\'s CPU, per question', () => {
    // 10,000 questions; bare loop 1 s of wall, 0.9 s CPU; the endpoint 0.7 s serving it, 0.8 s serving the run.
    const run = { wallMs: 2000, cpuMs: 1500 } as SpawnResult;
    const f = cpuFigures({ big: 10_000, bareMs: 1000, bareCpuMs: 900, mockBareMs: 700, mockRunMs: 800, run, startupCpuMs: 500 }, 2);
    expect(Object.values(f)).toEqual([
      // (1500 − 500) ms above start-up and 900 ms over 10,000 questions.
      '100 · 90',
      '70 · 80',
      '1.6 · 1.15',
      // (2 × 1000 / 0.8 − 800) ms over 10,000 questions = 170 µs; used 1500 ms / 10,000 = 150 µs.
      '170 · 150',
    ]);
    expect(Object.keys(f)[3]).toContain('all 2 cores');
  });
});
