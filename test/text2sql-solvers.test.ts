import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIClient } from '../harness/model/openai-client.js';
import { startMockOpenAI, type MockOpenAI, type MockReply, type MockRequest } from '../harness/testing/mock-openai.js';
import type { AgentSolver, BenchmarkSession, ChatMessage, ModelClient, ToolCall } from '../harness/types.js';
import { bird, spider } from '../benchmarks/text2sql/index.js';
import type { SqlSample } from '../benchmarks/text2sql/load.js';
import { formatObservation } from '../benchmarks/text2sql/solvers.js';

const tmp = mkdtempSync(join(tmpdir(), 't2s-solvers-'));
let server: MockOpenAI;
let client: ModelClient;
let script: (req: MockRequest, i: number) => MockReply = () => ({ content: 'no script' });
const sessions: BenchmarkSession<SqlSample>[] = [];

async function open(b: typeof spider, options: Record<string, unknown>): Promise<BenchmarkSession<SqlSample>> {
  const s = await b.open({ options, quiet: true, log: () => {}, cacheDir: tmp });
  sessions.push(s);
  return s;
}

const call = (id: string, sql: string): ToolCall => ({ id, type: 'function', function: { name: 'execute_sql', arguments: JSON.stringify({ sql }) } });
const messagesOf = (req: MockRequest) => req.body.messages as ChatMessage[];
const toolsOf = (req: MockRequest) => req.body.tools as Array<{ function: { name: string } }> | undefined;

beforeAll(async () => {
  server = await startMockOpenAI({ respond: (req, i) => script(req, i) });
  client = createOpenAIClient({ spec: 'openai:mock', model: 'mock', baseUrls: [server.url], timeoutMs: 10_000, maxRetries: 0, concurrency: 4 });
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await client.close();
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('mtir solver (execute_sql over the OpenAI tools API)', () => {
  it('runs the scripted episode: query, error, final answer; records turns, tool calls and tokens', async () => {
    const s = await open(bird, { mode: 'mtir', maxTurns: '5', maxRows: '10' });
    expect(s.settings).toMatchObject({ mode: 'mtir', maxTurns: 5, maxRows: 10 });
    expect(Object.keys(s.templates)).toEqual(['text2sql/mtir-system.md', 'text2sql/mtir-user.md']);
    const sample = s.samples.find((x) => x.goldSql.startsWith('SELECT count(DISTINCT product_type_code)'))!;
    server.reset();
    script = (req, i) => {
      if (i === 0) return { tool_calls: [call('c1', 'SELECT DISTINCT product_type_code FROM products')], usage: { prompt_tokens: 100, completion_tokens: 10 } };
      if (i === 1) return { tool_calls: [call('c2', 'SELECT count(*) FROM product_types')], usage: { prompt_tokens: 150, completion_tokens: 10 } };
      return { content: `Two types.\n\`\`\`sql\n${sample.goldSql}\n\`\`\``, usage: { prompt_tokens: 200, completion_tokens: 20 } };
    };
    const solver = s.solver as AgentSolver<SqlSample>;
    expect(solver.kind).toBe('agent');
    const ep = await solver.run(sample, client, { sampling: { temperature: 0 } });

    expect(ep.turns).toBe(3);
    expect(ep.limitHit).toBeNull();
    expect(ep.usage).toEqual({ prompt_tokens: 450, completion_tokens: 40, total_tokens: 490 });
    expect(ep.extra).toMatchObject({ sql_calls: 2 });
    expect(ep.trace).toHaveLength(2);
    expect(ep.trace[0]).toMatchObject({ turn: 1, tool: 'execute_sql', input: { sql: 'SELECT DISTINCT product_type_code FROM products' }, error: null });
    expect(ep.trace[0]!.output).toMatch(/^Columns: product_type_code\nRows \(2\):\n(Clothes|Hardware)\n(Clothes|Hardware)$/);
    expect(ep.trace[0]!.meta).toMatchObject({ ok: true, rows: 2, truncated: false });
    expect(ep.trace[1]!.output).toMatch(/^Error: .*no such table: product_types/);
    expect(ep.trace[1]!.meta).toMatchObject({ ok: false, kind: 'error' });

    // What the model saw: tools offered, the system prompt, then the observations as tool messages.
    const [r0, r1, r2] = server.requests;
    expect(toolsOf(r0!)!.map((t) => t.function.name)).toEqual(['execute_sql']);
    expect(messagesOf(r0!)[0]!.role).toBe('system');
    expect(messagesOf(r0!)[1]!.content).toContain(`Question: ${sample.question}`);
    const m1 = messagesOf(r1!);
    expect(m1.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'c1' });
    expect(m1.at(-1)!.content).toContain('Columns: product_type_code');
    expect(messagesOf(r2!).at(-1)!.content).toMatch(/no such table/);

    const scored = await s.score(sample, ep);
    expect(scored.scores).toEqual({ ex: 1 });
  });

  it('stops offering the tool after T rounds and asks for the final SQL', async () => {
    const s = await open(spider, { mode: 'mtir', maxTurns: '2', maxRows: '3' });
    const sample = s.samples[0]!;
    server.reset();
    script = (req, i) => (toolsOf(req) ? { tool_calls: [call(`c${i}`, 'SELECT staff_name FROM staff')] } : { content: `\`\`\`sql\n${sample.goldSql}\n\`\`\`` });
    const ep = await (s.solver as AgentSolver<SqlSample>).run(sample, client, { sampling: {} });
    expect(ep.turns).toBe(3); // 2 rounds of tools + the final answer
    expect(ep.trace).toHaveLength(2);
    expect(ep.trace[0]!.output).toMatch(/^Columns: staff_name\nRows \(the first 3; the result has more\):\n.+\n.+\n.+$/);
    const last = server.requests.at(-1)!;
    expect(toolsOf(last)).toBeUndefined();
    expect(messagesOf(last).at(-1)).toMatchObject({ role: 'user', content: expect.stringContaining('final SQL') });
    expect((await s.score(sample, ep)).scores).toEqual({ ex: 1 });
  });

  it('a query over the time limit comes back as a timeout observation', async () => {
    const s = await open(spider, { mode: 'mtir', sqlTimeout: '0.5' });
    server.reset();
    script = (_req, i) => (i === 0
      ? { tool_calls: [call('slow', 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c')] }
      : { content: 'SELECT 1' });
    const ep = await (s.solver as AgentSolver<SqlSample>).run(s.samples[0]!, client, { sampling: {} });
    expect(ep.trace[0]!.output).toBe('Error: the query did not finish within 0.5 s and was stopped.');
    expect(ep.trace[0]!.meta).toMatchObject({ ok: false, kind: 'timeout' });
  });
});

describe('single solver', () => {
  it('is one prompt per sample with the template hashed into the session', async () => {
    const s = await open(spider, {});
    expect(s.solver.kind).toBe('prompt');
    expect(Object.keys(s.templates)).toEqual(['text2sql/single.md']);
    expect(s.templates['text2sql/single.md']).toMatch(/^[0-9a-f]{64}$/);
    if (s.solver.kind !== 'prompt') throw new Error('unreachable');
    const msgs = s.solver.messages(s.samples[0]!);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.content).toContain('CREATE TABLE `Product_Suppliers`');
    expect(s.settings).not.toHaveProperty('maxTurns');
  });
});

describe('observation format', () => {
  it('shows columns, the first R rows, NULLs and blobs; errors as text', () => {
    const ok = { ok: true as const, columns: ['a', 'b'], rows: [[1n, null], [2.5, new Uint8Array(3)]], truncated: false, ms: 1 };
    expect(formatObservation(ok, 10, 30)).toBe('Columns: a | b\nRows (2):\n1 | NULL\n2.5 | <blob 3 bytes>');
    expect(formatObservation({ ...ok, rows: [] }, 10, 30)).toBe('Columns: a | b\nThe query returned no rows.');
    expect(formatObservation({ ...ok, truncated: true }, 2, 30)).toContain('Rows (the first 2; the result has more):');
    expect(formatObservation({ ok: false, kind: 'rejected', error: 'only read-only statements are allowed', ms: 0 }, 10, 30))
      .toBe('Error: only read-only statements are allowed');
  });
});
