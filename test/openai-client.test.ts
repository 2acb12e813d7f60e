import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAIClient, type ClientEvent, type OpenAIClientOptions } from '../harness/model/openai-client.js';
import { startMockOpenAI, type MockOpenAI, type MockOpenAIOptions } from '../harness/testing/mock-openai.js';
import { ModelError, type ChatRequest, type ModelClient } from '../harness/types.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

async function mockServer(opts?: MockOpenAIOptions): Promise<MockOpenAI> {
  const m = await startMockOpenAI(opts);
  open.push(m);
  return m;
}

function client(urls: string | string[], over: Partial<OpenAIClientOptions> = {}): ModelClient {
  const c = createOpenAIClient({
    spec: 'openai:test-model',
    model: 'test-model',
    baseUrls: Array.isArray(urls) ? urls : [urls],
    timeoutMs: 2000,
    maxRetries: 3,
    concurrency: 8,
    retryBaseMs: 1,
    retryMaxMs: 2000,
    ...over,
  });
  open.unshift(c); // close clients before servers
  return c;
}

const ask: ChatRequest = { messages: [{ role: 'user', content: 'What is 2+2?' }], sampling: { temperature: 0, max_tokens: 16 } };

async function modelError(p: Promise<unknown>): Promise<ModelError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ModelError);
  return e as ModelError;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('OpenAI client: requests and responses', () => {
  it('sends the chat body and maps the response', async () => {
    const m = await mockServer();
    const c = client(m.url, { extraBody: { top_k: 20, temperature: 1 } });
    const r = await c.chat({ ...ask, sampling: { temperature: 0.5, top_p: 0.9, max_tokens: 16, seed: 3, stop: ['\n'] } });
    expect(r.choices).toHaveLength(1);
    expect(r.choices[0]).toEqual({ content: 'mock answer 0', reasoning: null, toolCalls: [], finishReason: 'stop' });
    expect(r.attempts).toBe(1);
    expect(r.usage.total_tokens).toBe(r.usage.prompt_tokens + r.usage.completion_tokens);
    expect(r.usage.prompt_tokens).toBeGreaterThan(0);
    expect(m.requests[0]!.path).toBe('/v1/chat/completions');
    expect(m.requests[0]!.body).toEqual({
      top_k: 20,
      model: 'test-model',
      messages: ask.messages,
      temperature: 0.5, // explicit sampling wins over extraBody
      top_p: 0.9,
      max_tokens: 16,
      seed: 3,
      stop: ['\n'],
    });
  });

  it('posts /completions, with or without /v1 in the base URL', async () => {
    const m = await mockServer({ respond: (req) => ({ content: `<think>hmm</think>after ${String(req.body.prompt)}` }) });
    const c = client(m.url.replace(/\/v1$/, ''));
    const r = await c.complete({ prompt: 'Q: x\nA:', sampling: {} });
    expect(m.requests[0]!.path).toBe('/completions');
    expect(m.requests[0]!.body).toEqual({ model: 'test-model', prompt: 'Q: x\nA:' });
    expect(r.choices[0]!.content).toBe('after Q: x\nA:');
    expect(r.choices[0]!.reasoning).toBe('hmm');
  });

  it('splits reasoning_content and <think>, and maps tool calls', async () => {
    const m = await mockServer({
      respond: (_req, i) =>
        i === 0
          ? { content: '<think>inline</think>\nThe answer', reasoning_content: 'field' }
          : {
              content: null,
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } }],
            },
    });
    const c = client(m.url);
    const a = await c.chat(ask);
    expect(a.choices[0]!.content).toBe('The answer');
    expect(a.choices[0]!.reasoning).toBe('field\n\ninline');
    const tools = [{ type: 'function' as const, function: { name: 'search', description: 'web search', parameters: { type: 'object' } } }];
    const b = await c.chat({ ...ask, tools });
    expect(m.requests[1]!.body.tools).toEqual(tools);
    expect(b.choices[0]).toEqual({
      content: '',
      reasoning: null,
      toolCalls: [{ id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } }],
      finishReason: 'tool_calls',
    });
  });

  it('sends the API key as a Bearer token and never leaks it', async () => {
    const key = 'sk-very-secret-123';
    const m = await mockServer({ fault: () => ({ type: 'status', status: 401, body: `{"error":"bad key ${key}"}` }) });
    const events: ClientEvent[] = [];
    const c = client(m.url, { apiKey: key, onEvent: (e) => events.push(e) });
    const e = await modelError(c.chat(ask));
    expect(m.requests[0]!.headers.authorization).toBe(`Bearer ${key}`);
    expect(e.kind).toBe('http');
    expect(e.status).toBe(401);
    expect(e.message).toContain('[redacted]');
    expect(e.message).not.toContain(key);
    expect(JSON.stringify(e)).not.toContain(key);
    expect(String(e.stack)).not.toContain(key);
    expect(JSON.stringify(events)).not.toContain(key);
  });
});

describe('OpenAI client: retries', () => {
  it('retries a 500 and succeeds on the second attempt', async () => {
    const m = await mockServer({ fault: (_r, i) => (i === 0 ? { type: 'status', status: 500, body: 'boom' } : null) });
    const events: ClientEvent[] = [];
    const c = client(m.url, { onEvent: (e) => events.push(e) });
    const r = await c.chat(ask);
    expect(r.attempts).toBe(2);
    expect(m.count).toBe(2);
    expect(events.filter((e) => e.type === 'retry')).toEqual([{ type: 'retry', attempt: 1, reason: 'HTTP 500: boom', delayMs: expect.any(Number) }]);
    await sleep(30);
    expect(m.count).toBe(2); // nothing is sent again after a success
  });

  it('honours Retry-After on a 429', async () => {
    const m = await mockServer({ fault: (_r, i) => (i === 0 ? { type: 'status', status: 429, retryAfter: '1' } : null) });
    const events: ClientEvent[] = [];
    const c = client(m.url, { onEvent: (e) => events.push(e) });
    const r = await c.chat(ask);
    expect(r.attempts).toBe(2);
    const gap = m.requests[1]!.receivedAt - m.requests[0]!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(r.latencyMs).toBeGreaterThanOrEqual(950);
    expect(events).toContainEqual({ type: 'rate_limited', retryAfterMs: 1000 });
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ delayMs: 1000 });
  });

  it('does not retry a 400', async () => {
    const m = await mockServer({ fault: () => ({ type: 'status', status: 400, body: '{"error":{"message":"context too long"}}' }) });
    const c = client(m.url);
    const e = await modelError(c.chat(ask));
    expect(m.count).toBe(1);
    expect(e).toMatchObject({ kind: 'http', status: 400, attempts: 1 });
    expect(e.message).toBe('HTTP 400 after 1 attempt: {"error":{"message":"context too long"}}');
  });

  it('gives up after maxRetries with the last status, and the whole error body (records keep full messages)', async () => {
    const m = await mockServer({ fault: () => ({ type: 'status', status: 503, body: 'x'.repeat(500) }) });
    const c = client(m.url, { maxRetries: 2 });
    const e = await modelError(c.chat(ask));
    expect(m.count).toBe(3);
    expect(e).toMatchObject({ kind: 'http', status: 503, attempts: 3 });
    expect(e.message).toBe(`HTTP 503 after 3 attempts: ${'x'.repeat(500)}`);
  });

  it('times out a hanging request, then retries', async () => {
    const m = await mockServer({ fault: (_r, i) => (i === 0 ? { type: 'hang' } : null) });
    // Deadlines leave room for a loaded 2-core CI box: the retry must finish well inside it.
    const c = client(m.url, { timeoutMs: 500 });
    const t0 = Date.now();
    const r = await c.chat(ask);
    expect(r.attempts).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(490);
    expect(r.latencyMs).toBeGreaterThanOrEqual(490);
  });

  it('times out a stalled body too, and reports kind timeout when it persists', async () => {
    const m = await mockServer({ fault: () => ({ type: 'stall' }) });
    const c = client(m.url, { timeoutMs: 100, maxRetries: 1 });
    const e = await modelError(c.chat(ask));
    expect(e).toMatchObject({ kind: 'timeout', status: null, attempts: 2 });
    expect(e.message).toBe('timeout (100 ms) after 2 attempts');
    expect(m.count).toBe(2);
  });

  it('times out a late answer', async () => {
    const m = await mockServer({ fault: (_r, i) => (i === 0 ? { type: 'delay', ms: 4000 } : null) });
    const c = client(m.url, { timeoutMs: 500 });
    const r = await c.chat(ask);
    expect(r.attempts).toBe(2);
    // Latency counts from the first attempt, the one cut at its 500 ms deadline.
    expect(r.latencyMs).toBeGreaterThanOrEqual(490);
  });

  it('retries a dropped connection', async () => {
    const m = await mockServer({ fault: (_r, i) => (i === 0 ? { type: 'drop' } : null) });
    const c = client(m.url);
    const r = await c.chat(ask);
    expect(r.attempts).toBe(2);
    expect(m.count).toBe(2);
  });

  it('retries malformed JSON, then fails with a protocol error', async () => {
    const m = await mockServer({ fault: (_r, i) => (i === 0 ? { type: 'malformed' } : null) });
    const c = client(m.url, { maxRetries: 2 });
    expect((await c.chat(ask)).attempts).toBe(2);
    m.setOptions({ fault: () => ({ type: 'malformed' }) });
    m.reset();
    const e = await modelError(c.chat(ask));
    expect(e).toMatchObject({ kind: 'protocol', status: 200, attempts: 3 });
    expect(e.message).toMatch(/^protocol error after 3 attempts: invalid JSON/);
    expect(m.count).toBe(3);
  });

  it('treats a 200 without choices as a protocol error', async () => {
    const m = await mockServer({ fault: () => ({ type: 'status', status: 200, body: '{"error":{"message":"upstream"}}' }) });
    const c = client(m.url, { maxRetries: 1 });
    const e = await modelError(c.chat(ask));
    expect(e.kind).toBe('protocol');
    expect(e.message).toContain('response has no choices; error: {"message":"upstream"}');
  });

  it('fails with a network error when nothing listens', async () => {
    const m = await mockServer();
    const url = m.url;
    await m.close();
    const c = client(url, { maxRetries: 1 });
    const e = await modelError(c.chat(ask));
    expect(e).toMatchObject({ kind: 'network', status: null, attempts: 2 });
    expect(e.message).toContain('ECONNREFUSED');
  });
});

describe('OpenAI client: abort', () => {
  it('stops a hanging request at once on external abort', async () => {
    const m = await mockServer({ fault: () => ({ type: 'hang' }) });
    // A deadline far past the test's timeout: an abort that waited for it fails the test by timing out.
    const c = client(m.url, { timeoutMs: 600_000 });
    const ac = new AbortController();
    const pending = modelError(c.chat(ask, { signal: ac.signal }));
    // Abort once the server holds the request (a fixed delay raced the request on a loaded machine).
    while (m.count < 1) await sleep(5);
    ac.abort();
    expect(await pending).toMatchObject({ kind: 'aborted', attempts: 1 });
    expect(m.count).toBe(1);
  });

  it('stops during backoff and while queued', async () => {
    const m = await mockServer({ fault: () => ({ type: 'status', status: 500 }) });
    // A backoff far past the test's timeout: an abort that waited for it fails the test by timing out.
    const c = client(m.url, { retryBaseMs: 600_000, retryMaxMs: 600_000, concurrency: 1 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const e = await modelError(c.chat(ask, { signal: ac.signal }));
    expect(e.kind).toBe('aborted');
    const pre = new AbortController();
    pre.abort();
    expect((await modelError(c.chat(ask, { signal: pre.signal }))).attempts).toBe(0);
  });
});

describe('OpenAI client: n choices', () => {
  it('asks for n choices in one request', async () => {
    const m = await mockServer();
    const c = client(m.url);
    const r = await c.chat({ ...ask, n: 3 });
    expect(r.choices.map((x) => x.content)).toEqual(['mock answer 0', 'mock answer 0.1', 'mock answer 0.2']);
    expect(m.count).toBe(1);
    expect(m.requests[0]!.body.n).toBe(3);
  });

  it("fills missing choices with separate requests under useN 'auto' and remembers", async () => {
    const m = await mockServer({ supportsN: false });
    const c = client(m.url);
    const req = { ...ask, n: 3, sampling: { ...ask.sampling, seed: 7 } };
    const r = await c.chat(req);
    // 1 request with n=3 (answered with 1 choice) + 2 separate requests.
    expect(r.choices).toHaveLength(3);
    expect(m.count).toBe(3);
    expect(m.requests.map((q) => q.body.n)).toEqual([3, undefined, undefined]);
    expect(m.requests.map((q) => q.body.seed)).toEqual([7, 8, 9]);
    expect(r.usage.prompt_tokens).toBe(3 * 3); // usage summed over the 3 requests ('What is 2+2?' ≈ 3 tokens each)
    m.reset();
    await c.chat(req);
    // Now known to lack n: exactly n requests, none with n.
    expect(m.count).toBe(3);
    expect(m.requests.every((q) => q.body.n === undefined)).toBe(true);
  });

  it('fans out from the start with useN false', async () => {
    const m = await mockServer();
    const c = client(m.url, { useN: false });
    const r = await c.chat({ ...ask, n: 2 });
    expect(r.choices).toHaveLength(2);
    expect(r.attempts).toBe(1);
    expect(m.count).toBe(2);
  });
});

describe('OpenAI client: dispatch and concurrency', () => {
  it('sends more requests to the faster replica', async () => {
    const fast = await mockServer();
    const slow = await mockServer({ latencyMs: 40 });
    const c = client([fast.url, slow.url], { concurrency: 4 });
    await Promise.all(Array.from({ length: 40 }, () => c.chat(ask)));
    expect(fast.count + slow.count).toBe(40);
    expect(fast.count).toBeGreaterThan(slow.count * 2);
  });

  it('routes retries away from a dead replica', async () => {
    const live = await mockServer();
    const dead = await mockServer();
    const deadUrl = dead.url;
    await dead.close();
    const c = client([deadUrl, live.url], { maxRetries: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, () => c.chat(ask)));
    expect(results.every((r) => r.attempts <= 2)).toBe(true);
    expect(live.count).toBe(6);
  });

  it('keeps a fixed concurrency limit', async () => {
    const m = await mockServer({ latencyMs: 10 });
    const c = client(m.url, { concurrency: 3 });
    await Promise.all(Array.from({ length: 20 }, () => c.chat(ask)));
    expect(m.maxInFlight).toBe(3);
  });

  it('AIMD backs off on 429 and climbs again', async () => {
    let m: MockOpenAI | null = null;
    m = await mockServer({
      latencyMs: 5,
      // Capacity of 3: anything beyond is rate limited.
      fault: () => (m!.inFlight > 3 ? { type: 'status', status: 429 } : null),
    });
    const limits: number[] = [];
    const c = client(m.url, {
      concurrency: 'auto',
      maxConcurrency: 12,
      maxRetries: 50,
      onEvent: (e) => {
        if (e.type === 'concurrency') limits.push(e.limit);
      },
    });
    await Promise.all(Array.from({ length: 100 }, () => c.chat(ask)));
    const low = Math.min(...limits);
    expect(low).toBeLessThan(8);
    expect(limits.slice(limits.indexOf(low)).some((l) => l > low)).toBe(true);
    // Capacity gone: the limit climbs towards the ceiling.
    m.setOptions({ fault: undefined });
    await Promise.all(Array.from({ length: 150 }, () => c.chat(ask)));
    expect(limits[limits.length - 1]).toBeGreaterThan(Math.max(low, 4));
  });
});
