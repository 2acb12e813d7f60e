import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJudge } from '../harness/judge/client.js';
import { judgeSlug, parseJudgeOptions } from '../harness/judge/options.js';
import { JudgeError, type JudgeConfig } from '../harness/judge/types.js';
import { ConfigError } from '../harness/run/options.js';
import { startMockOpenAI, type MockOpenAI } from '../harness/testing/mock-openai.js';

let mock: MockOpenAI;
let dir: string;
beforeAll(async () => {
  mock = await startMockOpenAI();
  dir = mkdtempSync(join(tmpdir(), 'ae-judge-'));
});
afterAll(async () => {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  mock.reset();
  mock.setOptions({ respond: undefined, fault: undefined });
});

const SCHEMA = { type: 'object', required: ['score'], properties: { score: { type: 'number', minimum: 0, maximum: 10 } } };
const config = (over: Partial<JudgeConfig> = {}): JudgeConfig => ({
  spec: 'openai:judge-a',
  model: 'judge-a',
  baseUrls: [mock.url],
  apiKeyEnv: 'AE_TEST_NO_SUCH_KEY',
  temperature: 0,
  timeoutMs: 5000,
  maxRetries: 0,
  formatRetries: 2,
  concurrency: 4,
  cacheDir: join(dir, 'cache'),
  ...over,
});
const req = (user: string) => ({ messages: [{ role: 'system' as const, content: '你是评测专家' }, { role: 'user' as const, content: user }], schema: SCHEMA, label: 'test' });

describe('createJudge', () => {
  it('retries malformed output, caches the valid verdict, and answers the same request from the cache with no request', async () => {
    mock.setOptions({ respond: (_r, i) => (i === 0 ? { content: '我给8分' } : { content: '<think>想想</think>\n```json\n{"score": 8, "reason": "好"}\n```' }) });
    const judge = createJudge(config());
    const v = await judge.judge<{ score: number }>(req('q1'));
    expect(v).toMatchObject({ value: { score: 8, reason: '好' }, cached: false, requests: 2 });
    expect(mock.count).toBe(2);
    const body = mock.requests[1]!.body;
    expect(body).toMatchObject({ model: 'judge-a', temperature: 0, messages: req('q1').messages });
    expect(body.max_tokens).toBeUndefined();
    const again = await judge.judge<{ score: number }>(req('q1'));
    expect(again).toMatchObject({ value: { score: 8 }, cached: true, requests: 0, key: v.key });
    expect(mock.count).toBe(2);
    expect(judge.stats()).toEqual({ requests: 2, cacheHits: 1, malformed: 1 });
    await judge.close();
    expect(existsSync(join(dir, 'cache', 'judge.sqlite'))).toBe(true);

    // A new judge on the same cache folder (a later `rejudge`) hits too; another model or prompt misses.
    const later = createJudge(config());
    expect((await later.judge(req('q1'))).cached).toBe(true);
    expect(mock.count).toBe(2);
    mock.setOptions({ respond: () => ({ content: '{"score": 3}' }) });
    expect((await later.judge(req('q2'))).cached).toBe(false);
    await later.close();
    const other = createJudge(config({ spec: 'openai:judge-b', model: 'judge-b' }));
    expect((await other.judge(req('q1'))).cached).toBe(false);
    expect(mock.count).toBe(4);
    await other.close();
  });

  it('gives a JudgeError (never a score) when every answer is malformed or out of range, and caches nothing', async () => {
    mock.setOptions({ respond: (_r, i) => ({ content: i % 2 ? '{"score": 11}' : 'no json' }) });
    const judge = createJudge(config({ formatRetries: 1, cacheDir: join(dir, 'c2') }));
    const err = await judge.judge(req('bad')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JudgeError);
    expect(err).toMatchObject({ kind: 'malformed', requests: 2, lastOutput: '{"score": 11}' });
    expect((err as Error).message).toMatch(/no valid verdict in 2 request\(s\).*\/score/);
    await expect(judge.judge(req('bad'))).rejects.toBeInstanceOf(JudgeError);
    expect(mock.count).toBe(4);
    await judge.close();
  });

  it('turns an endpoint failure into a JudgeError of kind endpoint; sends max_tokens when set', async () => {
    mock.setOptions({ fault: () => ({ type: 'status', status: 500 }) });
    const judge = createJudge(config({ maxTokens: 18000, cacheDir: null }));
    await expect(judge.judge(req('x'))).rejects.toMatchObject({ name: 'JudgeError', kind: 'endpoint' });
    expect(mock.requests[0]!.body.max_tokens).toBe(18000);
    expect(judge.describe()).toEqual({ spec: 'openai:judge-a', temperature: 0, max_tokens: 18000, format_retries: 2 });
    await judge.close();
  });
});

describe('judge options', () => {
  it('parses --judge and friends, with defaults and validation', () => {
    expect(parseJudgeOptions({ judge: 'none' }, dir)).toBeNull();
    expect(() => parseJudgeOptions({}, dir)).toThrow(ConfigError);
    expect(parseJudgeOptions({}, dir, false)).toBeNull();
    expect(() => parseJudgeOptions({ judge: 'gpt-4.1' }, dir)).toThrow(/openai:<model>/);
    const c = parseJudgeOptions({ judge: 'openai:gpt-4.1', judgeBaseUrl: 'http://a/v1, http://b/v1', judgeMaxLength: '18000', judgeTemperature: '0.2' }, dir)!;
    expect(c).toMatchObject({ spec: 'openai:gpt-4.1', model: 'gpt-4.1', baseUrls: ['http://a/v1', 'http://b/v1'], maxTokens: 18000, temperature: 0.2, apiKeyEnv: 'OPENAI_API_KEY', timeoutMs: 300_000, formatRetries: 2, cacheDir: dir });
    expect(() => parseJudgeOptions({ judge: 'openai:x', judgeConcurrency: '0' }, dir)).toThrow(/--judge-concurrency/);
    expect(judgeSlug('openai:anthropic.claude-opus-4.1')).toBe('anthropic.claude-opus-4.1');
  });
});
