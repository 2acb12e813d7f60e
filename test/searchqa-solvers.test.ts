// The search-QA protocols end to end over real HTTP: a scripted "model" (the mock OpenAI server)
// searches, reads the passages a real BM25 index returned, and answers. Also the run path
// (index command → runBenchmark → samples.jsonl + summary), limits, and the HTTP retriever backend.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hotpotqa, musique } from '../benchmarks/searchqa/index.js';
import type { QaSample } from '../benchmarks/searchqa/load.js';
import { SPECS, dataPath } from '../benchmarks/searchqa/specs.js';
import { runIndexCommand } from '../harness/cli/index-command.js';
import { createOpenAIClient } from '../harness/model/openai-client.js';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { startMockOpenAI, type MockOpenAI, type MockReply, type MockRequest } from '../harness/testing/mock-openai.js';
import { startMockRetriever, type MockRetriever } from '../harness/testing/mock-retriever.js';
import type { AgentSolver, BenchmarkSession, ChatMessage, Episode, ModelClient, SampleRecord } from '../harness/types.js';

interface HotpotRecord { _id: string; question: string; answer: string; supporting_facts: Array<[string, number]> }
const records = JSON.parse(readFileSync(dataPath(SPECS.hotpotqa.bundledFile), 'utf8')) as HotpotRecord[];
const byQuestion = new Map(records.map((r) => [r.question.trim(), r]));
const corpusLines = readFileSync(dataPath(SPECS.hotpotqa.bundledCorpus), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; contents: string });
const contentsOf = (title: string) => corpusLines.find((d) => d.contents.split('\n')[0] === `"${title}"`)!;

const tmp = mkdtempSync(join(tmpdir(), 'searchqa-solvers-'));
const cacheDir = join(tmp, 'cache');
const indexPath = join(tmp, 'hotpot.bm25');
let mock: MockOpenAI;
let model: ModelClient;
let script: (req: MockRequest, i: number) => MockReply;

/** The question a request is about (Search-R1's prompt ends with "Question: <q>\n"). */
function recordOf(text: string): HotpotRecord {
  const m = /Question: ([\s\S]*?)(?: Context: [\s\S]*)?\n?$/.exec(text);
  const r = m ? byQuestion.get(m[1]!.trim()) : undefined;
  if (!r) throw new Error(`unknown question in: ${text.slice(-120)}`);
  return r;
}
const firstTitle = (r: HotpotRecord) => r.supporting_facts[0]![0];

/** A Search-R1-like agent: search the first supporting title, answer when its passage came back. */
function tagsAgent(req: MockRequest): MockReply {
  const msgs = req.body.messages as ChatMessage[];
  const r = recordOf(msgs[0]!.content!);
  const info = msgs.slice(1).filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  // No closing tag: the endpoint stopped at "</search>" and dropped it, as OpenAI-style APIs do.
  if (info === '') return { content: `<think>I need ${firstTitle(r)}.</think>\n<search> ${firstTitle(r)} `, finish_reason: 'stop' };
  return { content: info.includes(`(Title: "${firstTitle(r)}")`) ? `<answer> ${r.answer} </answer>` : '<answer> unknown </answer>' };
}

beforeAll(async () => {
  mock = await startMockOpenAI({ respond: (req, i) => script(req, i) });
  model = createOpenAIClient({ spec: 'openai:mock', model: 'mock', baseUrls: [mock.url], timeoutMs: 10_000, maxRetries: 0, concurrency: 8 });
  const lines: string[] = [];
  await runIndexCommand(dataPath(SPECS.hotpotqa.bundledCorpus), { out: indexPath, quiet: true }, { write: (t) => lines.push(t), tty: false });
  expect(lines.join('')).toMatch(/indexed 260 passages/);
});
afterAll(async () => {
  await model.close();
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => mock.reset());

async function open(options: Record<string, unknown>, bench = hotpotqa): Promise<BenchmarkSession<QaSample>> {
  return bench.open({ options, quiet: true, log: () => {}, cacheDir });
}
async function solve(session: BenchmarkSession<QaSample>, sample: QaSample): Promise<Episode> {
  return (session.solver as AgentSolver<QaSample>).run(sample, model, { sampling: { temperature: 0 } });
}

describe('tags protocol', () => {
  it('runs a Search-R1 episode whose <information> holds the passage from the real BM25 index', async () => {
    script = tagsAgent;
    const session = await open({ protocol: 'tags', index: indexPath });
    try {
      const sample = session.samples.find((s) => s.id === '5a8b57f25542995d1e6f1371')!;
      const ep = await solve(session, sample);
      expect(mock.requests).toHaveLength(2);
      const first = mock.requests[0]!.body;
      expect(first.stop).toEqual(['</search>', '</answer>']);
      expect((first.messages as ChatMessage[])[0]!.content).toBe(
        readFileSync(join(import.meta.dirname, '../benchmarks/searchqa/prompts/tags.md'), 'utf8').replace(/^<!--[\s\S]*?-->\n/, '').replace('{{question}}', sample.question),
      );
      // Search-R1's instruction, verbatim (scripts/data_process/nq_search.py make_prefix).
      expect((first.messages as ChatMessage[])[0]!.content).toBe(
        'Answer the given question. You must conduct reasoning inside <think> and </think> first every time you get new information. ' +
          'After reasoning, if you find you lack some knowledge, you can call a search engine by <search> query </search> and it will return the top searched results between <information> and </information>. ' +
          'You can search as many times as your want. If you find no further external knowledge needed, you can directly provide the answer inside <answer> and </answer>, without detailed illustrations. ' +
          'For example, <answer> Beijing </answer>. Question: Were Scott Derrickson and Ed Wood of the same nationality?\n',
      );
      const info = (mock.requests[1]!.body.messages as ChatMessage[])[2]!;
      const doc = contentsOf('Scott Derrickson');
      const [title, ...rest] = doc.contents.split('\n');
      expect(info.role).toBe('user');
      expect(info.content!.startsWith(`<information>Doc 1(Title: ${title}) ${rest.join('\n')}\nDoc 2(Title: `)).toBe(true);
      expect(info.content!.endsWith('</information>')).toBe(true);
      expect(ep.trace).toHaveLength(1);
      expect(ep.trace[0]).toMatchObject({ tool: 'search', input: { query: 'Scott Derrickson' } });
      expect((ep.trace[0]!.meta!.doc_ids as string[])[0]).toBe(doc.id);
      expect(ep.turns).toBe(2);
      expect(ep.limitHit).toBeNull();
      expect((await session.score(sample, ep)).scores).toEqual({ em: 1, f1: 1, acc: 1 });
      expect(session.settings).toMatchObject({ protocol: 'tags', maxTurns: 4, maxSearches: null, completions: false, topk: 3, retriever: { backend: 'bm25', passages: 260, tokenizer: 'porter' } });
      expect(Object.keys(session.templates)).toEqual(['searchqa/tags.md']);
    } finally {
      await session.close();
    }
  });

  it('agenteval index + run hotpotqa --protocol tags: real multi-turn episodes, records and search aggregates on disk', async () => {
    script = tagsAgent;
    const out = join(tmp, 'run-tags');
    const config = buildRunConfig(['hotpotqa'], {
      model: 'openai:search-r1', baseUrl: mock.url, protocol: 'tags', index: indexPath, out, quiet: true, limit: 6, maxRetries: 0, resultsDir: tmp,
    });
    const outcome = await runBenchmark(hotpotqa, config, () => {});
    expect(outcome.errors).toBe(0);
    const recs = readFileSync(join(out, 'samples.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SampleRecord);
    expect(recs).toHaveLength(6);
    for (const r of recs) {
      expect(r.turns).toBe(2);
      expect(r.tool_calls).toBe(1);
      expect(r.messages).toHaveLength(4);
      expect((r.trace[0]!.meta!.doc_ids as string[]).length).toBeGreaterThan(0);
    }
    expect(outcome.summary.metrics.em!.value).toBe(1);
    expect(outcome.summary.extra).toMatchObject({ protocol: 'tags', questions: 6, searches_per_question: 1, turns_per_question: 2, limit_hit_rate: 0 });
    expect((outcome.summary.extra.by_searches as unknown[]).length).toBe(1);
  });

  it('--completions --completions-format qwen2.5: one growing prompt in Qwen2.5\'s chat template', async () => {
    script = (req) => {
      const prompt = req.body.prompt as string;
      const r = recordOf(prompt.slice(0, prompt.indexOf('<|im_end|>\n<|im_start|>assistant')) + '\n');
      return prompt.includes('\n\n<information>') ? { content: ` <answer>${r.answer}</answer>` } : { content: ` <search>${firstTitle(r)}</search>` };
    };
    const session = await open({ protocol: 'tags', index: indexPath, completions: true, completionsFormat: 'qwen2.5' });
    try {
      const sample = session.samples[1]!;
      const ep = await solve(session, sample);
      expect(mock.requests.map((r) => r.path)).toEqual(['/v1/completions', '/v1/completions']);
      const p2 = mock.requests[1]!.body.prompt as string;
      expect(p2.startsWith('<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nAnswer the given question.')).toBe(true);
      expect(p2).toMatch(/\n<\|im_start\|>assistant\n <search>[^<]+<\/search>\n\n<information>Doc 1\(Title: [\s\S]*<\/information>\n\n$/);
      expect((await session.score(sample, ep)).scores.em).toBe(1);
      expect(session.settings).toMatchObject({ completions: true, completionsFormat: 'qwen2.5' });
    } finally {
      await session.close();
    }
  });

  it('max turns and max searches end the episode, marked and still scored', async () => {
    script = (_req, i) => ({ content: `<search>query ${i}</search>` });
    const capped = await open({ protocol: 'tags', index: indexPath, maxTurns: '2' });
    try {
      const ep = await solve(capped, capped.samples[0]!);
      expect(ep.turns).toBe(3);
      expect(ep.trace).toHaveLength(2);
      expect(ep.limitHit).toBe('max_turns');
      expect((await capped.score(capped.samples[0]!, ep)).scores.em).toBe(0);
    } finally {
      await capped.close();
    }
    mock.reset();
    script = (req) => {
      const msgs = req.body.messages as ChatMessage[];
      const told = msgs.some((m) => m.role === 'user' && m.content!.includes('search limit is reached'));
      return { content: told ? `<answer>${recordOf(msgs[0]!.content!).answer}</answer>` : '<search>anything</search>' };
    };
    const limited = await open({ protocol: 'tags', index: indexPath, maxSearches: '1' });
    try {
      const sample = limited.samples[0]!;
      const ep = await solve(limited, sample);
      expect(ep.trace.map((s) => s.error)).toEqual([null, 'limit']);
      expect(ep.limitHit).toBe('max_searches');
      expect((await limited.score(sample, ep)).scores.em).toBe(1);
    } finally {
      await limited.close();
    }
  });
});

describe('tools, direct and rag protocols', () => {
  it('tools: native function calling with the search tool', async () => {
    script = (req) => {
      const msgs = req.body.messages as ChatMessage[];
      const r = recordOf(msgs[0]!.content!);
      const tool = msgs.find((m) => m.role === 'tool');
      if (!tool) return { content: 'Let me search.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'search', arguments: JSON.stringify({ query: firstTitle(r) }) } }] };
      return { content: tool.content!.includes(`(Title: "${firstTitle(r)}")`) ? `<answer>${r.answer}</answer>` : 'no idea' };
    };
    const session = await open({ protocol: 'tools', index: indexPath });
    try {
      const sample = session.samples[2]!;
      const ep = await solve(session, sample);
      const body = mock.requests[0]!.body;
      expect((body.tools as Array<{ function: { name: string } }>).map((t) => t.function.name)).toEqual(['search']);
      expect(ep.trace).toHaveLength(1);
      expect(ep.trace[0]!.meta!.doc_ids).toHaveLength(3);
      expect(ep.output).toContain('Let me search.');
      expect((await session.score(sample, ep)).scores.em).toBe(1);
      expect(Object.keys(session.templates)).toEqual(['searchqa/tools.md']);
    } finally {
      await session.close();
    }
  });

  it('tools: --max-searches refuses further calls and marks the episode max_searches', async () => {
    script = (req) => {
      const msgs = req.body.messages as ChatMessage[];
      const refused = msgs.some((m) => m.role === 'tool' && m.content!.includes('limit reached'));
      if (refused) return { content: '<answer>gave up</answer>' };
      return { content: null, tool_calls: [{ id: `c${msgs.length}`, type: 'function', function: { name: 'search', arguments: '{"query":"Ed Wood"}' } }] };
    };
    const session = await open({ protocol: 'tools', index: indexPath, maxSearches: '1' });
    try {
      const ep = await solve(session, session.samples[0]!);
      expect(ep.trace.map((s) => s.error)).toEqual([null, 'limit']);
      expect(ep.limitHit).toBe('max_searches');
      expect(ep.output).toBe('<answer>gave up</answer>');
    } finally {
      await session.close();
    }
  });

  it('direct --completions: one /v1/completions call on the raw prompt', async () => {
    script = () => ({ content: '<think>hmm</think> <answer>yes</answer>' });
    const session = await open({ protocol: 'direct', completions: true });
    try {
      expect(session.solver.kind).toBe('agent');
      const sample = session.samples[0]!;
      const ep = await solve(session, sample);
      expect(mock.requests.map((r) => r.path)).toEqual(['/v1/completions']);
      expect(mock.requests[0]!.body.prompt).toMatch(/^Answer the given question\. You should first[\s\S]*Question: Were Scott Derrickson and Ed Wood of the same nationality\?\n$/);
      expect(ep.reasoning).toBe('hmm');
      expect((await session.score(sample, ep)).scores.em).toBe(1);
    } finally {
      await session.close();
    }
  });

  it('direct: a prompt solver with the question alone, no retriever', async () => {
    const session = await open({ protocol: 'direct' });
    try {
      expect(session.solver.kind).toBe('prompt');
      const sample = session.samples[0]!;
      const messages = session.solver.kind === 'prompt' ? session.solver.messages(sample) : [];
      expect(messages).toEqual([{ role: 'user', content: expect.stringMatching(/^Answer the given question\. You should first have a reasoning process[\s\S]*Question: Were Scott Derrickson and Ed Wood of the same nationality\?\n$/) }]);
      expect(session.settings).toEqual({ protocol: 'direct', completions: false });
    } finally {
      await session.close();
    }
  });

  it('rag: retrieve top-k for the question once, then one call with the passages', async () => {
    script = (req) => {
      const content = (req.body.messages as ChatMessage[])[0]!.content!;
      const r = recordOf(content);
      const found = r.supporting_facts.some(([t]) => content.includes(`(Title: "${t}")`));
      return { content: found ? `<think>ok</think><answer>${r.answer}</answer>` : '<answer>?</answer>' };
    };
    const session = await open({ protocol: 'rag', index: indexPath, topk: '5' });
    try {
      const sample = session.samples[0]!;
      const ep = await solve(session, sample);
      expect(mock.requests).toHaveLength(1);
      expect((mock.requests[0]!.body.messages as ChatMessage[])[0]!.content).toMatch(/ Context: Doc 1\(Title: [\s\S]*\nDoc 5\(Title: [^\n]*\n \n$/);
      expect(ep.trace).toHaveLength(1);
      expect(ep.trace[0]).toMatchObject({ tool: 'search', input: { query: sample.question } });
      expect(ep.trace[0]!.meta!.doc_ids).toHaveLength(5);
      expect(ep.turns).toBe(1);
      expect((await session.score(sample, ep)).scores.em).toBe(1);
    } finally {
      await session.close();
    }
  });
});

describe('retrieval backends', () => {
  let retriever: MockRetriever;
  beforeAll(async () => {
    const docs = readFileSync(dataPath(SPECS.musique.bundledCorpus), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; contents: string });
    retriever = await startMockRetriever(docs);
  });
  afterAll(async () => retriever.close());

  it('--retriever-url: the Search-R1 /retrieve API', async () => {
    script = (req) => {
      const msgs = req.body.messages as ChatMessage[];
      return msgs.length === 1 ? { content: '<search>Green Steve Hillage album performer</search>' } : { content: msgs[2]!.content!.includes('Steve Hillage') ? '<answer>Miquette Giraudy</answer>' : '<answer>?</answer>' };
    };
    const session = await open({ protocol: 'tags', retrieverUrl: retriever.url }, musique);
    try {
      const sample = session.samples[0]!;
      const ep = await solve(session, sample);
      expect(retriever.requests.at(-1)!.body).toEqual({ queries: ['Green Steve Hillage album performer'], topk: 3, return_scores: true });
      expect(ep.trace[0]!.meta!.doc_ids).toEqual(expect.arrayContaining(['musique-dev_0#10']));
      expect((await session.score(sample, ep)).scores.em).toBe(1);
      expect(session.settings.retriever).toEqual({ backend: 'http', api: 'search-r1 /retrieve', url: `${retriever.url}/retrieve` });
    } finally {
      await session.close();
    }
  });

  it('the bundled corpus by default (built and cached), and a retriever failure fails the sample', async () => {
    const session = await open({}, musique);
    try {
      expect(session.settings.retriever).toMatchObject({ backend: 'bm25', passages: 44 });
    } finally {
      await session.close();
    }
    await expect(open({ protocol: 'nope' })).rejects.toThrow(/--protocol: expected one of tags, tools, direct, rag/);
    await expect(open({ index: indexPath, corpus: 'x.jsonl' })).rejects.toThrow(/give one retrieval source/);

    script = () => ({ content: '<search>x</search>' });
    const down = await open({ protocol: 'tags', retrieverUrl: 'http://127.0.0.1:9/' });
    try {
      await expect(solve(down, down.samples[0]!)).rejects.toThrow(/cannot reach the retriever/);
    } finally {
      await down.close();
    }
  });
});
