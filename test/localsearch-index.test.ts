import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedRag } from '../benchmarks/localsearch/backends.js';
import { bundledDataDir } from '../benchmarks/localsearch/load.js';
import { merchantIndexForFile, merchantIndexForRecords, type MerchantIndex } from '../benchmarks/localsearch/merchant-index.js';

let dir: string;
let index: MerchantIndex;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ae-lsb-index-'));
  index = await merchantIndexForFile(join(bundledDataDir(), 'merchants.jsonl'), dir);
});
afterAll(() => {
  index.close();
  rmSync(dir, { recursive: true, force: true });
});

const names = (hits: ReturnType<MerchantIndex['search']>) => hits.map((h) => h.merchant.name);

describe('embedded merchant index (FTS5, Chinese)', () => {
  it('indexes the bundled merchants and finds hotels near 西单 for "西单 酒店"', () => {
    expect(index.count).toBe(148);
    const hits = index.search('西单 酒店', '北京', 5);
    expect(names(hits).slice(0, 3).sort()).toEqual(['北京悦雅酒店', '山水商务酒店', '西西友谊宾馆'].sort());
    expect(hits[0]!.score).toBeGreaterThan(hits[hits.length - 1]!.score - 1e-9);
  });

  it('matches two-character words inside longer text (no word segmenter needed)', () => {
    expect(names(index.search('北京 国贸 面馆', '北京', 3))).toContain('川渝猪肝面馆');
    expect(names(index.search('汉阳区 停车场', '武汉', 2)).every((n) => String(n).includes('停车'))).toBe(true);
    expect(names(index.search('萧山区 牙科', '杭州', 3))).toEqual(expect.arrayContaining(['明德口腔诊所']));
  });

  it('keeps to the task city: 宜美佳 in 武汉 is not returned for 北京', () => {
    const bj = index.search('宜美佳 便利店', '北京', 10);
    expect(bj.every((h) => h.merchant.city === '北京')).toBe(true);
    const wh = index.search('宜美佳', '武汉', 10);
    expect(wh.map((h) => h.merchant.address)).toEqual(['武汉市汉阳区龟北路宏盛大厦A座']);
    expect(index.search('宜美佳', null, 10)).toHaveLength(2);
  });

  it('returns nothing for queries with no searchable text, and caches the built index by content', async () => {
    expect(index.search('!!! ', '北京', 5)).toEqual([]);
    const again = await merchantIndexForFile(join(bundledDataDir(), 'merchants.jsonl'), dir);
    expect(again.sha256).toBe(index.sha256);
    again.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.sqlite'))).toHaveLength(1);
  });

  it('formats hits through the rag backend as [商户i] blocks with poi ids', async () => {
    const rag = embeddedRag(index, 2);
    const r = await rag.search('西单 酒店', '北京');
    expect(r.success).toBe(true);
    expect(r.total).toBe(2);
    expect(r.context).toMatch(/^\[商户1\]\n商户名称: .+\npoi_id: poi_[0-9a-f]{12}\n类别: 酒店\n/);
    expect(r.context).toContain('\n\n[商户2]\n');
    expect(r.context).not.toContain('source_queries');
  });

  it('accepts LocalRAG-style merchant files and fails on a bad line naming file:line', async () => {
    const good = join(dir, 'm.jsonl');
    writeFileSync(good, [JSON.stringify({ id: 123, name: '外滩三号餐厅', city: '上海', address: '中山东一路3号', avg_price: 300 }), '', JSON.stringify({ name: '无城市商户', tags: ['火锅'] })].join('\n'));
    const idx = await merchantIndexForFile(good, dir);
    expect(idx.count).toBe(2);
    expect(idx.search('外滩 餐厅', '上海', 5)[0]!.merchant).toMatchObject({ poi_id: '123', name: '外滩三号餐厅' });
    // Merchants with no city are visible from every city.
    expect(names(idx.search('火锅', '北京', 5))).toEqual(['无城市商户']);
    idx.close();
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ name: 'ok' })}\n${JSON.stringify({ address: 'no name' })}\n`);
    await expect(merchantIndexForFile(bad, dir)).rejects.toThrow(/bad\.jsonl:2: field \/name/);
    expect(existsSync(join(dir, 'missing.jsonl'))).toBe(false);
    await expect(merchantIndexForFile(join(dir, 'missing.jsonl'), dir)).rejects.toThrow(/not found/);
  });

  it('indexes in-memory records too', async () => {
    const idx = await merchantIndexForRecords([{ poi_id: 'p1', name: '刚舅重庆小面馆', city: '重庆', address: '建新南路58号' }], dir, 'test');
    expect(names(idx.search('重庆小面', '重庆', 3))).toEqual(['刚舅重庆小面馆']);
    idx.close();
  });
});
