// The two tool backends of LocalPlayground. `<rag>`: the embedded merchant index, or the official
// RAG server API (`POST /api/rag/search {query, city, top_k}` → `{answer, sources: [merchant…],
// metrics, processing_time}`, localsearchbench/localsearchbench.github.io server/rag_server.py).
// `<web_search>`: an HTTP endpoint taking `{query}` (the request shape of
// evaluation/web_search_agent.py's HTTP mode), or — with none configured — a clear failure the
// model sees and the run records. Tool failures are observations, as in the official pipeline
// (its agents return `{success: False, error}` and the loop goes on); they never fail the sample.
import { request } from 'undici';
import { onAbort } from '../../harness/abort-fanout.js';
import type { JsonObject } from '../../harness/types.js';
import { formatMerchantContext, webContext, type ToolOutcome } from './format.js';
import type { MerchantIndex } from './merchant-index.js';

export interface RagBackend {
  search(query: string, city: string | null, signal?: AbortSignal): Promise<ToolOutcome & { results: JsonObject[] }>;
  describe(): JsonObject;
  close(): Promise<void>;
}

export interface WebSearchBackend {
  search(query: string, signal?: AbortSignal): Promise<ToolOutcome>;
  describe(): JsonObject;
}

export function embeddedRag(index: MerchantIndex, topK: number): RagBackend {
  return {
    async search(query, city, signal) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
      const hits = index.search(query, city, topK);
      const results = hits.map((h) => h.merchant);
      return { success: true, context: formatMerchantContext(results), total: results.length, results };
    },
    describe: () => ({ ...index.describe(), top_k: topK }),
    close: async () => index.close(),
  };
}

export interface HttpOptions {
  timeoutMs: number;
  /** Extra attempts on 5xx/429 and connection errors. */
  retries: number;
  headers?: Record<string, string>;
}

type PostResult = { ok: true; body: unknown; text: string } | { ok: false; error: string };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function postJson(url: string, payload: JsonObject, opts: HttpOptions, signal?: AbortSignal): Promise<PostResult> {
  let last = '';
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) await sleep(250 * 2 ** (attempt - 1));
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new Error(`timeout after ${opts.timeoutMs} ms`)), opts.timeoutMs);
    const unsubscribe = signal ? onAbort(signal, () => ac.abort(signal.reason)) : undefined;
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json;charset=UTF-8', ...opts.headers },
        body: JSON.stringify(payload),
        signal: ac.signal,
      });
      const text = await res.body.text();
      if (res.statusCode >= 200 && res.statusCode < 300) {
        let body: unknown = text;
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          /* a plain-text answer is kept as text */
        }
        return { ok: true, body, text };
      }
      last = `HTTP ${res.statusCode}: ${text.slice(0, 300)}`;
      if (res.statusCode !== 429 && res.statusCode < 500) break;
    } catch (e) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
      const err = e as { code?: string; message?: string };
      last = ac.signal.aborted ? String((ac.signal.reason as Error)?.message ?? 'timeout') : `${err.code ?? ''} ${err.message ?? String(e)}`.trim();
    } finally {
      clearTimeout(timer);
      unsubscribe?.();
    }
  }
  return { ok: false, error: last };
}

/** `{url}/api/rag/search` unless the URL already names the endpoint. */
export function ragEndpoint(url: string): string {
  const u = new URL(url);
  if (!/\/api\/rag\/search\/?$/.test(u.pathname)) u.pathname = `${u.pathname.replace(/\/+$/, '')}/api/rag/search`;
  return u.href;
}

function safeUrl(href: string): string {
  const u = new URL(href);
  u.username = '';
  u.password = '';
  u.search = '';
  return u.href;
}

/** The official RAG server. `city` is sent as the task's city (the server's default is 上海). */
export function httpRag(url: string, topK: number, opts: HttpOptions): RagBackend {
  const endpoint = ragEndpoint(url);
  return {
    async search(query, city, signal) {
      const payload: JsonObject = { query, top_k: topK };
      if (city) payload.city = city;
      const r = await postJson(endpoint, payload, opts, signal);
      if (!r.ok) return { success: false, context: '', error: r.error, results: [] };
      const body = r.body as { sources?: unknown; results?: unknown } | null;
      const list = body && typeof body === 'object' ? (Array.isArray(body.sources) ? body.sources : body.results) : undefined;
      if (!Array.isArray(list)) return { success: false, context: '', error: 'RAG server response has no "sources" list', results: [] };
      const results = list.filter((x): x is JsonObject => x !== null && typeof x === 'object' && !Array.isArray(x));
      return { success: true, context: formatMerchantContext(results), total: results.length, results };
    },
    describe: () => ({ backend: 'http', url: safeUrl(endpoint), top_k: topK }),
    close: async () => {},
  };
}

export const WEB_SEARCH_UNAVAILABLE = 'web search unavailable: no --web-search-url configured';

export function webSearchBackend(url: string | undefined, opts: HttpOptions): WebSearchBackend {
  if (!url) {
    return {
      search: async () => ({ success: false, context: '', error: WEB_SEARCH_UNAVAILABLE, unavailable: true }),
      describe: () => ({ backend: 'unavailable' }),
    };
  }
  return {
    async search(query, signal) {
      const r = await postJson(url, { query }, opts, signal);
      if (!r.ok) return { success: false, context: '', error: r.error };
      return { success: true, context: webContext(r.body) };
    },
    describe: () => ({ backend: 'http', url: safeUrl(url) }),
  };
}
