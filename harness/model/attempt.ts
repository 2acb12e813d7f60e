// One HTTP attempt of the model client under its own deadline: a parsed completion, or the failure
// as data (kind, status, retry decision, message) for the retry loop in openai-client.ts. No
// exception on the failure path: it is the hot path of a struggling endpoint.
import type { Pool } from './undici-pool.js';
import { exchange, ExchangeError, type Exchange } from './http-exchange.js';
import type { Parsed } from './openai-response.js';
import { ProtocolError, classify, classifyResponse, errorKind, retryAfterFromHeaders, type FailureKind, type RetryDecision } from './retry.js';

/**
 * Most of an error body kept in the error record: a server's message is short, but records keep it
 * whole (tables cut it, not records). The cap only guards against a multi-megabyte HTML page.
 */
export const ERROR_BODY_MAX = 16_384;

export interface Failure {
  kind: FailureKind;
  status: number | null;
  decision: RetryDecision;
  /** e.g. `HTTP 500`, `timeout (100 ms)`. */
  head: string;
  /** Response body or error message. */
  detail: string;
  retryAfterMs: number | null;
}

export interface AttemptOptions {
  headers: Record<string, string>;
  /** Deadline covering headers and body (0 = none). */
  timeoutMs: number;
  /** Longest server-requested Retry-After honoured. */
  retryAfterMaxMs: number;
}

function failure(kind: FailureKind, status: number | null, decision: RetryDecision, head: string, detail: string, retryAfterMs: number | null): Failure {
  return { kind, status, decision, head, detail, retryAfterMs };
}

function bodyText(text: string): string {
  return text.length > ERROR_BODY_MAX ? `${text.slice(0, ERROR_BODY_MAX)}… (${text.length - ERROR_BODY_MAX} more characters)` : text;
}

export function isFailure(r: Parsed | Failure): r is Failure {
  return 'kind' in r;
}

export async function attempt(
  pool: Pool,
  path: string,
  body: string,
  parse: (data: unknown) => Parsed,
  opts: AttemptOptions,
  signal: AbortSignal | undefined,
): Promise<Parsed | Failure> {
  let res: Exchange;
  try {
    res = await exchange(pool, path, opts.headers, body, opts.timeoutMs, signal);
  } catch (e) {
    const end = e instanceof ExchangeError ? e.end : 'error';
    if (end === 'aborted' || signal?.aborted) return failure('aborted', null, 'fatal', 'aborted', '', null);
    if (end === 'timeout') return failure('timeout', null, 'retry', `timeout (${opts.timeoutMs} ms)`, '', null);
    const err = e instanceof ExchangeError ? e.cause : e;
    const kind = errorKind(err);
    const code = err !== null && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
    const msg = err instanceof Error ? err.message : String(err);
    return failure(kind, null, classify(err), kind === 'protocol' ? 'protocol error' : `${kind} error`, typeof code === 'string' ? `${code}: ${msg}` : msg, null);
  }
  const { status, text } = res;
  if (status < 200 || status >= 300) {
    // A server's own Retry-After is honoured up to retryAfterMaxMs (10 min), well past the backoff cap.
    const retryAfterMs = retryAfterFromHeaders(res.headers, Date.now(), opts.retryAfterMaxMs);
    return failure('http', status, classifyResponse(status, res.headers['x-should-retry']), `HTTP ${status}`, bodyText(text), retryAfterMs);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return failure('protocol', status, 'retry', 'protocol error', `invalid JSON (${text.length} bytes): ${bodyText(text)}`, null);
  }
  try {
    return parse(data);
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    return failure('protocol', status, 'retry', 'protocol error', err.message, null);
  }
}
