import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WEB_SEARCH_UNAVAILABLE, httpRag, ragEndpoint, webSearchBackend } from '../benchmarks/localsearch/backends.js';
import { localTools } from '../benchmarks/localsearch/tools.js';
import { startMockLocalSearch, type MockLocalSearch } from '../harness/testing/mock-localsearch.js';

let server: MockLocalSearch;
beforeAll(async () => {
  server = await startMockLocalSearch();
});
afterAll(() => server.close());
afterEach(() => {
  server.reset();
  server.setOptions({ rag: undefined, web: undefined, fault: undefined });
});

const http = { timeoutMs: 2000, retries: 2 };

describe('RAG server backend (POST /api/rag/search)', () => {
  it('sends {query, top_k, city} and formats the sources as [商户i] blocks', async () => {
    server.setOptions({
      rag: () => [
        { name: '西西友谊宾馆', id: 'poi_1', category: '酒店', address: '西城区西单北大街86号', rating: 4.8, avg_price: 600, similarity: 0.9 },
        { name: '北京悦雅酒店', id: 'poi_2', tags: ['商务', '豪华'] },
      ],
    });
    const rag = httpRag(server.url, 20, http);
    const r = await rag.search('北京 西单 酒店', '北京');
    expect(server.requests).toEqual([{ path: '/api/rag/search', body: { query: '北京 西单 酒店', top_k: 20, city: '北京' } }]);
    expect(r).toMatchObject({ success: true, total: 2 });
    expect(r.context).toBe(
      '[商户1]\n商户名称: 西西友谊宾馆\npoi_id: poi_1\n类别: 酒店\n地址: 西城区西单北大街86号\n评分: 4.8\n人均: 600元' +
        "\n\n[商户2]\n商户名称: 北京悦雅酒店\npoi_id: poi_2\n标签: ['商务', '豪华']",
    );
    expect(rag.describe()).toEqual({ backend: 'http', url: `${server.url}/api/rag/search`, top_k: 20 });
    // No city known: the field is left out (the server's default applies).
    await rag.search('q', null);
    expect(server.requests[1]!.body).toEqual({ query: 'q', top_k: 20 });
  });

  it('retries 5xx, then reports failures as observations (never throws)', async () => {
    server.setOptions({ fault: (_r, i) => (i < 2 ? 503 : null) });
    const ok = await httpRag(server.url, 5, http).search('q', '北京');
    expect(ok.success).toBe(true);
    expect(server.requests).toHaveLength(3);
    server.reset();
    server.setOptions({ fault: () => 400 });
    const bad = await httpRag(server.url, 5, http).search('q', '北京');
    expect(server.requests).toHaveLength(1);
    expect(bad).toMatchObject({ success: false, context: '' });
    expect(bad.error).toMatch(/^HTTP 400: /);
    const down = await httpRag('http://127.0.0.1:1', 5, { timeoutMs: 500, retries: 0 }).search('q', null);
    expect(down.success).toBe(false);
    expect(down.error).toMatch(/ECONNREFUSED|connect/);
  });

  it('builds the endpoint from a base URL', () => {
    expect(ragEndpoint('http://h:8000')).toBe('http://h:8000/api/rag/search');
    expect(ragEndpoint('http://h:8000/prefix/')).toBe('http://h:8000/prefix/api/rag/search');
    expect(ragEndpoint('http://h:8000/api/rag/search')).toBe('http://h:8000/api/rag/search');
  });

  it('is reachable through the rag Tool, whose observation is the official result block', async () => {
    const tools = localTools(httpRag(server.url, 3, http), webSearchBackend(undefined, http), '武汉');
    const r = await tools.rag.call({ query: '汉阳区 停车场' });
    expect(server.requests[0]!.body).toMatchObject({ city: '武汉', top_k: 3 });
    expect(r.text).toMatch(/^【RAG检索结果】\n查询: 汉阳区 停车场\n结果:\n\[商户1\]\n商户名称: 商户-汉阳区 停车场\n/);
    expect(r.meta).toEqual({ success: true, results: 1 });
  });
});

describe('web search backend', () => {
  it('posts {query} and extracts the context', async () => {
    const web = webSearchBackend(server.webUrl, http);
    const r = await web.search('武汉 今天 天气');
    expect(server.requests).toEqual([{ path: '/web/search', body: { query: '武汉 今天 天气' } }]);
    expect(r).toEqual({ success: true, context: '[结果1] 关于武汉 今天 天气: 网页摘要' });
  });

  it('without a URL answers "web search unavailable" as a failed call the run records', async () => {
    const tools = localTools(httpRag(server.url, 3, http), webSearchBackend(undefined, http), null);
    const r = await tools.web_search.call({ query: '天气' });
    expect(r).toEqual({
      text: `【Web搜索失败】\n查询: 天气\n错误: ${WEB_SEARCH_UNAVAILABLE}\n`,
      isError: true,
      meta: { success: false, error: WEB_SEARCH_UNAVAILABLE, unavailable: true },
    });
    expect(server.requests).toEqual([]);
  });
});
