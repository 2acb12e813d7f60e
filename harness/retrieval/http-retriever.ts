// Client of the Search-R1/FlashRAG retriever server (search_r1/search/retrieval_server.py):
// `POST /retrieve {"queries": [...], "topk": k, "return_scores": true}` →
// `{"result": [[{"document": {...}, "score": s}, ...], ...]}` — one list per query, in order.
// Without return_scores the server sends bare documents; both shapes are accepted. Documents are
// corpus rows (`{id, contents}` from the dense/FAISS server) or `{title, text, contents}` (its
// BM25 retriever, which sends no id: Passage.id is then '').
import { Pool } from 'undici';
import { onAbort } from '../abort-fanout.js';
import type { JsonObject } from '../types.js';
import { normaliseDocument } from './format.js';
import { RetrieverError, type Passage, type Retriever } from './types.js';

export interface HttpRetrieverOptions {
  /** Server base URL (`http://127.0.0.1:8000`); a URL already ending in `/retrieve` is used as is. */
  url: string;
  /** Per-attempt deadline (default 60 s: a GPU server may embed a large batch). */
  timeoutMs?: number;
  /** Extra attempts on 5xx/429, timeouts and connection errors (default 2). */
  retries?: number;
  /** Backoff before retry i is retryBaseMs·2^i (default 250 ms). */
  retryBaseMs?: number;
  /** Keep-alive connections to the server (default 8). */
  connections?: number;
  /** Queries per request; a larger batch is split (default 256). */
  maxBatch?: number;
}

/** `{url}/retrieve`, unless the URL already names the endpoint. */
export function retrieveEndpoint(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`invalid retriever URL: ${url}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`retriever URL must be http(s): ${url}`);
  if (!/\/retrieve\/?$/.test(u.pathname)) u.pathname = `${u.pathname.replace(/\/+$/, '')}/retrieve`;
  return u;
}

/** The URL without credentials, query or fragment: safe for logs and the manifest. */
export function redactUrl(u: URL): string {
  const r = new URL(u.href);
  r.username = '';
  r.password = '';
  r.search = '';
  r.hash = '';
  return r.href;
}

/** Map the server's `result` to passages; throws a message on any shape mismatch. */
export function parseRetrieveResponse(body: unknown, queries: number, topk: number): Passage[][] {
  const result = (body as { result?: unknown } | null)?.result;
  if (!Array.isArray(result)) throw new Error('response has no "result" list');
  if (result.length !== queries) throw new Error(`"result" has ${result.length} lists for ${queries} queries`);
  return result.map((list: unknown, qi) => {
    if (!Array.isArray(list)) throw new Error(`result[${qi}] is not a list`);
    return list.slice(0, Math.max(0, topk)).map((item: unknown, di): Passage => {
      const wrapped = typeof item === 'object' && item !== null && 'document' in item;
      const doc = wrapped ? (item as { document: unknown }).document : item;
      const score = wrapped ? (item as { score?: unknown }).score : undefined;
      const p = normaliseDocument(doc, '');
      if ('error' in p) throw new Error(`result[${qi}][${di}]: ${p.error}`);
      return { ...p, score: typeof score === 'number' && Number.isFinite(score) ? score : null };
    });
  });
}

function errorCode(e: unknown): string {
  const err = e as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
  const code = err.code ?? err.cause?.code;
  return typeof code === 'string' ? code : String(err.message ?? e);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createHttpRetriever(opts: HttpRetrieverOptions): Retriever {
  const endpoint = retrieveEndpoint(opts.url);
  const shown = redactUrl(endpoint);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const retries = Math.max(0, opts.retries ?? 2);
  const retryBaseMs = opts.retryBaseMs ?? 250;
  const maxBatch = Math.max(1, opts.maxBatch ?? 256);
  const pool = new Pool(endpoint.origin, { connections: opts.connections ?? 8, keepAliveTimeout: 30_000 });
  const path = `${endpoint.pathname}${endpoint.search}`;

  async function post(queries: string[], topk: number, signal?: AbortSignal): Promise<Passage[][]> {
    const body = JSON.stringify({ queries, topk, return_scores: true });
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new RetrieverError(`retrieval from ${shown} aborted`, 'aborted', null, attempt - 1);
      const timeout = AbortSignal.timeout(timeoutMs);
      // Not AbortSignal.any: it adds a listener to the run's shared signal per request.
      const ac = new AbortController();
      const stopTimeout = onAbort(timeout, () => ac.abort(timeout.reason));
      const stopRun = signal ? onAbort(signal, () => ac.abort(signal.reason)) : undefined;
      const both = ac.signal;
      let failure: RetrieverError;
      try {
        const res = await pool.request({
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: both,
        });
        const text = await res.body.text();
        if (res.statusCode >= 200 && res.statusCode < 300) {
          try {
            return parseRetrieveResponse(JSON.parse(text), queries.length, topk);
          } catch (e) {
            throw new RetrieverError(`retriever ${shown} sent an unexpected response: ${(e as Error).message}`, 'protocol', res.statusCode, attempt);
          }
        }
        const status = res.statusCode;
        failure = new RetrieverError(`retriever ${shown} answered HTTP ${status}: ${text.slice(0, 300)}`, 'http', status, attempt);
        if (status < 500 && status !== 429) throw failure;
      } catch (e) {
        if (e instanceof RetrieverError) throw e;
        if (signal?.aborted) throw new RetrieverError(`retrieval from ${shown} aborted`, 'aborted', null, attempt);
        failure = timeout.aborted
          ? new RetrieverError(`retriever ${shown} did not answer within ${timeoutMs} ms`, 'timeout', null, attempt)
          : new RetrieverError(`cannot reach the retriever server at ${shown} (${errorCode(e)}); is it running?`, 'network', null, attempt);
      } finally {
        stopTimeout();
        stopRun?.();
      }
      if (attempt > retries) {
        throw new RetrieverError(`${failure.message} (after ${attempt} attempts)`, failure.kind, failure.status, attempt);
      }
      await sleep(retryBaseMs * 2 ** (attempt - 1));
    }
  }

  async function searchBatch(queries: string[], topk: number, signal?: AbortSignal): Promise<Passage[][]> {
    const out: Passage[][] = [];
    for (let i = 0; i < queries.length; i += maxBatch) {
      out.push(...(await post(queries.slice(i, i + maxBatch), topk, signal)));
    }
    return out;
  }

  return {
    async search(query, topk, signal) {
      const [first] = await searchBatch([query], topk, signal);
      return first ?? [];
    },
    searchBatch,
    describe(): JsonObject {
      return { backend: 'http', api: 'search-r1 /retrieve', url: shown, timeout_ms: timeoutMs, retries };
    },
    close: () => pool.close(),
  };
}
