import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerRescore } from '../harness/cli/rescore-command.js';
import { getBenchmark } from '../harness/all-benchmarks.js';
import { localsearchbench } from '../benchmarks/localsearch/index.js';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { episodeFromRecord, rescoreRun } from '../harness/run/rescore.js';
import { readJson } from '../harness/store/run-store.js';
import { latestRecords } from '../harness/store/current-records.js';
import type { Summary } from '../harness/summary/summarize.js';
import { startMockOpenAI, type MockOpenAI, type MockRequest } from '../harness/testing/mock-openai.js';
import type { Benchmark, SampleRecord } from '../harness/types.js';
import { toyBenchmark } from './helpers/toy-benchmark.js';

const bench = localsearchbench as unknown as Benchmark;
const benchmarkOf = (name: string) => (name === 'localsearchbench' ? bench : name === 'toy' ? (toyBenchmark(4) as unknown as Benchmark) : undefined);
let agent: MockOpenAI;
let judgeA: MockOpenAI;
let judgeB: MockOpenAI;
let tmp: string;
let run: string;

const scored = (score: number) => (_req: MockRequest) => ({
  content: JSON.stringify({
    答案正确性: { score: score >= 5 ? 1 : 0 },
    输出完整性: { score },
    内容流畅度: { score },
    安全性: { score },
    幻觉检测: { score },
  }),
});

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  agent = await startMockOpenAI({
    models: ['agent-m'],
    respond: (req) => ((req.body.messages as unknown[]).length === 2 ? { content: '<rag>西单 酒店</rag>' } : { content: '【答案】\n推荐西西友谊宾馆' }),
  });
  judgeA = await startMockOpenAI({ respond: scored(8), models: ['judge-a'] });
  judgeB = await startMockOpenAI({ respond: scored(3), models: ['judge-b'] });
  tmp = mkdtempSync(join(tmpdir(), 'ae-rescore-'));
  run = join(tmp, 'run');
  const config = buildRunConfig(['localsearchbench'], {
    model: 'openai:agent-m', baseUrl: agent.url, out: run, resultsDir: join(tmp, 'results'), quiet: true, maxRetries: 0, timeout: 5,
    concurrency: 2, limit: '3', judge: 'openai:judge-a', judgeBaseUrl: judgeA.url, judgeMaxRetries: '0',
  });
  const r = await runBenchmark(bench, config, () => {});
  expect(r.errors).toBe(0);
});
afterAll(async () => {
  await Promise.all([agent.close(), judgeA.close(), judgeB.close()]);
  rmSync(tmp, { recursive: true, force: true });
});

describe('rescoreRun / rejudge', () => {
  it('re-grades a finished run with another judge into a new folder, with zero agent requests, leaving the run untouched', async () => {
    const before = { samples: sha(join(run, 'samples.jsonl')), manifest: sha(join(run, 'manifest.json')), summary: sha(join(run, 'summary.json')) };
    const agentBefore = agent.count;
    const o = await rescoreRun({ run, suffix: 'rejudged-judge-b', overrides: { judge: 'openai:judge-b', judgeBaseUrl: judgeB.url } }, benchmarkOf);
    expect(o.dir).toBe(`${run}-rejudged-judge-b`);
    expect(agent.count).toBe(agentBefore);
    expect(judgeB.count).toBe(3);
    expect(o).toMatchObject({ rescored: 3, copied: 0, errors: 0 });
    expect({ samples: sha(join(run, 'samples.jsonl')), manifest: sha(join(run, 'manifest.json')), summary: sha(join(run, 'summary.json')) }).toEqual(before);

    const orig = await readJson<Summary>(join(run, 'summary.json'));
    const s = await readJson<Summary>(join(o.dir, 'summary.json'));
    expect(orig.metrics.completeness!.value).toBe(8);
    expect(s.metrics.completeness!.value).toBe(3);
    expect(s.metrics.correctness!.value).toBe(0);
    expect(s.metrics.tool_calls!.value).toBe(orig.metrics.tool_calls!.value);
    expect(s.counts).toMatchObject({ problems: 3, scored: 3 });

    const m = JSON.parse(readFileSync(join(o.dir, 'manifest.json'), 'utf8'));
    const om = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8'));
    expect(m.rescored_from).toMatchObject({ run, fingerprint: om.fingerprint });
    expect(m.rescored_from.changed.join(' ')).toContain('settings.judge');
    expect(m.fingerprint).not.toBe(om.fingerprint);
    expect(m.settings.judge.spec).toBe('openai:judge-b');
    expect(m.model).toEqual(om.model);
    expect(m.config.benchmarkOptions).toMatchObject({ judge: 'openai:judge-b', judgeBaseUrl: judgeB.url, judgeMaxRetries: '0' });
    expect(s.fingerprint).toBe(m.fingerprint);

    // Transcripts and traces travel unchanged; only scores and the judge's extra change.
    const a = await latestRecords(run);
    const b = await latestRecords(o.dir);
    for (const [k, r] of a) {
      const n = b.get(k)!;
      expect({ ...n, scores: null, extra: null, finished_at: null }).toEqual({ ...r, scores: null, extra: null, finished_at: null });
      expect((n.extra!.judge as { spec: string }).spec).toBe('openai:judge-b');
    }
  });

  it('rescoring with the same judge is free (verdict cache), and an existing folder is never overwritten', async () => {
    const judgeBefore = judgeA.count;
    const o = await rescoreRun({ run, out: join(tmp, 'same-judge'), overrides: {} }, benchmarkOf);
    expect(judgeA.count).toBe(judgeBefore);
    expect(o.summary.extra.judge_verdicts_from_cache).toBe(3);
    const orig = await readJson<Summary>(join(run, 'summary.json'));
    expect(o.summary.metrics.completeness!.value).toBe(orig.metrics.completeness!.value);
    // Same settings, same fingerprint as the original.
    expect(o.summary.fingerprint).toBe(orig.fingerprint);
    await expect(rescoreRun({ run, out: join(tmp, 'same-judge'), overrides: {} }, benchmarkOf)).rejects.toThrow(/already holds a run/);
    await expect(rescoreRun({ run, out: run, overrides: {} }, benchmarkOf)).rejects.toThrow(/must differ/);
    await expect(rescoreRun({ run: join(tmp, 'nope'), overrides: {} }, benchmarkOf)).rejects.toThrow(/not a run folder/);
  });

  it('copies records without output, re-scores scorer errors, and records judge failures as scorer errors', async () => {
    // A failed sample (model error) and a scorer error from an earlier judge, appended to a copy.
    const copy = join(tmp, 'run-copy');
    const { cpSync } = await import('node:fs');
    cpSync(run, copy, { recursive: true });
    const recs = [...(await latestRecords(copy)).values()];
    const modelErr: SampleRecord = { ...recs[0]!, output: null, scores: null, error: 'http: HTTP 500', error_kind: 'model' };
    const scorerErr: SampleRecord = { ...recs[1]!, scores: null, error: 'scorer failed: judge …', error_kind: 'scorer' };
    appendFileSync(join(copy, 'samples.jsonl'), `${JSON.stringify(modelErr)}\n${JSON.stringify(scorerErr)}\n`);
    judgeB.setOptions({ respond: (_r, i) => (i % 2 === 0 ? { content: 'not json' } : { content: 'still not json' }) });
    const judgeBefore = judgeB.count;
    const o = await rescoreRun({ run: copy, overrides: { judge: 'openai:judge-b', judgeBaseUrl: judgeB.url, judgeTemperature: '0.7', judgeFormatRetries: '0' } }, benchmarkOf);
    expect(o.copied).toBe(1);
    expect(o.rescored).toBe(2);
    expect(judgeB.count - judgeBefore).toBe(2);
    const out = await latestRecords(o.dir);
    expect(out.get(`${recs[0]!.id}\u00000`)).toMatchObject({ error_kind: 'model', error: 'http: HTTP 500' });
    expect(out.get(`${recs[1]!.id}\u00000`)).toMatchObject({ error_kind: 'scorer', scores: null });
    expect(out.get(`${recs[1]!.id}\u00000`)!.error).toMatch(/^scorer failed: judge openai:judge-b/);
    expect(o.errors).toBe(3);
    expect(existsSync(join(o.dir, 'summary.json'))).toBe(true);
  });

  it('refuses when the data changed, and rebuilds episodes from records', async () => {
    const toyRun = join(tmp, 'toy');
    await runBenchmark(toyBenchmark(4) as unknown as Benchmark, buildRunConfig(['toy'], { model: 'oracle', out: toyRun, resultsDir: join(tmp, 'results'), quiet: true }), () => {});
    const o = await rescoreRun({ run: toyRun, overrides: {} }, benchmarkOf);
    expect(o.summary.metrics.em!.value).toBe(1);
    const r = [...(await latestRecords(toyRun)).values()][0]!;
    expect(episodeFromRecord(r)).toMatchObject({ output: r.output, trace: [], turns: 0, latencyMs: r.latency_ms });

    const changed: Benchmark = {
      ...bench,
      name: 'localsearchbench',
      open: async (opts) => {
        const s = await bench.open(opts);
        return { ...s, dataset: { ...s.dataset, files: s.dataset.files.map((f) => ({ ...f, sha256: '0'.repeat(64) })) } };
      },
    };
    await expect(rescoreRun({ run, out: join(tmp, 'changed'), overrides: {} }, () => changed)).rejects.toThrow(/data .* changed/);
    expect(existsSync(join(tmp, 'changed'))).toBe(false);
  });

  it('creates nothing when it cannot rescore: no run folder, or a failure while writing', async () => {
    // The CLI as a user runs it, in an empty folder: a clear refusal, exit 2, nothing created.
    const cwd = mkdtempSync(join(tmpdir(), 'ae-rescore-cwd-'));
    try {
      const cli = join(process.cwd(), 'dist', 'harness', 'cli', 'main.js');
      const r = spawnSync(process.execPath, [cli, 'rescore', 'results/runs/no-such-spider-run', '--ex-mode', 'bird'], { cwd, encoding: 'utf8', timeout: 30_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/no-such-spider-run is not a run folder \(no manifest\.json\)/);
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
    // A failure after the folder appeared (here: the benchmark's aggregate) removes it again.
    const toyRun = join(tmp, 'toy-fail');
    await runBenchmark(toyBenchmark(3) as unknown as Benchmark, buildRunConfig(['toy'], { model: 'oracle', out: toyRun, resultsDir: join(tmp, 'results'), quiet: true }), () => {});
    const failing: Benchmark = { ...(toyBenchmark(3) as unknown as Benchmark), aggregator: () => ({ add() {}, finish: () => { throw new Error('aggregate broke'); } }) };
    await expect(rescoreRun({ run: toyRun, out: join(tmp, 'toy-fail-out'), overrides: {} }, () => failing)).rejects.toThrow(/aggregate broke/);
    expect(existsSync(join(tmp, 'toy-fail-out'))).toBe(false);
  });

  it('`agenteval rescore` overrides only the options given on its command line, into a new folder', async () => {
    const spiderRun = join(tmp, 'spider');
    const spider = getBenchmark('spider')!;
    await runBenchmark(spider, buildRunConfig(['spider'], { model: 'oracle', out: spiderRun, resultsDir: join(tmp, 'results'), quiet: true, limit: '4', exMode: 'spider', mode: 'single', sqlTimeout: 30 }), () => {});
    const exits: number[] = [];
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      exits.push(code ?? 0);
      throw new Error(`exit ${code}`);
    }) as never);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const cli = async (args: string[]) => {
      const program = new Command();
      program.exitOverride();
      registerRescore(program);
      await program.parseAsync(['node', 'agenteval', ...args]).catch(() => {});
    };
    try {
      await cli(['rescore', spiderRun, '--ex-mode', 'bird', '--quiet']);
      await cli(['rejudge', spiderRun]);
    } finally {
      exit.mockRestore();
      out.mockRestore();
      err.mockRestore();
    }
    expect(exits).toEqual([0, 2]);
    const m = JSON.parse(readFileSync(join(`${spiderRun}-rescored`, 'manifest.json'), 'utf8'));
    const om = JSON.parse(readFileSync(join(spiderRun, 'manifest.json'), 'utf8'));
    expect(m.config.benchmarkOptions).toEqual({ ...om.config.benchmarkOptions, exMode: 'bird' });
    expect(m.settings.exMode ?? m.settings.ex_mode).toBe('bird');
    expect(m.fingerprint).not.toBe(om.fingerprint);
    expect((await readJson<Summary>(join(`${spiderRun}-rescored`, 'summary.json'))).counts.scored).toBe(4);
  });
});
