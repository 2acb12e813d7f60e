// The generic tag-protocol loop against the mock OpenAI server over real HTTP: Search-R1's cut /
// parse / observation rules, stop strings put back, chat and completions modes, limits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cutAtAction, parseAction, rawTurnText, restoreClosingTag, runTagLoop, SEARCH_R1_INVALID, searchR1Observation, type TagTool,
} from '../harness/agent/tag-loop.js';
import { createOpenAIClient } from '../harness/model/openai-client.js';
import { startMockOpenAI, type MockOpenAI, type MockReply, type MockRequest } from '../harness/testing/mock-openai.js';
import type { ChatMessage, JsonObject, ModelClient, Tool } from '../harness/types.js';

let mock: MockOpenAI;
let model: ModelClient;
let script: (req: MockRequest, i: number) => MockReply;

beforeAll(async () => {
  mock = await startMockOpenAI({ respond: (req, i) => script(req, i) });
  model = createOpenAIClient({ spec: 'openai:mock', model: 'mock', baseUrls: [mock.url], timeoutMs: 5000, maxRetries: 0, concurrency: 4 });
});
afterAll(async () => {
  await model.close();
  await mock.close();
});
beforeEach(() => mock.reset());

const calls: JsonObject[] = [];
const echo: Tool = {
  name: 'search',
  description: 'test search',
  parameters: { type: 'object', properties: { query: { type: 'string' } } },
  async call(args) {
    calls.push(args);
    return { text: `  Doc 1(Title: ${String(args.query)}) text\n`, meta: { doc_ids: ['d1'] } };
  },
};
const searchTag: TagTool = { tag: 'search', tool: echo, args: (query) => ({ query }) };
const user: ChatMessage[] = [{ role: 'user', content: 'Question: who?' }];
const lastUser = (req: MockRequest) => {
  const m = req.body.messages as ChatMessage[];
  return m[m.length - 1]!.content ?? '';
};

describe('Search-R1 parsing rules', () => {
  it('cuts after the first </search>, else the first </answer>, with search taking precedence', () => {
    expect(cutAtAction('<search>a</search> junk <answer>b</answer>', ['search'], ['answer'])).toBe('<search>a</search>');
    expect(cutAtAction('<answer>b</answer> tail', ['search'], ['answer'])).toBe('<answer>b</answer>');
    expect(cutAtAction('<answer>b</answer> then <search>a</search> x', ['search'], ['answer'])).toBe('<answer>b</answer> then <search>a</search>');
    expect(cutAtAction('no tags', ['search'], ['answer'])).toBe('no tags');
  });

  it('takes the FIRST <search|answer> pair, stripped, across newlines', () => {
    expect(parseAction('<answer>b</answer> then <search>a</search>', ['search', 'answer'])).toEqual({ tag: 'answer', content: 'b' });
    expect(parseAction('x <search>\n two\nlines </search>', ['search', 'answer'])).toEqual({ tag: 'search', content: 'two\nlines' });
    expect(parseAction('<search>open only', ['search', 'answer'])).toBeNull();
    expect(parseAction('<search>a</answer>', ['search', 'answer'])).toBeNull();
  });

  it('puts back a closing tag removed by a stop string, only when generation stopped', () => {
    expect(restoreClosingTag('<think>x</think> <search> q ', 'stop', ['search', 'answer'])).toBe('<think>x</think> <search> q </search>');
    expect(restoreClosingTag('<search> q ', 'length', ['search', 'answer'])).toBe('<search> q ');
    expect(restoreClosingTag('<search>q</search>', 'stop', ['search', 'answer'])).toBe('<search>q</search>');
    expect(restoreClosingTag('<search>q</search> <answer> A', 'stop', ['search', 'answer'])).toBe('<search>q</search> <answer> A</answer>');
  });

  it('rebuilds the turn text with the think block the client moved to reasoning', () => {
    expect(rawTurnText({ content: '<search>q</search>', reasoning: null })).toBe('<search>q</search>');
    expect(rawTurnText({ content: '<search>q</search>', reasoning: 'plan' })).toBe('<think>\nplan\n</think>\n<search>q</search>');
    expect(rawTurnText({ content: '', reasoning: 'still thinking' })).toBe('<think>\nstill thinking');
    expect(searchR1Observation('  Doc 1(Title: t) x\n')).toBe('\n\n<information>Doc 1(Title: t) x</information>\n\n');
  });
});

describe('runTagLoop', () => {
  it('chat: searches, feeds <information> as a user turn, stops at <answer>', async () => {
    calls.length = 0;
    script = (_req, i) =>
      i === 0
        ? { content: '<think>I need the director.</think>\n<search> Scott Derrickson ', finish_reason: 'stop' }
        : { content: '<think>Found it.</think>\n<answer> American </answer>', finish_reason: 'stop' };
    const ep = await runTagLoop(model, { mode: 'chat', messages: user, tools: [searchTag], maxTurns: 5, sampling: { temperature: 0 } });
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[0]!.body.stop).toEqual(['</search>', '</answer>']);
    const second = mock.requests[1]!.body.messages as ChatMessage[];
    expect(second).toHaveLength(3);
    // (The client trims content it removed a think block from, hence no space before </search>.)
    expect(second[1]).toEqual({ role: 'assistant', content: '<think>\nI need the director.\n</think>\n<search> Scott Derrickson</search>' });
    expect(second[2]).toEqual({ role: 'user', content: '<information>Doc 1(Title: Scott Derrickson) text</information>' });
    expect(calls).toEqual([{ query: 'Scott Derrickson' }]);
    expect(ep.turns).toBe(2);
    expect(ep.trace).toHaveLength(1);
    expect(ep.trace[0]).toMatchObject({ turn: 1, tool: 'search', input: { query: 'Scott Derrickson' }, meta: { doc_ids: ['d1'] }, error: null });
    expect(ep.output).toBe('<search> Scott Derrickson</search>\n<answer> American </answer>');
    expect(ep.reasoning).toBe('I need the director.\n\nFound it.');
    expect(ep.limitHit).toBeNull();
    expect(ep.extra).toMatchObject({ final_tag: 'answer', invalid_turns: 0 });
    expect(ep.usage.total_tokens).toBeGreaterThan(0);
  });

  it('completions: one growing prompt, exactly prompt + response + observation', async () => {
    script = (req) => {
      const prompt = req.body.prompt as string;
      return prompt.includes('<information>') ? { content: ' <answer>Paris</answer> trailing', finish_reason: 'stop' } : { content: ' <search>capital of France</search> ignored', finish_reason: 'stop' };
    };
    const ep = await runTagLoop(model, { mode: 'completions', prompt: 'PROMPT\n', tools: [searchTag], maxTurns: 3, sampling: {} });
    expect(mock.requests.map((r) => r.path)).toEqual(['/v1/completions', '/v1/completions']);
    expect(mock.requests[1]!.body.prompt).toBe('PROMPT\n <search>capital of France</search>\n\n<information>Doc 1(Title: capital of France) text</information>\n\n');
    expect(ep.messages).toEqual([
      { role: 'user', content: 'PROMPT\n' },
      { role: 'assistant', content: ' <search>capital of France</search>\n\n<information>Doc 1(Title: capital of France) text</information>\n\n <answer>Paris</answer>' },
    ]);
    expect(ep.output).toBe(' <search>capital of France</search>\n <answer>Paris</answer>');
  });

  it('answers an invalid action with Search-R1\'s message and goes on', async () => {
    script = (req, i) => (i === 0 ? { content: 'It is probably Paris.' } : { content: `<answer>${lastUser(req).includes('previous action is invalid') ? 'ok' : 'no'}</answer>` });
    const ep = await runTagLoop(model, { mode: 'chat', messages: user, tools: [searchTag], maxTurns: 4, sampling: {} });
    expect(lastUser(mock.requests[1]!)).toBe(SEARCH_R1_INVALID.trim());
    expect(ep.output).toContain('<answer>ok</answer>');
    expect(ep.extra).toMatchObject({ invalid_turns: 1 });
    expect(ep.trace).toHaveLength(0);
  });

  it('max turns: the last call is not acted on and the episode is marked', async () => {
    calls.length = 0;
    script = (_req, i) => ({ content: `<search>q${i}</search>` });
    const ep = await runTagLoop(model, { mode: 'chat', messages: user, tools: [searchTag], maxTurns: 3, sampling: {} });
    expect(mock.requests).toHaveLength(3);
    expect(calls).toEqual([{ query: 'q0' }, { query: 'q1' }]);
    expect(ep.limitHit).toBe('max_turns');
    expect(ep.extra).toMatchObject({ final_tag: null });
  });

  it('max calls: further searches get a limit observation and the episode is marked', async () => {
    calls.length = 0;
    script = (req, i) => (i < 2 ? { content: `<search>q${i}</search>` } : { content: `<answer>${lastUser(req).includes('limit is reached') ? 'told' : '?'}</answer>` });
    const ep = await runTagLoop(model, {
      mode: 'chat', messages: user, tools: [searchTag], maxTurns: 6, maxCalls: 1, sampling: {}, limitNames: { calls: 'max_searches' },
    });
    expect(calls).toEqual([{ query: 'q0' }]);
    expect(ep.trace).toHaveLength(2);
    expect(ep.trace[1]).toMatchObject({ tool: 'search', error: 'limit' });
    expect(ep.trace[1]!.meta).toBeUndefined();
    expect(ep.limitHit).toBe('max_searches');
    expect(ep.output).toContain('<answer>told</answer>');
  });

  it('a tool that throws fails the episode (an infrastructure error, not the model\'s)', async () => {
    script = () => ({ content: '<search>x</search>' });
    const broken: TagTool = { tag: 'search', args: (query) => ({ query }), tool: { ...echo, call: async () => Promise.reject(new Error('retriever down')) } };
    await expect(runTagLoop(model, { mode: 'chat', messages: user, tools: [broken], maxTurns: 3, sampling: {} })).rejects.toThrow('retriever down');
  });

  it('keeps caller stop strings and can leave stops off', async () => {
    script = () => ({ content: '<answer>a</answer>' });
    await runTagLoop(model, { mode: 'chat', messages: user, tools: [searchTag], maxTurns: 2, sampling: { stop: ['###'] } });
    expect(mock.requests[0]!.body.stop).toEqual(['###', '</search>', '</answer>']);
    await runTagLoop(model, { mode: 'chat', messages: user, tools: [searchTag], maxTurns: 2, sampling: {}, stopAtClosingTags: false });
    expect(mock.requests[1]!.body.stop).toBeUndefined();
  });
});
