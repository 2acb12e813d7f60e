import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LAST_ROUND_INSTRUCTION } from '../benchmarks/localsearch/format.js';
import { runLocalSearchLoop } from '../benchmarks/localsearch/loop.js';
import { localTools } from '../benchmarks/localsearch/tools.js';
import type { RagBackend, WebSearchBackend } from '../benchmarks/localsearch/backends.js';
import { createOpenAIClient } from '../harness/model/openai-client.js';
import { startMockOpenAI, type MockOpenAI, type MockReply } from '../harness/testing/mock-openai.js';
import type { ModelClient } from '../harness/types.js';

let mock: MockOpenAI;
let client: ModelClient;
const calls: string[] = [];

const rag: RagBackend = {
  async search(query, city) {
    calls.push(`rag:${query}@${city}`);
    return { success: true, context: `[商户1]\n商户名称: ${query}店`, total: 1, results: [{ name: `${query}店` }] };
  },
  describe: () => ({ backend: 'fake' }),
  close: async () => {},
};
const web: WebSearchBackend = {
  async search(query) {
    calls.push(`web:${query}`);
    return { success: false, context: '', error: 'web search unavailable: no --web-search-url configured', unavailable: true };
  },
  describe: () => ({ backend: 'unavailable' }),
};

beforeAll(async () => {
  mock = await startMockOpenAI();
  client = createOpenAIClient({ spec: 'openai:agent', model: 'agent', baseUrls: [mock.url], timeoutMs: 5000, maxRetries: 0, concurrency: 4 });
});
afterAll(async () => {
  await client.close();
  await mock.close();
});
afterEach(() => {
  mock.reset();
  calls.length = 0;
});

const messagesOf = (i: number) => mock.requests[i]!.body.messages as Array<{ role: string; content: string | null; tool_call_id?: string }>;
const script = (replies: MockReply[]) => mock.setOptions({ respond: (_r, i) => replies[Math.min(i, replies.length - 1)]! });
const opts = (over: Partial<Parameters<typeof runLocalSearchLoop>[3]> = {}) => ({
  protocol: 'tags' as const,
  tools: localTools(rag, web, '北京'),
  maxRounds: 10,
  callsPerToolPerRound: 1,
  sampling: { temperature: 0 },
  ...over,
});

describe('tag protocol (LocalPlayground agent mode)', () => {
  it('runs web_search then rag, one call per tool per round, and returns results as one user turn', async () => {
    script([
      { content: '我来查一下。<rag>北京 西单 酒店</rag><rag>北京 西单 餐厅</rag><web_search>今天天气</web_search>' },
      { content: '【思考过程】\n查过了\n\n【答案】\n推荐北京 西单 酒店店' },
    ]);
    const ep = await runLocalSearchLoop(client, 'SYS', '西单住哪？', opts());
    expect(calls).toEqual(['web:今天天气', 'rag:北京 西单 酒店@北京']);
    expect(ep.turns).toBe(2);
    expect(ep.trace.map((s) => [s.turn, s.tool, s.input])).toEqual([
      [1, 'web_search', { query: '今天天气' }],
      [1, 'rag', { query: '北京 西单 酒店' }],
    ]);
    expect(ep.trace[0]!.meta).toMatchObject({ success: false, unavailable: true });
    expect(ep.output).toBe('【思考过程】\n查过了\n\n【答案】\n推荐北京 西单 酒店店');
    expect(ep.limitHit).toBeNull();
    expect(ep.extra).toMatchObject({ rounds: 2, rag_calls: 1, web_search_calls: 1, web_search_unavailable: 1 });
    expect(ep.extra!.skipped_calls).toEqual([{ round: 1, tool: 'rag', query: '北京 西单 餐厅', reason: 'per-round limit' }]);
    const second = messagesOf(1);
    expect(second.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(second[0]!.content).toBe('SYS');
    expect(second[3]!.content).toBe(
      '工具执行结果：\n\n' +
        '【Web搜索失败】\n查询: 今天天气\n错误: web search unavailable: no --web-search-url configured\n\n' +
        '【RAG检索结果】\n查询: 北京 西单 酒店\n结果:\n[商户1]\n商户名称: 北京 西单 酒店店\n\n' +
        '【RAG检索失败】\n查询: 北京 西单 餐厅\n错误: 每轮每个工具最多调用1次，本次调用未执行\n' +
        '\n\n请基于这些结果回答原问题。',
    );
    expect(mock.requests.every((r) => r.body.tools === undefined)).toBe(true);
  });

  it('a reply without tags ends the episode at once', async () => {
    script([{ content: '【答案】\n直接回答' }]);
    const ep = await runLocalSearchLoop(client, 'SYS', 'q', opts());
    expect(ep.turns).toBe(1);
    expect(ep.trace).toEqual([]);
    expect(ep.messages!.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
  });

  it('at the round limit the last user turn forbids tools and one more call is the answer (its tags never run)', async () => {
    script([{ content: '<rag>北京 火锅</rag>' }]);
    const ep = await runLocalSearchLoop(client, 'SYS', 'q', opts({ maxRounds: 2 }));
    expect(mock.count).toBe(3);
    expect(ep.turns).toBe(3);
    expect(calls).toEqual(['rag:北京 火锅@北京', 'rag:北京 火锅@北京']);
    expect(ep.limitHit).toBe('max_rounds');
    expect(ep.output).toBe('<rag>北京 火锅</rag>');
    const last = messagesOf(2);
    expect(last[last.length - 1]!.content).toMatch(new RegExp(`^工具执行结果：[\\s\\S]*\\n\\n${LAST_ROUND_INSTRUCTION}$`));
    expect(messagesOf(1)[3]!.content).toMatch(/请基于这些结果回答原问题。$/);
  });

  it('allows more calls per round when configured', async () => {
    script([{ content: '<rag>a</rag><rag>b</rag>' }, { content: '【答案】ok' }]);
    const ep = await runLocalSearchLoop(client, 'SYS', 'q', opts({ callsPerToolPerRound: 2 }));
    expect(ep.trace).toHaveLength(2);
    expect(ep.extra!.skipped_calls).toEqual([]);
  });
});

describe('tools protocol (native function calling)', () => {
  const call = (id: string, name: string, args: string) => ({ id, type: 'function' as const, function: { name, arguments: args } });

  it('offers both tools, answers every call id with a tool message, and enforces the per-round limit', async () => {
    script([
      { content: null, tool_calls: [call('c1', 'rag', '{"query":"北京 西单 酒店"}'), call('c2', 'rag', '{"query":"北京 西单 餐厅"}'), call('c3', 'web_search', '{"q":1}'), call('c4', 'map', '{}')] },
      { content: '【答案】推荐' },
    ]);
    const ep = await runLocalSearchLoop(client, 'SYS', 'q', opts({ protocol: 'tools' }));
    const tools = mock.requests[0]!.body.tools as Array<{ function: { name: string } }>;
    expect(tools.map((t) => t.function.name).sort()).toEqual(['rag', 'web_search']);
    expect(calls).toEqual(['rag:北京 西单 酒店@北京']);
    const second = messagesOf(1);
    expect(second.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'tool', 'tool', 'tool']);
    expect(second.slice(3).map((m) => m.tool_call_id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(second[4]!.content).toContain('每轮每个工具最多调用1次');
    expect(second[5]!.content).toContain('参数 query 缺失或为空');
    expect(second[6]!.content).toContain('未知工具: map');
    expect(ep.output).toBe('【答案】推荐');
    expect(ep.turns).toBe(2);
    expect(ep.trace).toHaveLength(1);
    expect((ep.extra!.skipped_calls as unknown[]).length).toBe(3);
  });

  it('the last round asks for the answer with tools withheld', async () => {
    script([{ content: null, tool_calls: [call('c1', 'rag', '{"query":"x"}')] }, { content: '【答案】最终' }]);
    const ep = await runLocalSearchLoop(client, 'SYS', 'q', opts({ protocol: 'tools', maxRounds: 1 }));
    expect(mock.requests[1]!.body.tools).toBeUndefined();
    const m = messagesOf(1);
    expect(m[m.length - 1]).toMatchObject({ role: 'user', content: LAST_ROUND_INSTRUCTION });
    expect(ep).toMatchObject({ output: '【答案】最终', turns: 2, limitHit: 'max_rounds' });
  });
});
