import { describe, expect, it } from 'vitest';
import {
  AttemptTimeoutError,
  ProtocolError,
  backoffDelay,
  classify,
  classifyResponse,
  errorKind,
  parseRetryAfter,
  retryAfterFromHeaders,
} from '../harness/model/retry.js';

function codeError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('classify', () => {
  it('retries 408, 429 and 5xx; other 4xx (409 included) are fatal', () => {
    expect(classify(409)).toBe('fatal');
    for (const s of [408, 429, 500, 502, 503, 504]) expect(classify(s)).toBe('retry');
    for (const s of [400, 401, 403, 404, 413, 422]) expect(classify(s)).toBe('fatal');
  });

  it('honours x-should-retry', () => {
    expect(classifyResponse(400, 'true')).toBe('retry');
    expect(classifyResponse(500, 'false')).toBe('fatal');
    expect(classifyResponse(500, undefined)).toBe('retry');
  });

  it('retries connection errors, timeouts and protocol errors', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(classify(codeError(code))).toBe('retry');
      expect(errorKind(codeError(code))).toBe('network');
    }
    expect(classify(codeError('UND_ERR_HEADERS_TIMEOUT'))).toBe('retry');
    expect(errorKind(codeError('UND_ERR_BODY_TIMEOUT'))).toBe('timeout');
    expect(errorKind(new AttemptTimeoutError(10))).toBe('timeout');
    expect(classify(new ProtocolError('no choices'))).toBe('retry');
    expect(errorKind(codeError('HPE_INVALID_CONSTANT'))).toBe('protocol');
    // wrapped in a cause chain (fetch-style)
    expect(classify(new TypeError('fetch failed', { cause: codeError('ECONNRESET') }))).toBe('retry');
  });

  it('does not retry aborts, a closed client or unknown errors', () => {
    expect(classify(codeError('UND_ERR_ABORTED'))).toBe('fatal');
    expect(errorKind(codeError('UND_ERR_ABORTED'))).toBe('aborted');
    expect(classify(codeError('UND_ERR_CLOSED'))).toBe('fatal');
    expect(classify(new TypeError('x is not a function'))).toBe('fatal');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('parses delta-seconds, fractions included', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 2.5 ', now)).toBe(2500);
    expect(parseRetryAfter('0', now)).toBe(0);
  });
  it('parses an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0); // in the past
  });
  it('caps at maxMs and rejects junk', () => {
    expect(parseRetryAfter('3600', now, 30_000)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter(['2', '5'], now)).toBe(2000);
  });
  it('prefers retry-after-ms', () => {
    expect(retryAfterFromHeaders({ 'retry-after-ms': '150', 'retry-after': '9' }, now)).toBe(150);
    expect(retryAfterFromHeaders({ 'retry-after': '9' }, now)).toBe(9000);
    expect(retryAfterFromHeaders({}, now)).toBeNull();
  });
});

describe('backoffDelay', () => {
  it('is exponential with full jitter, capped', () => {
    expect(backoffDelay(1, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 30_000, () => 1)).toBe(2000);
    expect(backoffDelay(3, 500, 30_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, 500, 30_000, () => 0)).toBe(0);
    expect(backoffDelay(20, 500, 30_000, () => 1)).toBe(30_000);
  });
  it('waits at least Retry-After', () => {
    expect(backoffDelay(1, 500, 30_000, () => 0, 1000)).toBe(1000);
    expect(backoffDelay(5, 500, 30_000, () => 1, 1000)).toBe(8000);
  });
});
