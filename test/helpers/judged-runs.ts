// Real LocalSearchBench runs (a mock agent and a mock LLM judge on 127.0.0.1) under long model
// names, for the tests of what people read: leaderboard and compare widths, the HTML report.
import { join } from 'node:path';
import { localsearchbench } from '../../benchmarks/localsearch/index.js';
import { runBenchmark } from '../../harness/run/execute.js';
import { buildRunConfig } from '../../harness/run/options.js';
import { startMockOpenAI, type MockRequest } from '../../harness/testing/mock-openai.js';
import type { Benchmark } from '../../harness/types.js';

export const LONG_MODELS = ['LongCat-Large-Thinking-2512', 'Qwen3-235B-A22B-Instruct-2507'] as const;

const agentScript = (req: MockRequest) => {
  const messages = req.body.messages as Array<{ role: string; content: string }>;
  if (messages.length === 2) return { content: '我先检索。<rag>西单 酒店</rag>' };
  return { content: '【思考过程】\n检索了酒店。\n\n【答案】\n推荐西西友谊宾馆（西城区西单北大街86号）。' };
};

/** The judge gives the first question full marks and 8/10 elsewhere; the model name shifts the scores. */
const judgeScript = (req: MockRequest) => {
  const user = JSON.parse((req.body.messages as Array<{ content: string }>)[1]!.content) as { query: string; model_answer: string };
  const correct = user.query.startsWith('我想找个西单附近地方过夜') ? 1 : 0;
  const v = { score: 8, reason: 'ok' };
  return { content: JSON.stringify({ 答案正确性: { score: correct, reason: 'checklist' }, 输出完整性: v, 内容流畅度: { score: 7, reason: 'ok' }, 安全性: { score: 10, reason: 'ok' }, 幻觉检测: { score: 6, reason: 'ok' } }) };
};

/**
 * One finished run per model under `<root>/runs/`, named as `agenteval run` names its folders
 * (`<stamp>-<model>-<benchmark>`), plus the results root; returns the run folders.
 */
export async function judgedRuns(root: string, models: readonly string[] = LONG_MODELS, stamp = '20251201-020000', limit = 3): Promise<string[]> {
  const agent = await startMockOpenAI({ respond: agentScript });
  const judge = await startMockOpenAI({ respond: judgeScript });
  const dirs: string[] = [];
  try {
    for (const model of models) {
      const out = join(root, 'runs', `${stamp}-${model}-localsearchbench`);
      const config = buildRunConfig(['localsearchbench'], {
        model: `openai:${model}`, baseUrl: agent.url, out, resultsDir: join(root, 'results'), quiet: true,
        maxRetries: 0, timeout: 5, concurrency: 2, limit: String(limit),
        judge: 'openai:judge-m', judgeBaseUrl: judge.url, judgeMaxRetries: '0',
      });
      await runBenchmark(localsearchbench as unknown as Benchmark, config, () => {});
      dirs.push(out);
    }
  } finally {
    await agent.close();
    await judge.close();
  }
  return dirs;
}
