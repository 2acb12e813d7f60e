// Retry policy of the model client: what is worth retrying, how long to wait.
// Statuses follow the OpenAI SDKs (openai-python src/openai/_base_client.py `_should_retry`:
// honour `x-should-retry`, retry 408/409/429/5xx; `_parse_retry_after_header`: `retry-after-ms`,
// then `retry-after` as seconds or an HTTP-date). Connection errors and timeouts are retried too,
// as those SDKs do. All functions here are pure (time and randomness are parameters).

export type RetryDecision = 'retry' | 'fatal';

export type FailureKind = 'http' | 'timeout' | 'network' | 'protocol' | 'aborted';

/** A 2xx response whose body is not a usable completion (truncated JSON, no `choices`). */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Our own per-attempt deadline fired (the reason passed to AbortController.abort). */
export class AttemptTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

/** Retry 408, 429 and 5xx; every other 4xx is the request's own fault and is not retried. */
export function classifyStatus(status: number): RetryDecision {
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'fatal';
}

// Socket-level failures: the request may never have reached the model, or the server died mid-way.
const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH',
  'ENETDOWN', 'EHOSTDOWN', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(err: unknown): string | null {
  // Walk the cause chain: wrappers (fetch's TypeError, AggregateError) keep the socket error there.
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** What kind of failure an error thrown by a request is (never 'http': statuses are not thrown). */
export function errorKind(err: unknown): Exclude<FailureKind, 'http'> {
  if (err instanceof AttemptTimeoutError) return 'timeout';
  if (err instanceof ProtocolError || err instanceof SyntaxError) return 'protocol';
  const code = errorCode(err);
  if (code !== null) {
    if (TIMEOUT_CODES.has(code)) return 'timeout';
    if (code.startsWith('HPE_')) return 'protocol'; // llhttp parser errors: garbage on the wire
    if (code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') return 'aborted';
  }
  if (err instanceof Error && err.name === 'AbortError') return 'aborted';
  return 'network';
}

/** Retry decision for an HTTP status or a thrown error. */
export function classify(input: number | unknown): RetryDecision {
  if (typeof input === 'number') return classifyStatus(input);
  const kind = errorKind(input);
  if (kind === 'timeout' || kind === 'protocol') return 'retry';
  if (kind === 'aborted') return 'fatal';
  const code = errorCode(input);
  // A closed/destroyed client is our own shutdown; an unknown error is most likely a bug.
  return code !== null && NETWORK_CODES.has(code) ? 'retry' : 'fatal';
}

/** `x-should-retry: true|false` lets the server override the status-based decision (OpenAI SDKs). */
export function classifyResponse(status: number, shouldRetryHeader: string | string[] | undefined): RetryDecision {
  if (shouldRetryHeader === 'true') return 'retry';
  if (shouldRetryHeader === 'false') return 'fatal';
  return classifyStatus(status);
}

/** `Retry-After` as delta-seconds (fractions allowed) or an HTTP-date → ms, capped at maxMs; null if absent/invalid. */
export function parseRetryAfter(value: string | string[] | undefined | null, now: number, maxMs = 30_000): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === null) return null;
  const s = v.trim();
  if (s === '') return null;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(s)) {
    ms = Number(s) * 1000;
  } else {
    // Only a real HTTP-date (it names a month); V8's Date.parse accepts junk like '-1'.
    if (!/[a-z]{3}/i.test(s)) return null;
    const at = Date.parse(s);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(Math.max(0, Math.round(ms)), maxMs);
}

/** The server's requested wait: `retry-after-ms` (OpenAI, Azure) first, then `retry-after`. */
export function retryAfterFromHeaders(
  headers: Record<string, string | string[] | undefined>,
  now: number,
  maxMs = 30_000,
): number | null {
  const msHeader = headers['retry-after-ms'];
  const msValue = Array.isArray(msHeader) ? msHeader[0] : msHeader;
  if (msValue !== undefined) {
    const ms = Number(msValue);
    if (Number.isFinite(ms) && ms >= 0) return Math.min(Math.round(ms), maxMs);
  }
  return parseRetryAfter(headers['retry-after'], now, maxMs);
}

/**
 * Delay before retry number `attempt` (1 = first retry): exponential backoff with full jitter
 * (uniform in [0, min(max, base·2^(attempt-1))]), but never less than the server's Retry-After.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  rng: () => number = Math.random,
  retryAfterMs: number | null = null,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(rng() * ceiling);
  return retryAfterMs !== null ? Math.max(jittered, retryAfterMs) : jittered;
}
