import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../harness/datasets/fileinfo.js';
import { formatSearchR1 } from '../harness/retrieval/format.js';
import { buildIndex, indexFor, openIndex } from '../harness/retrieval/fts-index.js';
import { buildMatchQuery, segmentForIndex } from '../harness/retrieval/fts-query.js';
import { openRetriever } from '../harness/retrieval/open.js';
import { CorpusError, type Retriever } from '../harness/retrieval/types.js';

// Real corpus lines in their three formats, copied from the shared samples (see fixtures/retrieval/README.md).
const FIXTURES = join(import.meta.dirname, 'fixtures', 'retrieval');
const MINI = join(FIXTURES, 'mini_corpus_from_hotpot_context.jsonl');
const HOTPOT = join(FIXTURES, 'hotpot_corpus_context_paragraphs.jsonl');
const MUSIQUE = join(FIXTURES, 'musique_corpus_supporting_paragraphs.jsonl');

const dir = mkdtempSync(join(tmpdir(), 'fts-index-test-'));
const lines = readFileSync(MINI, 'utf8').split('\n').filter(Boolean).slice(0, 60);
const corpus = join(dir, 'mini.jsonl');
writeFileSync(corpus, lines.join('\n') + '\n');
const byId = new Map(lines.map((l) => {
  const o = JSON.parse(l) as { id: string; contents: string };
  return [o.id, o.contents] as const;
}));

let ix: Retriever;
beforeAll(async () => {
  const r = await buildIndex(corpus, join(dir, 'mini.sqlite'), { batchSize: 7 });
  expect(r.passages).toBe(60);
  ix = openIndex(r.path);
});
afterAll(async () => {
  await ix.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('buildIndex + openIndex', () => {
  it('ranks the passage whose title is the query first, with its exact id/title/text/contents', async () => {
    const hits = await ix.search('Scott Derrickson', 3);
    expect(hits).toHaveLength(3);
    const top = hits[0]!;
    expect(top.id).toBe('1');
    expect(top.title).toBe('Scott Derrickson');
    expect(top.contents).toBe(byId.get('1'));
    expect(top.text).toBe(byId.get('1')!.split('\n').slice(1).join('\n'));
    expect(hits.map((h) => h.score!)).toEqual([...hits.map((h) => h.score!)].sort((a, b) => b - a));
    expect(top.score).toBeGreaterThan(0);
  });

  it('matches stemmed words and ranks by relevance', async () => {
    expect((await ix.search('Ed Wood 1994 biographical film directed by Tim Burton', 1))[0]?.id).toBe('0');
    expect((await ix.search('Kansas City jazz musicians', 1))[0]?.title).toBe('Kansas City jazz');
  });

  it('gives the same results on every search and a Search-R1 rendering', async () => {
    const a = await ix.search('Woodson Arkansas', 2);
    const b = await ix.search('Woodson Arkansas', 2);
    expect(b).toEqual(a);
    expect(formatSearchR1(a).startsWith('Doc 1(Title: "Woodson, Arkansas") Woodson is a census-designated place')).toBe(true);
  });

  it('searchBatch answers per query, in order', async () => {
    const res = await ix.searchBatch(['Tyler Bates', 'Andre Norton Award', ''], 2);
    expect(res.map((r) => r[0]?.id)).toEqual(['3', '10', undefined]);
    expect(res[2]).toEqual([]);
  });

  it('never throws on hostile or odd queries', async () => {
    const hostile = ['"', 'AND OR NOT', '*', '(', 'NEAR(', ':', '', '   ', 'title:foo', 'a AND (b OR', '^x', 'NEAR("a" "b", 2)', '-', '""""', "don't", 'émigré Ünïcödé', '😀 🎬', '\u0000', 'x'.repeat(5000), 'ed '.repeat(500)];
    for (const q of hostile) {
      await expect(ix.search(q, 3)).resolves.toBeInstanceOf(Array);
    }
    expect(await ix.search('', 3)).toEqual([]);
    expect(await ix.search('Scott', 0)).toEqual([]);
  });

  it('builds OR queries of quoted terms, dropping stop words unless nothing else is left', () => {
    expect(buildMatchQuery('Who directed the film "Ed Wood"?', 'porter')).toBe('"Who" OR "directed" OR "film" OR "Ed" OR "Wood"');
    expect(buildMatchQuery('AND OR NOT', 'porter')).toBe('"AND" OR "OR" OR "NOT"');
    expect(buildMatchQuery('NEAR( * : )', 'porter')).toBe('"NEAR"');
    expect(buildMatchQuery('" * ( :', 'porter')).toBeNull();
    expect(buildMatchQuery('the the THE', 'unicode61')).toBe('"the"');
    expect(buildMatchQuery("Scott Derrickson's nationality?", 'porter')).toBe('"Scott" OR "Derrickson" OR "nationality"');
    expect(buildMatchQuery('a "b" c', 'porter')).toBe('"b" OR "c"');
  });

  it('describes itself for the manifest', async () => {
    const d = ix.describe();
    expect(d).toMatchObject({ backend: 'fts5', tokenizer: 'porter', passages: 60, format_version: 1 });
    expect(d.corpus_sha256).toBe(await sha256File(corpus));
  });

  it('reports a missing or foreign index clearly', () => {
    expect(() => openIndex(join(dir, 'nope.sqlite'))).toThrow(/index not found/);
    const bogus = join(dir, 'bogus.sqlite');
    writeFileSync(bogus, '');
    expect(() => openIndex(bogus)).toThrow(/not an agenteval FTS5 index/);
  });
});

describe('corpus formats and errors', () => {
  it('reads {title, text} lines without id (id = 0-based line) and {doc_id, title, text}', async () => {
    const h = join(dir, 'hotpot.sqlite');
    await buildIndex(HOTPOT, h);
    const r = openIndex(h);
    const top = (await r.search('Scott Derrickson', 1))[0]!;
    expect(top).toMatchObject({ id: '1', title: 'Scott Derrickson' });
    expect(top.contents.startsWith('"Scott Derrickson"\nScott Derrickson (born')).toBe(true);
    await r.close();

    const m = join(dir, 'musique.sqlite');
    await buildIndex(MUSIQUE, m);
    const r2 = openIndex(m);
    expect((await r2.search('Miquette Giraudy', 1))[0]).toMatchObject({ id: 'dev_0#5', title: 'Miquette Giraudy' });
    await r2.close();
  });

  it('fails fast naming file:line and leaves no partial index behind', async () => {
    const sub = mkdtempSync(join(dir, 'bad-'));
    const bad = join(sub, 'bad.jsonl');
    writeFileSync(bad, [...lines.slice(0, 4), '{"id": "x", "contents": ', ...lines.slice(4, 8)].join('\n'));
    const out = join(sub, 'bad.sqlite');
    const err = await buildIndex(bad, out, { batchSize: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusError);
    expect((err as CorpusError).message).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: invalid JSON`));
    expect((err as CorpusError).line).toBe(5);
    expect(readdirSync(sub)).toEqual(['bad.jsonl']);

    writeFileSync(bad, '{"id": "1", "contents": "\\"A\\"\\nx"}\n\n{"id": "2", "body": "no text"}\n');
    await expect(buildIndex(bad, out)).rejects.toThrow(/bad\.jsonl:3: needs a string "contents"/);
    writeFileSync(bad, '\n\n');
    await expect(buildIndex(bad, out)).rejects.toThrow(/no passages/);
    expect(readdirSync(sub)).toEqual(['bad.jsonl']);
  });
});

describe('indexFor cache', () => {
  it('builds once per corpus sha256 and reuses the index', async () => {
    const cache = join(dir, 'cache');
    let builds = 0;
    const p1 = await indexFor(corpus, cache, { log: () => builds++ });
    const st1 = statSync(p1);
    const copy = join(dir, 'copy-of-mini.jsonl');
    copyFileSync(corpus, copy);
    const p2 = await indexFor(copy, cache, { log: () => builds++ });
    expect(p2).toBe(p1);
    expect(builds).toBe(1);
    expect(statSync(p2).mtimeMs).toBe(st1.mtimeMs);
    expect(statSync(p2).ino).toBe(st1.ino);
    expect(readdirSync(cache)).toHaveLength(1);

    writeFileSync(copy, lines.slice(0, 5).join('\n'));
    const p3 = await indexFor(copy, cache, { log: () => builds++ });
    expect(p3).not.toBe(p1);
    expect(builds).toBe(2);

    const r = await openRetriever({ corpus, cacheDir: cache });
    expect(r.describe().index).toBe(p1);
    expect((await r.search('Scott Derrickson', 1))[0]?.id).toBe('1');
    await r.close();
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
    zh = openIndex((await buildIndex(f, join(dir, 'zh.sqlite'))).path);
    tri = openIndex((await buildIndex(f, join(dir, 'tri.sqlite'), { tokenizer: 'trigram' })).path);
  });
  afterAll(async () => {
    await zh.close();
    await tri.close();
  });
  const ids = async (r: Retriever, q: string, k = 3) => (await r.search(q, k)).map((p) => p.id);

  it('indexes each CJK character as a token and queries CJK runs as bigram phrases', () => {
    expect(segmentForIndex('KFC西单店', 'porter')).toBe('KFC 西  单  店 ');
    expect(segmentForIndex('ＫＦＣ', 'porter')).toBe('KFC');
    expect(buildMatchQuery('西单 酒店', 'porter')).toBe('"西 单" OR "酒 店"');
    expect(buildMatchQuery('朝阳区火锅', 'porter')).toBe('"朝 阳" OR "阳 区" OR "区 火" OR "火 锅"');
    expect(buildMatchQuery('茶', 'porter')).toBe('"茶"');
    expect(buildMatchQuery('西单 酒店', 'trigram')).toBeNull();
  });

  it('matches two-character Chinese words with the default tokenizer', async () => {
    expect((await ids(zh, '西单 酒店', 2)).sort()).toEqual(['m1', 'm4']);
    expect((await ids(zh, '火锅 朝阳区'))[0]).toBe('m2');
    expect((await ids(zh, '朝阳区'))[0]).toBe('m2');
    expect((await ids(zh, '烤鸭'))[0]).toBe('m3');
    expect(await ids(zh, '火锅', 5)).toHaveLength(2);
    expect((await ids(zh, '西单附近的肯德基'))[0]).toBe('m6');
    expect((await ids(zh, 'ｋｆｃ'))[0]).toBe('m6');
    expect(await ids(zh, '成都')).toEqual([]);
    const top = (await zh.search('西西友谊宾馆', 1))[0]!;
    expect(top).toMatchObject({ id: 'm1', title: '西西友谊宾馆', text: merchants[0]!.text });
  });

  it('trigram mode matches substrings of three or more characters only', async () => {
    expect((await ids(tri, '朝阳北路'))[0]).toBe('m2');
    expect((await ids(tri, '王府井'))[0]).toBe('m5');
    expect(await ids(tri, '西单 酒店')).toEqual([]);
    expect(tri.describe().tokenizer).toBe('trigram');
  });
});
