// Before a run sends thousands of requests: is anything listening at the endpoint? A refused or
// unresolvable connection fails the run at once with a clear message, instead of every sample
// retrying with backoff into an error record. Any HTTP answer (even 401/404) counts as reachable.
import { request } from 'undici';
import { redactUrl } from '../store/manifest.js';

export async function checkReachable(baseUrls: readonly string[], timeoutMs = 5000): Promise<string | null> {
  const down: string[] = [];
  await Promise.all(
    baseUrls.map(async (base) => {
      try {
        const res = await request(`${base.replace(/\/+$/, '')}/models`, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
        await res.body.dump();
      } catch (err) {
        const code = (err as { code?: string }).code ?? (err as Error).name;
        // A slow endpoint is not a dead one: only connection-level failures count.
        if (code === 'TimeoutError' || code === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT') return;
        down.push(`${redactUrl(base)} (${code}: ${(err as Error).message})`);
      }
    }),
  );
  if (down.length === 0 || down.length < baseUrls.length) return null; // some replica answers: the client routes around the others
  return `cannot reach the endpoint: ${down.join('; ')} — is the server running, and is --base-url right?`;
}
