// Building and opening embedded BM25 indexes: the three corpus formats, fail-fast corpus errors
// without partial output, the cache keyed by corpus sha256 (reused across paths, rebuilt on
// change), openRetriever's wiring, and Chinese text.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../harness/datasets/fileinfo.js';
import { formatSearchR1 } from '../harness/retrieval/format.js';
import { buildBm25Index } from '../harness/retrieval/bm25-build.js';
import { bm25IndexFor, readBm25Meta } from '../harness/retrieval/bm25-index.js';
import { openBm25Retriever } from '../harness/retrieval/bm25-pool.js';
import { openRetriever } from '../harness/retrieval/open.js';
import { CorpusError, type Retriever } from '../harness/retrieval/types.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'retrieval');
const MINI = join(FIXTURES, 'mini_corpus_from_hotpot_context.jsonl');
const HOTPOT = join(FIXTURES, 'hotpot_corpus_context_paragraphs.jsonl');
const MUSIQUE = join(FIXTURES, 'musique_corpus_supporting_paragraphs.jsonl');

const dir = mkdtempSync(join(tmpdir(), 'bm25-index-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lines = readFileSync(MINI, 'utf8').split('\n').filter(Boolean);

describe('buildBm25Index + open', () => {
  let ix: Retriever;
  beforeAll(async () => {
    const r = await buildBm25Index(MINI, join(dir, 'mini.bm25'));
    expect(r.passages).toBe(60);
    ix = openBm25Retriever(r.path, { workers: 0 });
  });
  afterAll(() => ix.close());

  it('ranks the passage named by the query first and renders it the Search-R1 way', async () => {
    const top = (await ix.search('Scott Derrickson', 3))[0]!;
    expect(top).toMatchObject({ id: '1', title: 'Scott Derrickson' });
    expect((await ix.search('Ed Wood 1994 biographical film directed by Tim Burton', 1))[0]?.id).toBe('0');
    const a = await ix.search('Woodson Arkansas', 2);
    expect(formatSearchR1(a).startsWith('Doc 1(Title: "Woodson, Arkansas") Woodson is a census-designated place')).toBe(true);
  });

  it('never throws on hostile or odd queries', async () => {
    const hostile = ['"', 'AND OR NOT', '*', '(', 'NEAR(', ':', '', '   ', 'title:foo', "don't", 'émigré Ünïcödé', '😀 🎬', '\u0000', 'x'.repeat(50_000), 'ed '.repeat(5000)];
    for (const q of hostile) await expect(ix.search(q, 3)).resolves.toBeInstanceOf(Array);
    expect(await ix.search('', 3)).toEqual([]);
    expect(await ix.search('the of and', 3)).toEqual([]);
    expect(await ix.search('Scott', 0)).toEqual([]);
  });

  it('describes itself for the manifest', async () => {
    expect(ix.describe()).toMatchObject({ backend: 'bm25', tokenizer: 'porter', passages: 60, format_version: 1, workers: 0, corpus_sha256: await sha256File(MINI) });
    expect(String(ix.describe().ranking)).toMatch(/k1=0.9 b=0.4/);
  });

  it('reads {title, text} lines without id (id = 0-based line) and {doc_id, title, text}', async () => {
    await buildBm25Index(HOTPOT, join(dir, 'hotpot.bm25'));
    const r = openBm25Retriever(join(dir, 'hotpot.bm25'), { workers: 0 });
    const top = (await r.search('Scott Derrickson', 1))[0]!;
    expect(top).toMatchObject({ id: '1', title: 'Scott Derrickson' });
    expect(top.contents.startsWith('"Scott Derrickson"\nScott Derrickson (born')).toBe(true);
    await r.close();
    await buildBm25Index(MUSIQUE, join(dir, 'musique.bm25'));
    const r2 = openBm25Retriever(join(dir, 'musique.bm25'), { workers: 0 });
    expect((await r2.search('Miquette Giraudy', 1))[0]).toMatchObject({ id: 'dev_0#5', title: 'Miquette Giraudy' });
    await r2.close();
  });

  it('fails fast naming file:line and leaves no partial index behind', async () => {
    const sub = mkdtempSync(join(dir, 'bad-'));
    const bad = join(sub, 'bad.jsonl');
    writeFileSync(bad, [...lines.slice(0, 4), '{"id": "x", "contents": ', ...lines.slice(4, 8)].join('\n'));
    const out = join(sub, 'bad.bm25');
    const err = await buildBm25Index(bad, out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusError);
    expect((err as CorpusError).line).toBe(5);
    expect((err as CorpusError).message).toMatch(/bad\.jsonl:5: invalid JSON/);
    writeFileSync(bad, '{"id": "1", "contents": "\\"A\\"\\nx"}\n\n{"id": "2", "body": "no text"}\n');
    await expect(buildBm25Index(bad, out)).rejects.toThrow(/bad\.jsonl:3: needs a string "contents"/);
    writeFileSync(bad, '\n\n');
    await expect(buildBm25Index(bad, out)).rejects.toThrow(/no passages/);
    expect(readdirSync(sub)).toEqual(['bad.jsonl']);
  });
});

describe('bm25IndexFor cache', () => {
  it('builds once per corpus sha256 and reuses the index from another path; an edit rebuilds', async () => {
    const cache = join(dir, 'cache');
    const corpus = join(dir, 'mini.jsonl');
    copyFileSync(MINI, corpus);
    let builds = 0;
    const p1 = await bm25IndexFor(corpus, cache, { log: () => builds++ });
    const st1 = statSync(join(p1, 'postings.bin'));
    const copy = join(dir, 'copy-of-mini.jsonl');
    copyFileSync(corpus, copy);
    const p2 = await bm25IndexFor(copy, cache, { log: () => builds++ });
    expect(p2).toBe(p1);
    expect(builds).toBe(1);
    expect(statSync(join(p2, 'postings.bin')).mtimeMs).toBe(st1.mtimeMs);
    expect(readdirSync(cache)).toHaveLength(1);

    writeFileSync(copy, lines.slice(0, 5).join('\n'));
    const p3 = await bm25IndexFor(copy, cache, { log: () => builds++ });
    expect(p3).not.toBe(p1);
    expect(builds).toBe(2);
    expect(readBm25Meta(p3).passages).toBe(5);

    const r = await openRetriever({ corpus, cacheDir: cache, workers: 1 });
    expect(r.describe()).toMatchObject({ index: p1, workers: 1 });
    expect((await r.search('Scott Derrickson', 1))[0]?.id).toBe('1');
    await r.close();
    const byIndex = await openRetriever({ index: p3, cacheDir: cache, workers: 0 });
    expect(byIndex.describe()).toMatchObject({ passages: 5 });
    await byIndex.close();
    expect(builds).toBe(2);
    await expect(openRetriever({ cacheDir: cache })).rejects.toThrow(/no retriever/);
  });
});

describe('Chinese text', () => {
  const merchants = [
    { id: 'm1', title: '西西友谊宾馆', text: '西城区西单北大街86号，评分4.8，价格￥600-￥1200，商务酒店' },
    { id: 'm2', title: '海底捞火锅(朝阳大悦城店)', text: '朝阳区朝阳北路101号，评分4.6，人均120元，火锅' },
    { id: 'm3', title: '局气·烤鸭·京味坊', text: '西城区太仆寺街18号，评分4.4，北京菜烤鸭' },
    { id: 'm4', title: '北京悦雅酒店', text: '西城区西单北大街甲88号，评分4.8，豪华商务酒店' },
    { id: 'm5', title: '小龙坎老火锅', text: '东城区王府井大街，评分4.5，川菜火锅' },
    { id: 'm6', title: '肯德基(KFC西单店)', text: '西城区西单北大街120号，快餐' },
  ];
  let zh: Retriever;
  let tri: Retriever;
  beforeAll(async () => {
    const f = join(dir, 'merchants.jsonl');
    writeFileSync(f, merchants.map((m) => JSON.stringify(m)).join('\n'));
    zh = openBm25Retriever((await buildBm25Index(f, join(dir, 'zh.bm25'))).path, { workers: 0 });
    tri = openBm25Retriever((await buildBm25Index(f, join(dir, 'tri.bm25'), { analyzer: 'trigram' })).path, { workers: 0 });
  });
  afterAll(async () => {
    await zh.close();
    await tri.close();
  });
  const ids = async (r: Retriever, q: string, k = 3) => (await r.search(q, k)).map((p) => p.id);

  it('matches two-character Chinese words with the default analyzer (CJK bigrams)', async () => {
    expect((await ids(zh, '西单 酒店', 2)).sort()).toEqual(['m1', 'm4']);
    expect((await ids(zh, '火锅 朝阳区'))[0]).toBe('m2');
    expect((await ids(zh, '朝阳区'))[0]).toBe('m2');
    expect((await ids(zh, '烤鸭'))[0]).toBe('m3');
    expect(await ids(zh, '火锅', 5)).toHaveLength(2);
    expect((await ids(zh, '西单附近的肯德基'))[0]).toBe('m6');
    expect((await ids(zh, 'ｋｆｃ'))[0]).toBe('m6');
    expect(await ids(zh, '成都')).toEqual([]);
    expect((await zh.search('西西友谊宾馆', 1))[0]).toMatchObject({ id: 'm1', title: '西西友谊宾馆', text: merchants[0]!.text });
  });

  it('trigram mode matches substrings of three or more characters only', async () => {
    expect((await ids(tri, '朝阳北路'))[0]).toBe('m2');
    expect((await ids(tri, '王府井'))[0]).toBe('m5');
    expect(await ids(tri, '西单 酒店')).toEqual([]);
    expect(tri.describe().tokenizer).toBe('trigram');
  });
});
