// A LocalSearchBench tool server on 127.0.0.1 for tests: the RAG server API
// (`POST /api/rag/search {query, city, top_k}` → `{answer, sources, metrics, processing_time}`, as
// localsearchbench.github.io server/rag_server.py answers) and a web search endpoint
// (`POST /web/search {query}` → a `baiduSearchResults` body). Replies are scripted; faults injectable.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocal } from './listen.js';

export interface MockToolRequest {
  path: string;
  body: Record<string, unknown>;
}

export interface MockLocalSearchOptions {
  /** Merchants for a RAG query (default: one merchant named after the query). */
  rag?: (body: Record<string, unknown>, index: number) => Array<Record<string, unknown>>;
  /** Web search body for a query (default: one baidu result). */
  web?: (body: Record<string, unknown>, index: number) => unknown;
  /** A status to answer instead, for the i-th request overall (null = answer normally). */
  fault?: (req: MockToolRequest, index: number) => number | null;
}

export interface MockLocalSearch {
  /** `http://127.0.0.1:PORT` (RAG at /api/rag/search, web at /web/search). */
  url: string;
  webUrl: string;
  requests: MockToolRequest[];
  setOptions(o: Partial<MockLocalSearchOptions>): void;
  reset(): void;
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export async function startMockLocalSearch(initial: MockLocalSearchOptions = {}): Promise<MockLocalSearch> {
  const options: MockLocalSearchOptions = { ...initial };
  const requests: MockToolRequest[] = [];
  let count = 0;

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const path = req.url ?? '/';
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw || '{}') as Record<string, unknown>;
    } catch {
      res.writeHead(400, JSON_HEADERS).end('{"detail":"invalid JSON"}');
      return;
    }
    const mreq = { path, body };
    requests.push(mreq);
    const index = count++;
    const status = options.fault?.(mreq, index) ?? null;
    if (status !== null) {
      res.writeHead(status, JSON_HEADERS).end(JSON.stringify({ detail: `mock fault ${status}` }));
      return;
    }
    if (req.method === 'POST' && path === '/api/rag/search') {
      const sources = options.rag ? options.rag(body, index) : [{ name: `商户-${String(body.query)}`, id: `poi_${index}`, address: '某路1号', rating: 4.5 }];
      const city = typeof body.city === 'string' ? body.city : '上海';
      res.writeHead(200, JSON_HEADERS).end(
        JSON.stringify({ answer: `在${city}找到 ${sources.length} 家相关商户`, sources, metrics: { city }, processing_time: 0.01 }),
      );
      return;
    }
    if (req.method === 'POST' && path === '/web/search') {
      const out = options.web ? options.web(body, index) : { baiduSearchResults: [{ title: `关于${String(body.query)}`, content: '网页摘要', url: 'http://example.invalid' }] };
      res.writeHead(200, JSON_HEADERS).end(JSON.stringify(out));
      return;
    }
    res.writeHead(404, JSON_HEADERS).end('{"detail":"Not Found"}');
  };

  const { server, port } = await listenLocal(handle);
  return {
    url: `http://127.0.0.1:${port}`,
    webUrl: `http://127.0.0.1:${port}/web/search`,
    requests,
    setOptions: (o) => Object.assign(options, o),
    reset: () => {
      requests.length = 0;
      count = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
