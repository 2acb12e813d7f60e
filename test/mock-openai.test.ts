import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockOpenAI, type MockOpenAI } from '../harness/testing/mock-openai.js';

let mock: MockOpenAI | null = null;
afterEach(async () => {
  await mock?.close();
  mock = null;
});

async function post(url: string, path: string, body: unknown): Promise<{ status: number; headers: Record<string, unknown>; json: unknown }> {
  const u = new URL(url);
  const pool = new Pool(u.origin);
  try {
    const res = await pool.request({ path: u.pathname + path, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.body.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: res.statusCode, headers: res.headers, json };
  } finally {
    await pool.close();
  }
}

describe('mock OpenAI server', () => {
  it('answers chat with n choices, usage, and records the request', async () => {
    mock = await startMockOpenAI();
    const r = await post(mock.url, '/chat/completions', { model: 'm', n: 2, messages: [{ role: 'user', content: '12345678' }] });
    expect(r.status).toBe(200);
    const j = r.json as { choices: { message: { content: string } }[]; usage: { prompt_tokens: number; total_tokens: number } };
    expect(j.choices.map((c) => c.message.content)).toEqual(['mock answer 0', 'mock answer 0.1']);
    expect(j.usage.prompt_tokens).toBe(2);
    expect(j.usage.total_tokens).toBeGreaterThan(2);
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]!.body.n).toBe(2);
    expect(mock.requests[0]!.path).toBe('/v1/chat/completions');
  });

  it('ignores n without supportsN, serves /completions, scripted replies and faults', async () => {
    mock = await startMockOpenAI({
      supportsN: false,
      respond: (req) => ({ content: `echo ${String(req.body.prompt ?? '')}` }),
      fault: (_req, i) => (i === 1 ? { type: 'status', status: 429, retryAfter: '2' } : i === 2 ? { type: 'malformed' } : null),
    });
    const ok = await post(mock.url, '/completions', { model: 'm', n: 3, prompt: 'hi' });
    expect((ok.json as { choices: { text: string }[] }).choices.map((c) => c.text)).toEqual(['echo hi']);
    const limited = await post(mock.url, '/completions', { model: 'm', prompt: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('2');
    const bad = await post(mock.url, '/completions', { model: 'm', prompt: 'x' });
    expect(bad.status).toBe(200);
    expect(typeof bad.json).toBe('string'); // not parseable
    expect(mock.count).toBe(3);
    mock.reset();
    expect(mock.count).toBe(0);
    expect(mock.requests).toHaveLength(0);
  });

  it('serves /v1/models, 404s unknown routes, and can skip recording', async () => {
    mock = await startMockOpenAI({ record: false });
    const u = new URL(mock.url);
    const pool = new Pool(u.origin);
    const models = await pool.request({ path: '/v1/models', method: 'GET' });
    expect(models.statusCode).toBe(200);
    expect(((await models.body.json()) as { data: unknown[] }).data).toHaveLength(1);
    const missing = await pool.request({ path: '/v1/nope', method: 'POST', body: '{}' });
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
    await pool.close();
    await post(mock.url, '/chat/completions', { model: 'm', messages: [] });
    expect(mock.requests).toHaveLength(0);
    expect(mock.count).toBe(1);
  });

  it('close() ends hanging requests', async () => {
    mock = await startMockOpenAI({ fault: () => ({ type: 'hang' }) });
    const pending = post(mock.url, '/chat/completions', { model: 'm', messages: [] }).catch((e: unknown) => e);
    // Wait for the request to arrive (a fixed delay can lose that race on a loaded machine).
    while (mock.inFlight < 1) await new Promise((r) => setTimeout(r, 5));
    expect(mock.inFlight).toBe(1);
    await mock.close();
    mock = null;
    expect(await pending).toBeInstanceOf(Error);
  });
});
