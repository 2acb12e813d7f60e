// undici's index loads every dispatcher, fetch, WebSocket, cache and mock helper (~180 ms CPU and ~20 MB
// at start-up, measured); the engine needs only Pool and Client, which load with the request API on their own in ~50 ms.
// Same classes as `import { Pool } from 'undici'` (one require cache), typed by the package's own .d.ts.
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const require = createRequire(import.meta.url);

// What undici's index.js does on load: the request/stream/pipeline methods live on Dispatcher.prototype.
// Idempotent, so it is harmless when something else imports the whole package too.
Object.assign(
  (require('undici/lib/dispatcher/dispatcher.js') as { prototype: object }).prototype,
  require('undici/lib/api/index.js') as object,
);

export const Pool = require('undici/lib/dispatcher/pool.js') as typeof Undici.Pool;
export type Pool = Undici.Pool;
export const Client = require('undici/lib/dispatcher/client.js') as typeof Undici.Client;
export type Client = Undici.Client;

/**
 * A one-off request on its own connection, closed after (undici's `request()` would pull in the whole
 * package for its global Agent). The response body is read whole.
 */
export async function requestText(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; signal?: AbortSignal },
): Promise<{ statusCode: number; text: string }> {
  const u = new URL(url);
  const client = new Client(u.origin);
  try {
    const res = await client.request({ path: `${u.pathname}${u.search}`, ...init });
    return { statusCode: res.statusCode, text: await res.body.text() };
  } finally {
    client.destroy().catch(() => undefined);
  }
}
