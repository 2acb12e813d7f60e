import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, ExchangeError } from '../harness/model/http-exchange.js';
import { startMockOpenAI, type MockOpenAI } from '../harness/testing/mock-openai.js';

let mock: MockOpenAI;
let pool: Pool;
let path: string;
beforeAll(async () => {
  mock = await startMockOpenAI();
  const u = new URL(mock.url);
  pool = new Pool(u.origin, { connections: 4, headersTimeout: 0, bodyTimeout: 0 });
  path = `${u.pathname}/chat/completions`;
});
afterAll(async () => {
  await pool.close();
  await mock.close();
});

const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
const headers = { 'content-type': 'application/json' };

describe('exchange (undici dispatch, body collected)', () => {
  it('returns status, headers and the whole body', async () => {
    const r = await exchange(pool, path, headers, body, 5000, undefined);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/json/);
    expect(JSON.parse(r.text).choices[0].message.content).toMatch(/mock answer/);
  });

  it('ends a hung request at its deadline as a timeout, and the pool keeps serving', async () => {
    mock.setOptions({ fault: (_r, i) => (i === 1 ? { type: 'hang' } : null) });
    // The mock never answers: without the deadline this would hold the test to its timeout.
    const err = await exchange(pool, path, headers, body, 200, undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect((err as ExchangeError).end).toBe('timeout');
    expect((await exchange(pool, path, headers, body, 5000, undefined)).status).toBe(200);
    mock.setOptions({ fault: undefined });
  });

  it('stops at once on a caller abort (also one already aborted) and reports a dropped socket as an error', async () => {
    const pre = new AbortController();
    pre.abort();
    expect(((await exchange(pool, path, headers, body, 5000, pre.signal).catch((e: unknown) => e)) as ExchangeError).end).toBe('aborted');
    mock.setOptions({ fault: () => ({ type: 'hang' }) });
    const c = new AbortController();
    const p = exchange(pool, path, headers, body, 0, c.signal);
    setTimeout(() => c.abort(), 50);
    expect(((await p.catch((e: unknown) => e)) as ExchangeError).end).toBe('aborted');
    mock.setOptions({ fault: () => ({ type: 'drop' }) });
    const dropped = (await exchange(pool, path, headers, body, 5000, undefined).catch((e: unknown) => e)) as ExchangeError;
    expect(dropped.end).toBe('error');
    mock.setOptions({ fault: undefined });
  });
});
