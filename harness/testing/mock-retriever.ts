// A local stand-in for the Search-R1/FlashRAG retriever server (search_r1/search/retrieval_server.py
// `retrieve_endpoint`), for tests and demos: same request and response shapes, naive term-overlap
// scoring over an in-memory passage list, and a record of every request it received.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Json } from '../types.js';

export interface MockDoc {
  id: string;
  contents: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  contentType: string | null;
  /** Parsed JSON body (null when it was not JSON). */
  body: Json;
}

export interface MockRetrieverOptions {
  /** Answer the first N requests with HTTP 503 (to exercise retries). */
  failFirst?: number;
  /** Wait this long before each answer (to exercise timeouts). */
  delayMs?: number;
  /** Documents as the dense server sends them (`{id, contents}`, default) or as its BM25 retriever does (`{title, text, contents}`). */
  shape?: 'dense' | 'bm25';
  /** topk when the request has none; retrieval_server.py falls back to its `--topk` (default 3). */
  defaultTopk?: number;
}

export interface MockRetriever {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the endpoint is `${url}/retrieve`). */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function terms(s: string): Set<string> {
  return new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

function documentOf(doc: MockDoc, shape: 'dense' | 'bm25'): Json {
  if (shape === 'dense') return { id: doc.id, contents: doc.contents };
  const lines = doc.contents.split('\n');
  return { title: (lines[0] ?? '').replace(/^"+|"+$/g, ''), text: lines.slice(1).join('\n'), contents: doc.contents };
}

function send(res: ServerResponse, status: number, body: Json): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startMockRetriever(docs: readonly MockDoc[], opts: MockRetrieverOptions = {}): Promise<MockRetriever> {
  const shape = opts.shape ?? 'dense';
  const indexed = docs.map((d) => ({ doc: d, terms: terms(d.contents) }));
  const requests: RecordedRequest[] = [];
  let failuresLeft = opts.failFirst ?? 0;

  const rank = (query: string, topk: number) => {
    const q = [...terms(query)];
    return indexed
      .map((d, i) => ({ d, i, score: q.filter((t) => d.terms.has(t)).length }))
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .slice(0, topk);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: Json = null;
      try {
        body = JSON.parse(raw) as Json;
      } catch {
        /* recorded as null, answered 422 below */
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'] ?? null, body });
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (req.method !== 'POST' || req.url !== '/retrieve') return send(res, 404, { detail: 'Not Found' });
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        return send(res, 503, { detail: 'mock: temporarily unavailable' });
      }
      const b = body as { queries?: unknown; topk?: unknown; return_scores?: unknown } | null;
      if (!b || !Array.isArray(b.queries) || !b.queries.every((q) => typeof q === 'string')) {
        return send(res, 422, { detail: 'queries must be a list of strings' });
      }
      // Like the server: a missing or zero topk falls back to the default.
      const topk = typeof b.topk === 'number' && b.topk > 0 ? b.topk : (opts.defaultTopk ?? 3);
      const result: Json[] = (b.queries as string[]).map((q) =>
        rank(q, topk).map((h) => (b.return_scores === true ? { document: documentOf(h.d.doc, shape), score: h.score } : documentOf(h.d.doc, shape))),
      );
      send(res, 200, { result });
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { detail: String(e) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
