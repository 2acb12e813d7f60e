// RecRM-Bench end to end through the real engine (runBenchmark): the oracle scores 100% on every
// dimension of the bundled fixtures; a scripted mock endpoint gives known per-dimension
// accuracies; a malformed verdict is re-asked, then recorded as an error (never a 0); and
// --export-rewards writes one reward line per entry.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { recrmBench, type RecSample } from '../benchmarks/recrm/index.js';
import { buildMessages, loadPrompts } from '../benchmarks/recrm/templates.js';
import { formatVerdict } from '../benchmarks/recrm/verdict.js';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { latestRecords } from '../harness/store/current-records.js';
import { startMockOpenAI, type MockOpenAI, type MockRequest } from '../harness/testing/mock-openai.js';
import type { Benchmark, JsonObject, SampleRecord } from '../harness/types.js';

const bench = recrmBench as unknown as Benchmark;
const DIMS = ['instruction-following', 'factual-consistency', 'query-item-relevance', 'user-behavior-prediction'];
const quiet = () => undefined;

let dir: string;
let samples: RecSample[];
const prompts = loadPrompts();

beforeAll(async () => {
  const s = await recrmBench.open({ options: {}, quiet: true, log: quiet, cacheDir: tmpdir() });
  samples = s.samples;
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recrm-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function config(model: string, extra: Record<string, unknown> = {}) {
  return buildRunConfig(['recrm-bench'], {
    model, out: join(dir, 'run'), resultsDir: join(dir, 'results'), quiet: true, concurrency: 4, maxRetries: 0, timeout: 10, ...extra,
  });
}

const extraOf = (summaryExtra: JsonObject, d: string) => (summaryExtra.dimensions as JsonObject)[d] as JsonObject;

describe('oracle', () => {
  test('100% on every dimension of the bundled fixtures, every corpus metric perfect, rewards exported', async () => {
    const rewards = join(dir, 'out', 'rewards.jsonl');
    const out = await runBenchmark(bench, config('oracle', { exportRewards: rewards }), quiet);
    const s = out.summary;
    expect(out.errors).toBe(0);
    expect(s.counts.problems).toBe(34);
    expect(s.counts.data_issues).toBe(0);
    for (const key of ['acc_if', 'acc_fc', 'acc_qir', 'acc_ubp', 'acc']) expect(s.metrics[key]!.value).toBe(1);
    expect(Object.entries(s.metrics).filter(([, m]) => m.primary).map(([k]) => k)).toEqual(['acc_if', 'acc_fc', 'acc_qir', 'acc_ubp', 'acc_overall']);
    expect(s.metrics.acc_overall).toMatchObject({ value: 1, scale: 100, primary: true, kind: 'aggregate' });
    expect(Object.keys(s.breakdowns.dimension!)).toEqual([...DIMS].sort());

    const x = s.extra;
    for (const d of DIMS) expect((extraOf(x, d).accuracy as JsonObject).value).toBe(1);
    const fc = (extraOf(x, 'factual-consistency').tasks as JsonObject)['factual-consistency'] as JsonObject;
    expect((fc.macro_f1 as JsonObject).value).toBe(1);
    expect((fc.auc as JsonObject).value).toBe(1);
    const ubp = extraOf(x, 'user-behavior-prediction').tasks as JsonObject;
    expect(((ubp.behavior as JsonObject).macro_f1 as JsonObject).value).toBe(1);
    expect(((ubp['item-ranking'] as JsonObject).ndcg_at_k as JsonObject).value).toBe(1);
    expect(((ubp['item-ranking'] as JsonObject).pairwise_accuracy as JsonObject).value).toBe(1);
    expect(((x.overall as JsonObject).accuracy_macro as JsonObject).value).toBe(1);

    const lines = (await readFile(rewards, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as JsonObject);
    expect(lines).toHaveLength(34);
    const byId = new Map(lines.map((l) => [l.id as string, l]));
    expect(byId.get('instruction-following/if-002')).toMatchObject({ dimension: 'instruction-following', reward: 0, rewards: { 'instruction-following': 0 }, label: 'no', verdict: 'no', correct: true, error: null });
    expect(byId.get('query-item-relevance/qir-003')).toMatchObject({ reward: 0.5, label: '1', verdict: '1' });
    expect(byId.get('user-behavior-prediction/behavior:ubp-001')).toMatchObject({ task: 'behavior', reward: 1, rewards: { 'user-behavior-prediction': 1 } });
    expect(byId.get('user-behavior-prediction/item-ranking:rank-001')).toMatchObject({ reward: null, item_rewards: { A: 1, B: 0.5, C: 0 }, verdict: 'A > B > C' });
  });
});

describe('a scripted OpenAI-compatible endpoint', () => {
  let mock: MockOpenAI;
  beforeAll(async () => {
    mock = await startMockOpenAI({ models: ['judge'] });
  });
  afterAll(async () => {
    await mock.close();
  });

  /** The sample a request is about: its first message is the rendered prompt. */
  function sampleOf(req: MockRequest): RecSample {
    const first = (req.body.messages as Array<{ content: string }>)[0]!.content;
    const s = samples.find((x) => buildMessages(prompts, x)[0]!.content === first);
    if (!s) throw new Error('unknown prompt');
    return s;
  }

  test('gives the constructed per-dimension accuracies', async () => {
    // Wrong on purpose: 1 of 8 IF, 0 of 8 FC, 2 of 8 QIR, 2 of 10 UBP (one graded, one ranking).
    const wrong: Record<string, string> = {
      'instruction-following/if-002': '{"verdict": "yes", "score": 0.7}',
      'query-item-relevance/qir-003': 'The item is a Sichuan restaurant.\nVerdict: 2',
      'query-item-relevance/qir-007': '{"verdict": "0"}',
      'user-behavior-prediction/behavior:ubp-003': '{"verdict": "order"}',
      'user-behavior-prediction/item-ranking:rank-002': '{"verdict": ["g3", "g2", "g4", "g1"]}',
    };
    mock.setOptions({
      respond: (req) => {
        const s = sampleOf(req);
        return { content: wrong[s.id] ?? `Let me check the constraints one by one.\n${formatVerdict(s.gold)}` };
      },
    });
    const out = await runBenchmark(bench, config('openai:judge', { baseUrl: mock.url }), quiet);
    const m = out.summary.metrics;
    expect(out.errors).toBe(0);
    expect(m.acc_if!.value).toBe(7 / 8);
    expect(m.acc_fc!.value).toBe(1);
    expect(m.acc_qir!.value).toBe(6 / 8);
    expect(m.acc_ubp!.value).toBe(8 / 10);
    expect(m.acc!.value).toBeCloseTo(29 / 34, 12);
    const overall = (out.summary.extra.overall as JsonObject).accuracy_macro as JsonObject;
    expect(overall.value).toBeCloseTo((7 / 8 + 1 + 6 / 8 + 8 / 10) / 4, 12);
    expect(overall.ci_low as number).toBeLessThanOrEqual(overall.value as number);
    const ranking = (extraOf(out.summary.extra, 'user-behavior-prediction').tasks as JsonObject)['item-ranking'] as JsonObject;
    expect((ranking.accuracy as JsonObject).value).toBe(3 / 4);
    expect((ranking.pairwise_accuracy as JsonObject).value).toBeCloseTo((1 + 1 + 1 + 5 / 6) / 4, 12);
  });

  test('a malformed verdict is re-asked, then recorded as an error — never as a wrong answer', async () => {
    const seen = new Map<string, number>();
    mock.setOptions({
      respond: (req) => {
        const s = sampleOf(req);
        const n = (seen.get(s.id) ?? 0) + 1;
        seen.set(s.id, n);
        if (s.id === 'factual-consistency/fc-002') return { content: 'It is hard to say without visiting.' };
        if (s.id === 'factual-consistency/fc-003' && n === 1) return { content: 'Verdict: probably' };
        return { content: formatVerdict(s.gold) };
      },
    });
    const out = await runBenchmark(bench, config('openai:judge', { baseUrl: mock.url, dimension: 'fc', verdictRetries: '1' }), quiet);
    expect(out.errors).toBe(1);
    expect(out.summary.counts.errors_by_kind).toEqual({ solver: 1 });
    expect(out.summary.metrics.acc_fc).toMatchObject({ value: 1, n: 7 });
    expect(Object.keys(out.summary.metrics).filter((k) => k.startsWith('acc_'))).toEqual(['acc_fc', 'acc_fc/pass@1', 'acc_overall']);
    expect(seen.get('factual-consistency/fc-002')).toBe(2);
    expect(seen.get('factual-consistency/fc-003')).toBe(2);

    const records = [...(await latestRecords(out.dir)).values()];
    const failed = records.find((r) => r.id === 'factual-consistency/fc-002') as SampleRecord;
    expect(failed).toMatchObject({ scores: null, error_kind: 'solver' });
    expect(failed.error).toMatch(/malformed verdict after 2 attempt\(s\): no verdict found.*It is hard to say/);
    const retried = records.find((r) => r.id === 'factual-consistency/fc-003') as SampleRecord;
    expect(retried.scores).toEqual({ acc: 1, acc_fc: 1 });
    expect(retried.extra).toMatchObject({ verdict_attempts: 2, malformed: ['verdict "probably" is not "yes" or "no"'] });
    expect(retried.messages?.map((mm) => mm.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(retried.messages?.[2]?.content).toContain('Your reply could not be read');
  });

  test('replayed outputs that cannot be read are scorer errors, not zeros; the export marks them', async () => {
    const replay = join(dir, 'replay.jsonl');
    const fc = samples.filter((s) => s.dimension === 'factual-consistency');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(replay, fc.map((s, i) => JSON.stringify({ id: s.id, output: i === 0 ? 'no idea' : formatVerdict(s.gold) })).join('\n'));
    const rewards = join(dir, 'rewards.jsonl');
    const out = await runBenchmark(bench, config(`replay:${replay}`, { dimension: 'factual-consistency', exportRewards: rewards }), quiet);
    expect(out.summary.counts.errors_by_kind).toEqual({ scorer: 1 });
    expect(out.summary.metrics.acc_fc).toMatchObject({ value: 1, n: 7 });
    const lines = (await readFile(rewards, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as JsonObject);
    expect(lines).toHaveLength(8);
    expect(lines.find((l) => l.id === fc[0]!.id)).toMatchObject({ dimension: 'factual-consistency', reward: null, correct: null, error: expect.stringMatching(/malformed verdict/) as unknown });
  });
});

describe('reported numbers', () => {
  test('results/reported/recrm-bench.json follows the schema; its description says why it is empty', async () => {
    const { Ajv } = await import('ajv');
    const { assetPath } = await import('../harness/paths.js');
    const schema = JSON.parse(await readFile(assetPath('results', 'reported', 'schema.json'), 'utf8')) as object;
    const data = JSON.parse(await readFile(assetPath('results', 'reported', 'recrm-bench.json'), 'utf8')) as { description: string; entries: unknown[] };
    expect(new Ajv({ strict: false }).validate(schema, data)).toBe(true);
    expect(data.entries).toEqual([]);
    expect(data.description).toMatch(/no number could be verified/i);
  });
});
