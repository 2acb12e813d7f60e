// The endpoint check before any sample: unit cases against the mock endpoint, then the CLI spawned
// from dist/ as a user runs it against an endpoint that answers 401, 404 for the model, or nothing.
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PreflightError, forgetPreflights, keyWarning, preflight } from '../harness/model/preflight.js';
import { startMockOpenAI, type MockOpenAI } from '../harness/testing/mock-openai.js';
import type { EndpointRef } from '../harness/types.js';
import { spawnCli } from './helpers/spawn-cli.js';

/** A port with nothing listening: bind one, close it. */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const ref = (url: string | string[], model = 'ckpt', apiKeyEnv = 'AE_PF_KEY'): EndpointRef => ({
  role: 'model', model, baseUrls: Array.isArray(url) ? url : [url], apiKeyEnv, keyFlag: '--api-key-env',
});

async function failure(p: Promise<unknown>): Promise<PreflightError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PreflightError);
  return err as PreflightError;
}

// CLI children on a loaded 2-core machine take seconds each to start: room for several per test.
const CLI_TIMEOUT = { timeout: 180_000 };

let mock: MockOpenAI;
let dead: string;
let tmp: string;
const env = { AE_PF_KEY: 'sk-preflight-secret' };

beforeAll(async () => {
  mock = await startMockOpenAI({ models: ['ckpt'], apiKey: 'sk-preflight-secret' });
  dead = `http://127.0.0.1:${await deadPort()}/v1`;
  tmp = mkdtempSync(join(tmpdir(), 'ae-preflight-'));
});
beforeEach(() => forgetPreflights());
afterAll(async () => {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('preflight()', () => {
  it('passes a served model with an accepted key in one GET /models, no completion', async () => {
    mock.reset();
    const warnings: string[] = [];
    await preflight([ref(mock.url)], { warn: (m) => warnings.push(m), env });
    expect(mock.listings).toBe(1);
    expect(mock.count).toBe(0);
    expect(warnings).toEqual([]);
  });

  it('a refused key: auth, naming the variable, never quoting the key', async () => {
    const e = await failure(preflight([ref(mock.url)], { warn: () => {}, env: { AE_PF_KEY: 'sk-wrong-key' } }));
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/HTTP 401 to GET \/models: the key in AE_PF_KEY was refused \(--api-key-env AE_PF_KEY\)/);
    expect(e.message).not.toContain('sk-wrong-key');
    const unset = await failure(preflight([ref(mock.url)], { warn: () => {}, env: {} }));
    expect(unset.message).toMatch(/AE_PF_KEY is not set \(--api-key-env AE_PF_KEY\)/);
  });

  it('warns about an unset or empty key variable by name', () => {
    expect(keyWarning(ref(mock.url), {})).toBe('--api-key-env AE_PF_KEY: AE_PF_KEY is not set; requests go without an API key');
    expect(keyWarning(ref(mock.url), { AE_PF_KEY: ' ' })).toMatch(/AE_PF_KEY is empty/);
    expect(keyWarning(ref(mock.url), env)).toBeNull();
  });

  it('an unknown model: not in the list and a 404 on the 1-token completion', async () => {
    mock.reset();
    const e = await failure(preflight([ref(mock.url, 'ckpt-typo')], { warn: () => {}, env }));
    expect(e.kind).toBe('unknown-model');
    expect(e.message).toMatch(/model "ckpt-typo" is not served by http:\/\/127\.0\.0\.1:\d+\/v1 \(it serves: ckpt\): HTTP 404/);
    expect(mock.count).toBe(0); // the 404 answer is not a served request
  });

  it('without /models, a 1-token completion decides: served passes, unknown fails', async () => {
    mock.setOptions({ noModelsRoute: true });
    try {
      mock.reset();
      await preflight([ref(mock.url)], { warn: () => {}, env });
      expect(mock.count).toBe(1);
      expect(mock.requests[0]!.body).toMatchObject({ model: 'ckpt', max_tokens: 1 });
      const e = await failure(preflight([ref(mock.url, 'nope')], { warn: () => {}, env }));
      expect(e.kind).toBe('unknown-model');
      expect(e.message).toMatch(/The model `nope` does not exist/);
    } finally {
      mock.setOptions({ noModelsRoute: false });
    }
  });

  it('nothing listening: unreachable; one live replica beside a dead one only warns', async () => {
    const e = await failure(preflight([ref(dead)], { warn: () => {}, env }));
    expect(e.kind).toBe('unreachable');
    expect(e.message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+\/v1 \(ECONNREFUSED/);
    const warnings: string[] = [];
    await preflight([ref([dead, mock.url])], { warn: (m) => warnings.push(m), env });
    expect(warnings.join('\n')).toMatch(/ECONNREFUSED.*the other replicas take its requests/);
  });

  it('an endpoint that accepts connections but never answers is unreachable within the deadline', async () => {
    // A server that accepts connections and never answers.
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer((s) => sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/v1`;
      const e = await failure(preflight([ref(url)], { warn: () => {}, env, listTimeoutMs: 300, completionTimeoutMs: 300 }));
      expect(e.kind).toBe('unreachable');
      expect(e.message).toMatch(/did not answer within/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});

describe('preflight in the CLI (spawned from dist/)', CLI_TIMEOUT, () => {
  const spider = (base: string, extra: string[] = []) => [
    'run', 'spider', '--model', 'openai:ckpt', '--base-url', base, '--limit', '2', '--quiet', '--max-retries', '0',
    '--api-key-env', 'AE_PF_KEY', '--results-dir', join(tmp, 'results'), ...extra,
  ];

  it('a 401 stops `run` before any sample with exit 5, naming the key variable', async () => {
    mock.reset();
    const out = join(tmp, 'auth');
    const r = await spawnCli([...spider(mock.url, ['--out', out]), '--api-key-env', 'MY_KEY'], { env: { MY_KEY: undefined } });
    expect(r.status).toBe(5);
    expect(r.stderr).toContain('--api-key-env MY_KEY: MY_KEY is not set');
    expect(r.stderr).toMatch(/preflight failed .*HTTP 401 .*MY_KEY is not set/);
    expect(mock.count).toBe(0);
    expect(existsSync(join(out, 'samples.jsonl'))).toBe(false);
  });

  it('an unknown model stops `run` with exit 5', async () => {
    const r = await spawnCli(spider(mock.url, ['--out', join(tmp, 'model'), '--model', 'openai:ckpt-typo']), { env });
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/model "ckpt-typo" is not served by .*it serves: ckpt/);
  });

  it('an endpoint nothing answers at stops `run` with exit 5; --no-preflight skips the check', async () => {
    const r = await spawnCli(spider(dead, ['--out', join(tmp, 'dead')]), { env });
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/cannot reach .*ECONNREFUSED.*is the server running/);
    // Skipped: every request fails, every record is an error, nothing scored ⇒ failed (4).
    const skipped = await spawnCli(spider(dead, ['--out', join(tmp, 'dead2'), '--no-preflight', '--timeout', '2']), { env });
    expect(skipped.status).toBe(4);
    expect(skipped.stderr).not.toMatch(/preflight failed/);
    expect(skipped.stderr).toMatch(/nothing was scored/);
  });

  it('`suite` checks every model endpoint before any cell starts', async () => {
    const suite = join(tmp, 'suite.yaml');
    writeFileSync(suite, [
      'name: pf',
      `out: ${join(tmp, 'suite-out')}`,
      'endpoints:',
      `  local: { base_url: "${mock.url}", api_key_env: MY_SUITE_KEY }`,
      'models:',
      '  - { name: a, spec: "openai:ckpt", endpoint: local }',
      'benchmarks:',
      '  - { name: spider, limit: 2 }',
      '',
    ].join('\n'));
    mock.reset();
    const r = await spawnCli(['suite', suite, '--no-history'], { env: { MY_SUITE_KEY: 'sk-wrong' } });
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/the key in MY_SUITE_KEY was refused/);
    expect(mock.count).toBe(0);
    expect(existsSync(join(tmp, 'suite-out', 'a', 'spider'))).toBe(false);
  });

  it('rejudge checks the new judge before any sample', async () => {
    const run = join(tmp, 'unjudged');
    const first = await spawnCli(['run', 'localsearchbench', '--model', 'oracle', '--limit', '1', '--quiet', '--out', run, '--results-dir', join(tmp, 'results'), '--judge', 'none']);
    expect(first.status).toBe(0);
    const r = await spawnCli(['rejudge', run, '--judge', 'openai:ckpt', '--judge-base-url', dead, '--out', join(tmp, 'rejudged')], { env });
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/preflight failed .*cannot reach/);
    expect(existsSync(join(tmp, 'rejudged', 'samples.jsonl'))).toBe(false);
  });

  it('the LLM judge of localsearchbench is checked too, naming --judge-api-key-env', async () => {
    const r = await spawnCli([
      'run', 'localsearchbench', '--model', 'oracle', '--limit', '1', '--quiet', '--out', join(tmp, 'judge'),
      '--results-dir', join(tmp, 'results'), '--judge', 'openai:ckpt', '--judge-base-url', mock.url, '--judge-api-key-env', 'MY_JUDGE_KEY',
    ], { env: { MY_JUDGE_KEY: '' } });
    expect(r.status).toBe(5);
    expect(r.stderr).toContain('--judge-api-key-env MY_JUDGE_KEY: MY_JUDGE_KEY is empty');
    expect(r.stderr).toMatch(/judge endpoint .* HTTP 401/);
  });
});
