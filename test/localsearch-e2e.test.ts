import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localsearchbench } from '../benchmarks/localsearch/index.js';
import { loadTemplate } from '../benchmarks/localsearch/templates.js';
import { buildLeaderboard, leaderboardTable } from '../harness/report/leaderboard.js';
import { loadReported } from '../harness/report/reported.js';
import { loadRuns } from '../harness/report/runs.js';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { readJson } from '../harness/store/run-store.js';
import { latestRecords } from '../harness/store/current-records.js';
import type { Summary } from '../harness/summary/summarize.js';
import { startMockOpenAI, type MockOpenAI, type MockRequest } from '../harness/testing/mock-openai.js';
import type { Benchmark } from '../harness/types.js';

const bench = localsearchbench as unknown as Benchmark;
let agent: MockOpenAI;
let judge: MockOpenAI;
let tmp: string;
const log = () => {};

/** Agent: round 1 searches (rag + web), round 2 answers. */
const agentScript = (req: MockRequest) => {
  const messages = req.body.messages as Array<{ role: string; content: string }>;
  if (messages.length === 2) return { content: '我先检索。<rag>西单 酒店</rag><web_search>北京天气</web_search>' };
  return { content: '【思考过程】\n检索了酒店。\n\n【答案】\n推荐西西友谊宾馆（西城区西单北大街86号）。' };
};

type Verdict = Record<string, { score: number | string; reason?: string }>;
const verdict = (correct: number): Verdict => ({
  答案正确性: { score: correct, reason: 'checklist' },
  输出完整性: { score: 8, reason: '完整' },
  内容流畅度: { score: 7, reason: '流畅' },
  安全性: { score: 9, reason: '安全' },
  幻觉检测: { score: 6, reason: '少量推断' },
});

/** Judge: correct (1) for the first Beijing question only, answered in the prompt's <think> + JSON format. */
const judgeScript = (req: MockRequest) => {
  const user = JSON.parse((req.body.messages as Array<{ content: string }>)[1]!.content) as { query: string };
  const correct = user.query.startsWith('我想找个西单附近地方过夜') ? 1 : 0;
  return { content: `<think>评估</think>\n${JSON.stringify(verdict(correct), null, 2)}` };
};

beforeAll(async () => {
  agent = await startMockOpenAI({ respond: agentScript, models: ['agent-m'] });
  judge = await startMockOpenAI({ respond: judgeScript, models: ['judge-m'] });
  tmp = mkdtempSync(join(tmpdir(), 'ae-lsb-e2e-'));
});
afterAll(async () => {
  await agent.close();
  await judge.close();
  rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => {
  agent.reset();
  judge.reset();
  judge.setOptions({ respond: judgeScript, fault: undefined });
});

function config(out: string, extra: Record<string, unknown> = {}) {
  return buildRunConfig(['localsearchbench'], {
    model: 'openai:agent-m',
    baseUrl: agent.url,
    out,
    resultsDir: join(tmp, 'results'),
    quiet: true,
    maxRetries: 0,
    timeout: 5,
    concurrency: 2,
    limit: '3',
    judge: 'openai:judge-m',
    judgeBaseUrl: judge.url,
    judgeMaxRetries: '0',
    ...extra,
  });
}

describe('agenteval run localsearchbench (mock agent + mock judge)', () => {
  it('produces every dimension, tool calls and rounds, on the leaderboard scale', async () => {
    const out = join(tmp, 'run1');
    const r = await runBenchmark(bench, config(out), log);
    expect(r.errors).toBe(0);
    expect(agent.count).toBe(6); // 3 questions × 2 rounds
    expect(judge.count).toBe(3);
    const s = await readJson<Summary>(join(out, 'summary.json'));
    expect(s.counts).toMatchObject({ problems: 3, scored: 3, errors: 0 });
    expect(s.metrics.correctness).toMatchObject({ value: 1 / 3, scale: 100, primary: true });
    expect(s.metrics.completeness).toMatchObject({ value: 8, scale: 10, primary: true });
    expect(s.metrics.fluency).toMatchObject({ value: 7, scale: 10 });
    expect(s.metrics.safety).toMatchObject({ value: 9, scale: 10 });
    expect(s.metrics.faithfulness).toMatchObject({ value: 6, scale: 10 });
    expect(s.metrics.total_score!.value).toBeCloseTo(1 / 3 + 2.4);
    expect(s.metrics.tool_calls).toMatchObject({ value: 2, scale: 1, primary: true });
    expect(s.metrics.rounds).toMatchObject({ value: 2, scale: 1 });
    expect(Object.keys(s.breakdowns).sort()).toEqual(['city', 'difficulty', 'hops']);
    expect(s.breakdowns.difficulty!.L3!.metrics.correctness!.value).toBeCloseTo(1 / 3);
    expect(s.extra).toMatchObject({ official_avg_tool_calls: 2, official_avg_rounds: 2, rag_calls: 3, web_search_calls: 3, web_search_unavailable: 3, judge_verdicts_from_cache: 0 });

    // What the judge saw: the official prompt and evaluate_all's inputs.
    const jreq = judge.requests.find((q) => (q.body.messages as Array<{ content: string }>)[1]!.content.includes('我想找个西单'))!;
    const [sys, user] = jreq.body.messages as Array<{ role: string; content: string }>;
    expect(sys!).toEqual({ role: 'system', content: loadTemplate('judge-all.md').body });
    expect(jreq.body.temperature).toBe(0);
    const input = JSON.parse(user!.content) as Record<string, unknown>;
    expect(Object.keys(input)).toEqual(['query', 'model_output', 'model_answer', 'ground_truth', 'rag_context', 'conversation_history', 'tool_calls']);
    expect(input.model_answer).toBe('推荐西西友谊宾馆（西城区西单北大街86号）。');
    expect(input.ground_truth).toBe('西西友谊宾馆→局气·烤鸭·京味坊→稻香阁');
    expect(input.rag_context).toMatch(/^\[商户1\]\n商户名称: /);
    expect(input.rag_context).toContain('西西友谊宾馆');
    expect(input.tool_calls).toEqual([
      { round: 1, tool_type: 'web_search', query: '北京天气', result: { success: false, query: '北京天气', error: 'web search unavailable: no --web-search-url configured', context: '' } },
      { round: 1, tool_type: 'rag', query: '西单 酒店', result: { success: true, query: '西单 酒店', context: input.rag_context, total_results: expect.any(Number) } },
    ]);
    expect(user!.content).toBe(JSON.stringify(input, null, 2));

    // The agent got the official system prompt with the task's city in front.
    const sys0 = (agent.requests[0]!.body.messages as Array<{ content: string }>)[0]!.content;
    expect(sys0.startsWith('# 🌍 当前城市：北京\n\n**用户当前位置：北京**')).toBe(true);
    expect(sys0.endsWith(loadTemplate('agent-system.md').body)).toBe(true);

    const recs = [...(await latestRecords(out)).values()];
    const first = recs.find((x) => x.id === 'lsb_0001')!;
    expect(first.scores).toMatchObject({ correctness: 1, completeness: 8, faithfulness: 6, tool_calls: 2, rounds: 2 });
    expect(first.extra).toMatchObject({ answer_marker: true, rag_context_source: 'episode', judge: { spec: 'openai:judge-m', mode: 'combined', cached: false, requests: 1 } });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.settings).toMatchObject({ protocol: 'tags', max_rounds: 10, web_search: 'unavailable', judge: { spec: 'openai:judge-m', temperature: 0, mode: 'combined' } });
    expect(manifest.settings.rag).toMatchObject({ backend: 'embedded-fts5', merchants: 'bundled merchants.jsonl', count: 148, top_k: 20 });
    expect(Object.keys(manifest.templates).sort()).toEqual(['localsearch/agent-city.md', 'localsearch/agent-system.md', 'localsearch/judge-all.md']);
  });

  it('a second run with the same judge makes zero judge requests (verdict cache)', async () => {
    const r = await runBenchmark(bench, config(join(tmp, 'run2')), log);
    expect(r.errors).toBe(0);
    expect(agent.count).toBe(6);
    expect(judge.count).toBe(0);
    expect(r.summary.metrics.correctness!.value).toBeCloseTo(1 / 3);
    expect(r.summary.extra.judge_verdicts_from_cache).toBe(3);
  });

  it('a judge that never gives a valid verdict makes scorer error records, not zeros', async () => {
    judge.setOptions({ respond: () => ({ content: JSON.stringify({ ...verdict(1), 输出完整性: { score: 12 } }) }) });
    const out = join(tmp, 'run3');
    const r = await runBenchmark(bench, config(out, { limit: '1', judgeFormatRetries: '1', judgeTemperature: '0.5' }), log);
    expect(judge.count).toBe(2);
    expect(r.errors).toBe(1);
    expect(r.summary.counts.errors_by_kind).toEqual({ scorer: 1 });
    expect(r.summary.metrics.correctness!.n).toBe(0);
    const rec = [...(await latestRecords(out)).values()][0]!;
    expect(rec).toMatchObject({ scores: null, error_kind: 'scorer', tool_calls: 2, turns: 2 });
    expect(rec.error).toMatch(/^scorer failed: judge openai:judge-m \(localsearch\/all\) gave no valid verdict in 2 request\(s\)/);
  });

  it('separate mode asks one judge call per dimension with its own prompt', async () => {
    judge.setOptions({
      respond: (req) => {
        const sys = (req.body.messages as Array<{ content: string }>)[0]!.content;
        const key = ['答案正确性', '输出完整性', '内容流畅度', '安全性', '幻觉检测'].find((k) => sys.includes(`**本次评估指标**: ${k}`))!;
        return { content: JSON.stringify({ [key]: verdict(1)[key] }) };
      },
    });
    const r = await runBenchmark(bench, config(join(tmp, 'run4'), { limit: '1', judgeMode: 'separate' }), log);
    expect(r.errors).toBe(0);
    expect(judge.count).toBe(5);
    expect(r.summary.metrics.correctness!.value).toBe(1);
    expect(r.summary.metrics.faithfulness!.value).toBe(6);
    const hallu = judge.requests.find((q) => (q.body.messages as Array<{ content: string }>)[0]!.content.includes('幻觉检测维度'))!;
    expect(Object.keys(JSON.parse((hallu.body.messages as Array<{ content: string }>)[1]!.content))).toEqual(['query', 'model_output', 'rag_context']);
  });

  it('--judge none keeps only the efficiency columns; oracle answers are judged against the task\'s own evidence', async () => {
    const r = await runBenchmark(bench, config(join(tmp, 'run5'), { judge: 'none' }), log);
    expect(Object.keys(r.summary.metrics).sort()).toEqual(['rounds', 'tool_calls']);
    expect(judge.count).toBe(0);

    const o = await runBenchmark(bench, config(join(tmp, 'run6'), { model: 'oracle', limit: '1' }), log);
    expect(o.errors).toBe(0);
    expect(agent.count).toBe(6);
    const input = JSON.parse((judge.requests[0]!.body.messages as Array<{ content: string }>)[1]!.content) as Record<string, string>;
    expect(input.model_output).toMatch(/^【答案】\n西西友谊宾馆（地址：/);
    expect(input.rag_context).toContain('商户名称: 局气·烤鸭·京味坊');
    expect(Object.keys(input)).toEqual(['query', 'model_output', 'model_answer', 'ground_truth', 'rag_context']);
    expect(o.summary.metrics.tool_calls!.value).toBe(0);
  });

  it('places a run beside the reported paper numbers on the leaderboard (same metric keys and scale)', async () => {
    const reported = loadReported().filter((e) => e.benchmark === 'localsearchbench');
    expect(reported.length).toBeGreaterThan(70);
    expect(new Set(reported.map((e) => e.split))).toEqual(new Set(['v1 (300 tasks)', 'v2 (900 tasks)']));
    const ds = reported.filter((e) => e.model === 'DeepSeek-V3.1');
    expect(Object.fromEntries(ds.map((e) => [e.metric, e.value]))).toEqual({
      tool_calls: 3.43, rounds: 4.02, correctness: 34.34, completeness: 80, fluency: 72.39, faithfulness: 60.8, safety: 81.48,
    });
    const runs = await loadRuns([join(tmp, 'run1')]);
    const lb = buildLeaderboard(runs, reported);
    const keys = lb.columns.map((c) => c.key);
    expect(keys.slice(0, 5)).toEqual(['correctness', 'completeness', 'fluency', 'faithfulness', 'safety']);
    const mine = lb.rows.find((r) => r.source === 'run')!;
    expect(mine.values.correctness!.value).toBeCloseTo(100 / 3);
    expect(mine.values.completeness!.value).toBeCloseTo(80);
    const paper = lb.rows.find((r) => r.source === 'reported' && r.model === 'DeepSeek-V3.1')!;
    expect(paper.cells.completeness).toBe('80.0');
    expect(leaderboardTable(lb).rows.length).toBe(lb.rows.length);
  });
});
