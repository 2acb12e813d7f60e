import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMerchantContext, formatToolBlock, contextOfBlock, toolFeedbackMessage, webContext } from '../benchmarks/localsearch/format.js';
import { bundledDataDir, loadTasks } from '../benchmarks/localsearch/load.js';
import { merchantsFromRows, merchantsJsonl, parseMerchantItem, parseSearchPath, poiId, queryFacets } from '../benchmarks/localsearch/merchants.js';
import type { JsonObject } from '../harness/types.js';

describe('search path parsing (real rows)', () => {
  it('parses every hop of every bundled row: hop count, queries, names, addresses, ratings, prices, hours', async () => {
    const { samples } = await loadTasks({});
    for (const s of samples) expect(parseSearchPath(s.searchPath)).toHaveLength(s.hopCount);
    const hops = parseSearchPath(samples[0]!.searchPath);
    expect(hops.map((h) => h.query)).toEqual(['西单附近有哪些酒店', '西单附近有哪些餐厅', '西单附近有哪些北京特产礼品店']);
    expect(hops[0]!.merchants[0]).toEqual({
      name: '西西友谊宾馆',
      address: '西城区西单北大街86号',
      rating: 4.8,
      price_range: '价格￥600-￥1200',
      business_hours: '24小时营业',
      tags: ['商务酒店'],
    });
    expect(hops[1]!.merchants[0]).toEqual({
      name: '局气·烤鸭·京味坊',
      address: '太仆寺街18号',
      rating: 4.4,
      price_range: '人均￥80-150',
      business_hours: '11:00-21:30',
      tags: ['北京菜烤鸭'],
    });
    expect(hops[2]!.merchants.map((m) => m.name)).toEqual(['稻香阁', '稻香坊', '京都稻香阁']);
    expect(hops[2]!.merchants[2]!.price_range).toBe('人均1-180元');
  });

  it('handles names with parentheses, ASCII parentheses in addresses, split hours, missing fields and extra tags', () => {
    expect(parseMerchantItem('森友口腔（潘水苑口腔连锁萧山分院）（市心南路618号，评分3.4，价格8-29795元，营业8:30-20:00，专业牙科）')).toEqual({
      name: '森友口腔（潘水苑口腔连锁萧山分院）', address: '市心南路618号', rating: 3.4, price_range: '价格8-29795元', business_hours: '8:30-20:00', tags: ['专业牙科'],
    });
    expect(parseMerchantItem('红星美凯龙停车中心（红星美凯龙(武汉汉阳商场)B1层，评分3.0，价格5-20元/小时，24小时营业，地下停车场）')).toMatchObject({
      address: '红星美凯龙(武汉汉阳商场)B1层', rating: 3, price_range: '价格5-20元/小时', business_hours: '24小时营业',
    });
    expect(parseMerchantItem('齐时剧本杀桌游社（东兴隆街78号北京商界三层302室，评分4.7，人均¥25-¥180，营业周一至周五10:00-23:00、周六至周日09:00-24:00，剧本杀桌游）')!.business_hours)
      .toBe('周一至周五10:00-23:00、周六至周日09:00-24:00');
    expect(parseMerchantItem('海淀区妇幼保健中心（茶棚路15号，营业周一至周日8:00-17:00，儿科诊疗）')).toEqual({
      name: '海淀区妇幼保健中心', address: '茶棚路15号', business_hours: '周一至周日8:00-17:00', tags: ['儿科诊疗'],
    });
    expect(parseMerchantItem('杭州萧山1024民宿（萧山区湖悦江南院-24号楼，评分4.6，人均150-350元，营业24小时，精品民宿）')!.business_hours).toBe('24小时');
    expect(parseMerchantItem('URBAN GARDEN（前永康胡同15号东雍文化园2层205号，评分4.3，人均￥9-1280，营业8:30-21:30，咖啡厅提供早午餐，网红打卡）')!.tags)
      .toEqual(['咖啡厅提供早午餐', '网红打卡']);
  });

  it('derives category, district and business area from the hop query', () => {
    expect(queryFacets('西单附近有哪些酒店')).toEqual({ business_area: '西单', category: '酒店' });
    expect(queryFacets('武昌区附近有哪些便利店')).toEqual({ district: '武昌区', category: '便利店' });
    expect(queryFacets('拱墅区牙科')).toEqual({ district: '拱墅区', category: '牙科' });
    expect(queryFacets('观音桥重庆小面')).toEqual({});
  });

  it('builds deduplicated records; the bundled merchants.jsonl is exactly the parse of the bundled rows', async () => {
    const { samples } = await loadTasks({});
    const merchants = merchantsFromRows(samples.map((s) => ({ id: s.id, city: s.city, searchPath: s.searchPath })));
    expect(merchants).toHaveLength(148);
    const daoxiang = merchants.find((m) => m.name === '稻香阁')!;
    expect(daoxiang.district).toBeUndefined();
    expect(daoxiang).toMatchObject({ city: '北京', business_area: '西单', category: '北京特产礼品店', source_rows: ['lsb_0001', 'lsb_0003'] });
    expect(daoxiang.poi_id).toBe(poiId('北京', '稻香阁', '西长安街中山公园南门旁'));
    // Same name, different address: two records.
    expect(merchants.filter((m) => m.name === '华夏换装摄影馆')).toHaveLength(2);
    // Same name in two cities: two records.
    expect(merchants.filter((m) => m.name === '宜美佳').map((m) => m.city)).toEqual(['北京', '武汉']);
    const bundled = readFileSync(join(bundledDataDir(), 'merchants.jsonl'), 'utf8');
    expect(bundled).toBe(merchantsJsonl(merchants));
  });
});

describe('formatting (rag_agent._build_context, _format_tool_results)', () => {
  it('renders merchants as [商户i] blocks with LocalRAG labels', () => {
    const ctx = formatMerchantContext([
      { poi_id: 'poi_1', name: '西西友谊宾馆', category: '酒店', address: '西城区西单北大街86号', district: '西城区', business_area: '西单', business_hours: '24小时营业', rating: 5, price_range: '价格￥600-￥1200', tags: '商务酒店', source_queries: ['x'] },
      { metadata: { name: 'B', id: 7, avg_price: 80, tags: ['a', 'b'], phone: '' }, similarity_score: 0.91234 },
      { foo: 'bar', empty: '' },
    ] as JsonObject[]);
    expect(ctx).toBe(
      '[商户1]\n商户名称: 西西友谊宾馆\npoi_id: poi_1\n类别: 酒店\n地址: 西城区西单北大街86号\n区域: 西城区\n商圈: 西单\n营业时间: 24小时营业\n评分: 5.0\n价格区间: 价格￥600-￥1200\n标签: 商务酒店' +
        "\n\n[商户2]\n商户名称: B\npoi_id: 7\n人均: 80元\n标签: ['a', 'b']\n相似度: 0.9123" +
        '\n\n[商户3]\nfoo: bar',
    );
    expect(formatMerchantContext([])).toBe('');
  });

  it('wraps results as the pipeline does, and the context can be read back from a block', () => {
    const ok = formatToolBlock('rag', '北京 西单 酒店', { success: true, context: '[商户1]\n商户名称: A' });
    expect(ok).toBe('【RAG检索结果】\n查询: 北京 西单 酒店\n结果:\n[商户1]\n商户名称: A\n');
    expect(contextOfBlock('rag', '北京 西单 酒店', ok)).toBe('[商户1]\n商户名称: A');
    const fail = formatToolBlock('web_search', 'q', { success: false, context: '', error: 'web search unavailable' });
    expect(fail).toBe('【Web搜索失败】\n查询: q\n错误: web search unavailable\n');
    expect(contextOfBlock('web_search', 'q', fail)).toBeNull();
    expect(toolFeedbackMessage([ok, fail], false)).toBe(`工具执行结果：\n\n${ok}\n${fail}\n\n请基于这些结果回答原问题。`);
    expect(toolFeedbackMessage([ok], true)).toMatch(/这是最后一轮，请不要再调用任何工具，直接基于以上结果给出最终答案。$/);
  });

  it('extracts web search context like WebSearchAgent._extract_context', () => {
    expect(webContext({ data: { answer: '晴', baiduSearchResults: [{ title: 't1', content: 'c1' }, { title: '', content: '' }] } })).toBe('答案: 晴\n[结果1] t1: c1');
    expect(webContext({ results: [{ title: 't', snippet: 's' }], summary: 'sum' })).toBe('[结果1] t: s\n摘要: sum');
    expect(webContext('plain')).toBe('plain');
    expect(webContext({ other: 1 })).toBe('{"other":1}');
  });
});
