// The nq-direct bench compares `agenteval run nq --protocol direct` with a bare undici loop that must
// send the same requests: the bodies it builds equal those the CLI sends (real run on the mock).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNqVerl } from '../bench/gen-data.js';
import { bareBody } from '../bench/nq-direct-bench.js';
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
