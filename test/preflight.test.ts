import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkReachable } from '../harness/model/preflight.js';
import { startMockOpenAI } from '../harness/testing/mock-openai.js';

/** A port with nothing listening: bind one, close it. */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('checkReachable', () => {
  it('names an endpoint nothing listens on, and passes a live one or a set with one live replica', async () => {
    const mock = await startMockOpenAI();
    const dead = `http://127.0.0.1:${await deadPort()}/v1`;
    try {
      expect(await checkReachable([mock.url])).toBeNull();
      expect(await checkReachable([dead])).toMatch(/cannot reach the endpoint: http:\/\/127\.0\.0\.1:\d+\/v1 \(ECONNREFUSED/);
      expect(await checkReachable([dead, mock.url])).toBeNull();
      expect(mock.requests.filter((r) => r.path.includes('chat')).length).toBe(0);
    } finally {
      await mock.close();
    }
  });
});
