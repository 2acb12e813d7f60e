import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSearchR1 } from '../harness/retrieval/format.js';
import { createHttpRetriever, parseRetrieveResponse, retrieveEndpoint } from '../harness/retrieval/http-retriever.js';
import { openRetriever } from '../harness/retrieval/open.js';
import { RetrieverError } from '../harness/retrieval/types.js';
import { startMockRetriever, type MockDoc, type MockRetriever } from '../harness/testing/mock-retriever.js';

const DOCS: MockDoc[] = [
  { id: '0', contents: '"Ed Wood (film)"\nEd Wood is a 1994 American biographical film directed by Tim Burton.' },
  { id: '1', contents: '"Scott Derrickson"\nScott Derrickson is an American director, screenwriter and producer.' },
  { id: '2', contents: '"Tyler Bates"\nTyler Bates is an American musician, music producer, and composer.' },
];

let mock: MockRetriever;
beforeAll(async () => {
  mock = await startMockRetriever(DOCS);
});
afterAll(async () => {
  await mock.close();
});

async function closedPortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

describe('HTTP retriever against the Search-R1 API', () => {
  it('sends the Search-R1 request body and maps {document, score} items', async () => {
    const r = createHttpRetriever({ url: mock.url });
    const before = mock.requests.length;
    const hits = await r.search('Scott Derrickson director', 2);
    const req = mock.requests[before]!;
    expect(req).toMatchObject({ method: 'POST', path: '/retrieve', contentType: 'application/json' });
    expect(req.body).toEqual({ queries: ['Scott Derrickson director'], topk: 2, return_scores: true });
    expect(hits).toHaveLength(2);
    expect(hits[0]).toEqual({ id: '1', title: 'Scott Derrickson', text: 'Scott Derrickson is an American director, screenwriter and producer.', contents: DOCS[1]!.contents, score: 3 });
    expect(formatSearchR1(hits).split('\n')[0]).toBe('Doc 1(Title: "Scott Derrickson") Scott Derrickson is an American director, screenwriter and producer.');
    await r.close();
  });

  it('sends a batch in one request and keeps query order', async () => {
    const r = createHttpRetriever({ url: `${mock.url}/retrieve` });
    const before = mock.requests.length;
    const res = await r.searchBatch(['Tyler Bates musician', 'Ed Wood 1994', 'Scott Derrickson'], 1);
    expect(mock.requests.length - before).toBe(1);
    expect(res.map((l) => l.map((p) => p.id))).toEqual([['2'], ['0'], ['1']]);
    expect(await r.searchBatch([], 3)).toEqual([]);
    await r.close();
  });

  it('splits a batch larger than maxBatch', async () => {
    const r = createHttpRetriever({ url: mock.url, maxBatch: 2 });
    const before = mock.requests.length;
    const res = await r.searchBatch(['Ed', 'Scott', 'Tyler', 'Wood', 'Bates'], 1);
    expect(mock.requests.length - before).toBe(3);
    expect(res.map((l) => l[0]?.id)).toEqual(['0', '1', '2', '0', '2']);
    await r.close();
  });

  it("maps the BM25 server's {title, text, contents} documents (no id)", async () => {
    const bm25 = await startMockRetriever(DOCS, { shape: 'bm25' });
    const r = createHttpRetriever({ url: bm25.url });
    const [top] = await r.search('Tyler Bates', 1);
    expect(top).toEqual({ id: '', title: 'Tyler Bates', text: 'Tyler Bates is an American musician, music producer, and composer.', contents: DOCS[2]!.contents, score: 2 });
    await r.close();
    await bm25.close();
  });

  it('accepts bare documents (return_scores false) with a null score', () => {
    const res = parseRetrieveResponse({ result: [[{ id: '5', contents: '"T"\nx' }], []] }, 2, 3);
    expect(res).toEqual([[{ id: '5', title: 'T', text: 'x', contents: '"T"\nx', score: null }], []]);
    expect(() => parseRetrieveResponse({ result: [[]] }, 2, 3)).toThrow(/1 lists for 2 queries/);
    expect(() => parseRetrieveResponse({}, 1, 3)).toThrow(/no "result"/);
    expect(() => parseRetrieveResponse({ result: [[{ document: { id: 1 } }]] }, 1, 3)).toThrow(/result\[0\]\[0\]/);
  });

  it('retries 5xx answers and then succeeds', async () => {
    const flaky = await startMockRetriever(DOCS, { failFirst: 2 });
    const r = createHttpRetriever({ url: flaky.url, retries: 2, retryBaseMs: 5 });
    expect((await r.search('Ed Wood', 1))[0]?.id).toBe('0');
    expect(flaky.requests).toHaveLength(3);
    await r.close();
    await flaky.close();
  });

  it('gives up after the retries with an HTTP error', async () => {
    const down = await startMockRetriever(DOCS, { failFirst: 10 });
    const r = createHttpRetriever({ url: down.url, retries: 1, retryBaseMs: 5 });
    const err = (await r.search('x', 1).catch((e: unknown) => e)) as RetrieverError;
    expect(err).toBeInstanceOf(RetrieverError);
    expect(err).toMatchObject({ kind: 'http', status: 503, attempts: 2 });
    expect(err.message).toMatch(/HTTP 503.*after 2 attempts/);
    await r.close();
    await down.close();
  });

  it('does not retry a 4xx answer', async () => {
    const r = createHttpRetriever({ url: `${mock.url}/nothing-here/retrieve`, retries: 3, retryBaseMs: 5 });
    const before = mock.requests.length;
    await expect(r.search('x', 1)).rejects.toMatchObject({ kind: 'http', status: 404, attempts: 1 });
    expect(mock.requests.length - before).toBe(1);
    await r.close();
  });

  it('names the URL when the server is down', async () => {
    const url = await closedPortUrl();
    const r = createHttpRetriever({ url, retries: 1, retryBaseMs: 5 });
    const err = (await r.search('x', 1).catch((e: unknown) => e)) as RetrieverError;
    expect(err).toBeInstanceOf(RetrieverError);
    expect(err.kind).toBe('network');
    expect(err.message).toContain(`${url}/retrieve`);
    expect(err.message).toMatch(/ECONNREFUSED.*is it running\?.*after 2 attempts/);
    await r.close();
  });

  it('times out a slow server and honours an abort signal', async () => {
    const slow = await startMockRetriever(DOCS, { delayMs: 400 });
    const r = createHttpRetriever({ url: slow.url, timeoutMs: 80, retries: 0 });
    await expect(r.search('x', 1)).rejects.toMatchObject({ kind: 'timeout' });
    const ac = new AbortController();
    const p = createHttpRetriever({ url: slow.url, timeoutMs: 5000 });
    const pending = p.search('x', 1, ac.signal);
    setTimeout(() => ac.abort(), 30);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    await r.close();
    await p.close();
    await slow.close();
  });

  it('reports a malformed response as a protocol error', async () => {
    const bad = createServer((_req, res) => res.end('{"result": 5}'));
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r));
    const { port } = bad.address() as AddressInfo;
    const r = createHttpRetriever({ url: `http://127.0.0.1:${port}` });
    await expect(r.search('x', 1)).rejects.toMatchObject({ kind: 'protocol' });
    await r.close();
    await new Promise<void>((res) => {
      bad.closeAllConnections();
      bad.close(() => res());
    });
  });

  it('builds the endpoint URL and keeps secrets out of describe()', async () => {
    expect(retrieveEndpoint('http://h:8000').href).toBe('http://h:8000/retrieve');
    expect(retrieveEndpoint('http://h:8000/').href).toBe('http://h:8000/retrieve');
    expect(retrieveEndpoint('http://h:8000/api/').href).toBe('http://h:8000/api/retrieve');
    expect(retrieveEndpoint('http://h:8000/retrieve').href).toBe('http://h:8000/retrieve');
    expect(() => retrieveEndpoint('not a url')).toThrow(/invalid retriever URL/);
    const r = createHttpRetriever({ url: 'http://user:secret@127.0.0.1:9/?token=abc' });
    const d = JSON.stringify(r.describe());
    expect(d).toContain('http://127.0.0.1:9/retrieve');
    expect(d).not.toMatch(/secret|token|user/);
    await r.close();
  });

  it('openRetriever prefers the retriever URL over an index or corpus', async () => {
    const r = await openRetriever({ retrieverUrl: mock.url, index: '/nonexistent.sqlite', corpus: '/nonexistent.jsonl', cacheDir: '/nonexistent' });
    expect(r.describe().backend).toBe('http');
    expect((await r.search('Tyler', 1))[0]?.id).toBe('2');
    await r.close();
  });
});
