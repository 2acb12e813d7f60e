// BFCL end to end through the real engine: the oracle scores 100 in both modes on the bundled
// sample; a mock OpenAI endpoint answering with tool calls (fc) or text (prompt) gives the
// constructed per-category accuracies and score-table columns; replay lines carry tool_calls.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { bfcl, type BfclSample } from '../benchmarks/bfcl/index.js';
import { NO_CALL_REPLY, oracleText, oracleToolCalls } from '../benchmarks/bfcl/oracle.js';
import { loadSystemTemplate, promptMessages } from '../benchmarks/bfcl/prompt.js';
import { runBenchmark } from '../harness/run/execute.js';
import { rescoreRun } from '../harness/run/rescore.js';
import { buildRunConfig } from '../harness/run/options.js';
import { latestRecords } from '../harness/store/current-records.js';
import { startMockOpenAI, type MockOpenAI, type MockRequest } from '../harness/testing/mock-openai.js';
import type { Benchmark, JsonObject } from '../harness/types.js';

const bench = bfcl as unknown as Benchmark;
const quiet = () => undefined;
let dir: string;
let samples: BfclSample[];

beforeAll(async () => {
  samples = (await bfcl.open({ options: {}, quiet: true, log: quiet, cacheDir: tmpdir() })).samples;
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bfcl-run-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const config = (model: string, extra: Record<string, unknown> = {}) =>
  buildRunConfig(['bfcl'], { model, out: join(dir, 'run'), resultsDir: join(dir, 'results'), quiet: true, concurrency: 4, maxRetries: 0, timeout: 10, ...extra });

const value = (m: Record<string, { value: number }>, k: string) => m[k]!.value;

describe('oracle', () => {
  test.each(['fc', 'prompt'])('100 on every category in %s mode', async (mode) => {
    const out = await runBenchmark(bench, config('oracle', { mode }), quiet);
    const s = out.summary;
    expect(out.errors).toBe(0);
    expect(s.counts.problems).toBe(228);
    for (const k of ['acc', 'non_live', 'live', 'irrelevance', 'relevance']) expect(value(s.metrics, k)).toBe(1);
    // Multi-turn and agentic are absent and count 0 under BFCL v4's weights (10/10/10/30/40).
    expect(value(s.metrics, 'overall')).toBeCloseTo(0.3, 12);
    expect(Object.keys(s.breakdowns.category!).sort()).toEqual([...new Set(samples.map((x) => x.category))].sort());
  });
});

describe('a mock OpenAI endpoint', () => {
  let mock: MockOpenAI;
  beforeAll(async () => {
    mock = await startMockOpenAI();
  });
  afterAll(async () => mock.close());

  const template = loadSystemTemplate();
  const byMessages = (mode: 'fc' | 'prompt') => new Map(samples.map((s) => [JSON.stringify(mode === 'fc' ? s.messages : promptMessages(template, s)), s]));
  const sampleOf = (map: Map<string, BfclSample>, req: MockRequest) => map.get(JSON.stringify(req.body.messages))!;

  const simple = () => samples.filter((s) => s.category === 'simple_python').slice(0, 2).map((s) => s.id);
  const irrelevant = () => samples.find((s) => s.category === 'irrelevance')!.id;

  test('fc mode: tools go out with underscored names, tool calls come back and are checked', async () => {
    const map = byMessages('fc');
    const [w1, w2] = simple();
    const irr = irrelevant();
    mock.setOptions({
      respond: (req) => {
        const s = sampleOf(map, req);
        const tools = req.body.tools as Array<{ function: { name: string } }> | undefined;
        if (!tools || tools.some((t) => t.function.name.includes('.'))) throw new Error('fc requests must carry tools without dots');
        if (s.id === w1) return { content: null, tool_calls: [{ id: 'c0', type: 'function', function: { name: 'not_a_function', arguments: '{}' } }] };
        if (s.id === w2) return { content: 'I would call it but will not.' };
        if (s.id === irr) return { content: null, tool_calls: [{ id: 'c0', type: 'function', function: { name: tools[0]!.function.name, arguments: '{}' } }] };
        const calls = oracleToolCalls(s);
        return calls.length ? { content: null, tool_calls: calls } : { content: NO_CALL_REPLY };
      },
    });
    const out = await runBenchmark(bench, config('openai:mock', { baseUrl: mock.url, mode: 'fc' }), quiet);
    const m = out.summary.metrics;
    expect(out.errors).toBe(0);
    expect(value(m, 'non_live')).toBeCloseTo((23 / 25 + 1 + 1 + 1) / 4, 12);
    expect(value(m, 'live')).toBe(1);
    expect(value(m, 'irrelevance')).toBeCloseTo((24 / 25 + 1) / 2, 12);
    expect(value(m, 'overall')).toBeCloseTo(0.1 * ((23 / 25 + 3) / 4) + 0.1 + 0.1 * ((24 / 25 + 1) / 2), 12);
    const recs = await latestRecords(join(dir, 'run'));
    const r1 = recs.get(`${w1}\u00000`)!;
    expect(r1.extra).toMatchObject({ error_type: 'simple_function_checker:wrong_func_name', decoded: [{ not_a_function: {} }] });
    expect(r1.output_tool_calls).toHaveLength(1);
    expect(recs.get(`${w2}\u00000`)!.extra).toMatchObject({ error_type: 'ast_decoder:decoder_failed' });
    expect(recs.get(`${irr}\u00000`)!.extra).toMatchObject({ error_type: 'irrelevance_error:decoder_success' });
  });

  test('prompt mode: the official system prompt goes first, text is parsed as Python calls', async () => {
    const map = byMessages('prompt');
    const [w1] = simple();
    mock.setOptions({
      respond: (req) => {
        if (req.body.tools !== undefined) throw new Error('prompt mode sends no tools');
        const s = sampleOf(map, req);
        const text = oracleText(s);
        return { content: s.id === w1 ? `\`\`\`python\n${text}\n\`\`\`` : text };
      },
    });
    const out = await runBenchmark(bench, config('openai:mock', { baseUrl: mock.url, mode: 'prompt', category: 'simple_python,live_simple' }), quiet);
    expect(out.errors).toBe(0);
    expect(out.summary.breakdowns.category!.simple_python!.metrics.acc!.value).toBeCloseTo(24 / 25, 12);
    expect(out.summary.breakdowns.category!.live_simple!.metrics.acc!.value).toBe(1);
    // Only some columns can be computed from two categories.
    expect(Object.keys(out.summary.metrics).filter((k) => ['non_live', 'live', 'overall'].includes(k))).toEqual([]);
    expect((out.summary.extra.score_table as JsonObject).missing_columns).toEqual(['non_live', 'live', 'irrelevance', 'relevance', 'overall']);
    const first = (mock.requests.at(-1)!.body.messages as Array<{ role: string; content: string }>)[0]!;
    expect(first.role).toBe('system');
    expect(first.content).toMatch(/^You are an expert in composing functions\.You are given a question/);
  });
});

describe('replay', () => {
  test('lines with tool_calls are scored in fc mode', async () => {
    const chosen = samples.filter((s) => s.category === 'parallel');
    const file = join(dir, 'preds.jsonl');
    const lines = chosen.map((s, i) => {
      const calls = oracleToolCalls(s);
      // Reverse the order (parallel calls are matched in any order) and break the last one.
      const tool_calls = i === chosen.length - 1 ? [] : [...calls].reverse();
      return JSON.stringify({ id: s.id, output: '', tool_calls });
    });
    await writeFile(file, `${lines.join('\n')}\n`);
    const out = await runBenchmark(bench, config(`replay:${file}`, { mode: 'fc', category: 'parallel' }), quiet);
    expect(out.errors).toBe(0);
    expect(out.summary.metrics.acc!.value).toBeCloseTo((chosen.length - 1) / chosen.length, 12);
    const last = (await latestRecords(join(dir, 'run'))).get(`${chosen.at(-1)!.id}\u00000`)!;
    expect(last.extra).toMatchObject({ error_type: 'parallel_function_checker_no_order:wrong_count' });
    // Rescoring reads the recorded tool calls back (output_tool_calls), not the empty text.
    const again = await rescoreRun({ run: join(dir, 'run'), out: join(dir, 'rescored'), overrides: {} }, () => bench);
    expect(again.summary.metrics.acc!.value).toBeCloseTo((chosen.length - 1) / chosen.length, 12);
  });
});

describe('agenteval list', () => {
  test('says that multi-turn categories are not part of bfcl', async () => {
    const { spawnSync } = await import('node:child_process');
    const cli = join(import.meta.dirname, '..', 'dist', 'harness', 'cli', 'main.js');
    const r = spawnSync(process.execPath, [cli, 'list', 'bfcl'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/notes: Single-turn categories only\. Multi-turn/);
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
  });
});
