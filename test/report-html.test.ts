// report.html end to end: a two-night suite against the mock endpoint, the report built from its
// runs and history, then loaded in a real headless Chromium — no console errors, no network,
// charts drawn, the flips/errors filter works, and hostile sample text stays text.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportData } from '../harness/report/html/data.js';
import { jsonForScript, renderReportHtml } from '../harness/report/html/page.js';
import type { ReportData } from '../harness/report/html/types.js';
import { loadRuns } from '../harness/report/runs.js';
import { runSuite } from '../harness/suite/run.js';
import type { Suite } from '../harness/suite/schema.js';
import { startMockOpenAI, type MockOpenAI, type MockRequest } from '../harness/testing/mock-openai.js';
import type { AgentSolver, Benchmark, BenchmarkSession, ChatMessage, Episode } from '../harness/types.js';
import { toyBenchmark, type ToySample } from './helpers/toy-benchmark.js';

const CHROMIUM = '/usr/bin/chromium';
const inCI = Boolean(process.env.CI) && process.env.CI !== 'false';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && !inCI) console.warn(`report-html: skipping the browser test: ${CHROMIUM} not found (apt-get install chromium); CI never skips it`);

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'harness', 'cli', 'main.js');
const HOSTILE_TOOL = '<b>bold</b></script><script>window.__pwned = 1</script><!--';
const HOSTILE_OUTPUT = '</script><img src=x onerror="window.__pwned = 2">';

// A toy agent: one (scripted) tool step whose observation is hostile HTML, then one model call.
const agentBase = toyBenchmark(4) as unknown as Benchmark<ToySample>;
const agentToy: Benchmark = {
  ...(agentBase as unknown as Benchmark),
  name: 'agent-toy',
  async open(o) {
    const s = await agentBase.open(o);
    const solver: AgentSolver<ToySample> = {
      kind: 'agent',
      async run(sample, model, ctx): Promise<Episode> {
        const messages: ChatMessage[] = [{ role: 'user', content: `Agent task: ${sample.question}` }];
        const res = await model.chat({ messages, sampling: ctx.sampling }, { signal: ctx.signal });
        const output = res.choices[0]!.content;
        return {
          output,
          messages: [...messages, { role: 'assistant', content: output }],
          trace: [{ turn: 1, tool: 'lookup', input: { q: sample.question }, output: HOSTILE_TOOL }],
          turns: 1,
          usage: res.usage,
          latencyMs: res.latencyMs,
          attempts: res.attempts,
        };
      },
    };
    return { ...s, solver } as unknown as BenchmarkSession;
  },
};
const toy = toyBenchmark(6) as unknown as Benchmark;
const lookup = (name: string) => ({ toy, 'agent-toy': agentToy })[name as 'toy' | 'agent-toy'];

/** ckpt-a: even ids right; ckpt-b: all right except a hostile answer on id 3 of the agent benchmark. */
function respond(req: MockRequest) {
  const word = /what is (word(\d+))\?/.exec(JSON.stringify(req.body.messages));
  const id = Number(word?.[2] ?? -1);
  const agent = JSON.stringify(req.body.messages).includes('Agent task');
  if (req.body.model === 'ckpt-b') return { content: agent && id === 3 ? HOSTILE_OUTPUT : word?.[1] ?? '' };
  return { content: id % 2 === 0 ? word?.[1] ?? '' : 'wrong' };
}

let mock: MockOpenAI;
let tmp: string;
let html: string;
let data: ReportData;
const historyPath = () => join(tmp, 'results', 'history.sqlite');

beforeAll(async () => {
  mock = await startMockOpenAI({
    models: ['ckpt-a', 'ckpt-b'],
    respond,
    // One endpoint failure for ckpt-b on agent-toy problem 2: an error record in the report.
    fault: (req) => (req.body.model === 'ckpt-b' && JSON.stringify(req.body.messages).includes('Agent task: what is word2?') ? { type: 'status', status: 400 } : null),
  });
  tmp = mkdtempSync(join(tmpdir(), 'ae-report-'));
  const suite: Suite = {
    name: 'nightly',
    out: join(tmp, 'nightly', '{date}'),
    results_dir: join(tmp, 'results'),
    endpoints: { mock: { base_url: mock.url, concurrency: 4, max_retries: 0, timeout: 5 } },
    models: [
      { name: 'ckpt-a', spec: 'openai:ckpt-a', endpoint: 'mock', n: 4, k: [1, 2, 4], sampling: { temperature: 0.7 } },
      { name: 'ckpt-b', spec: 'openai:ckpt-b', endpoint: 'mock' },
    ],
    benchmarks: [{ name: 'toy' }, { name: 'agent-toy' }],
  };
  // One error record of a small run is above the default 5% error rate: the suite fails (4), as it should.
  for (const date of ['2025-06-01', '2025-06-02']) expect((await runSuite(suite, { benchmarks: lookup, date })).exitCode).toBe(4);
  const runs = await loadRuns([join(tmp, 'nightly', '2025-06-02')]);
  data = await buildReportData(runs, { title: 'Nightly <2025-06-02>', history: historyPath() });
  html = renderReportHtml(data);
  writeFileSync(join(tmp, 'report.html'), html);
});
afterAll(async () => {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('report.html', () => {
  it('assembles leaderboard, bars with CIs, pass@k curves, trends over both nights and flips', () => {
    expect(data.runs.map((r) => `${r.label}/${r.benchmark}`)).toEqual(['ckpt-a/agent-toy', 'ckpt-a/toy', 'ckpt-b/agent-toy', 'ckpt-b/toy']);
    const toySection = data.benchmarks.find((b) => b.name === 'toy')!;
    expect(toySection.metrics[0]!.bars.map((b) => [b.label, b.value])).toEqual([['ckpt-a', 50], ['ckpt-b', 100]]);
    expect(toySection.metrics[0]!.bars[0]!.low).toBeLessThan(50);
    expect(toySection.passk[0]!.series.map((s) => [s.label, s.points.map((p) => p.x)])).toEqual([['ckpt-a', [1, 2, 4]]]);
    expect(toySection.trends[0]!.series.map((s) => [s.label, s.points.map((p) => p.when)])).toEqual([
      ['ckpt-a', ['2025-06-01', '2025-06-02']],
      ['ckpt-b', ['2025-06-01', '2025-06-02']],
    ]);
    expect(data.leaderboard.find((l) => l.benchmark === 'toy')!.table.rows.map((r) => r[0])).toContain('openai:ckpt-b');
    // toy: ckpt-a (baseline, first) misses odd ids that ckpt-b solves → fixed.
    const flips = data.samples.filter((s) => s.flip);
    expect(new Set(flips.map((s) => `${data.runs[s.r]!.benchmark}:${s.id}:${s.flip}`))).toEqual(
      new Set(['toy:1:fixed', 'toy:3:fixed', 'toy:5:fixed', 'agent-toy:1:fixed']),
    );
    expect(data.samples.filter((s) => s.error)).toHaveLength(1);
    expect(data.samples.find((s) => s.error)!.ek).toBe('model');
    // The agent's transcript gives its first user message; the recorded problem gives the
    // question and reference of single-shot samples, whose messages are only hashed.
    expect(data.samples.find((s) => data.runs[s.r]!.benchmark === 'agent-toy')!.q).toBe('what is word0?');
    const single = data.samples.filter((s) => data.runs[s.r]!.benchmark === 'toy' && s.id === '3');
    expect(single.length).toBeGreaterThan(1); // ckpt-a has n = 4: samples 1–3 borrow sample 0's problem
    for (const s of single) expect([s.q, s.ref]).toEqual(['what is word3?', 'word3']);
    // One colour key per model across runs and charts.
    expect(new Set(data.runs.map((r) => r.model_key))).toEqual(new Set(['ckpt-a', 'ckpt-b']));
  });

  it('is one self-contained file whose embedded data cannot break out of its script element', () => {
    expect(html.match(/<\/script>/g)).toHaveLength(3); // data, Chart.js, page script
    // Nothing to fetch: no external scripts, stylesheets or images (the browser test also watches requests).
    expect(html.match(/<script[^>]+src=|<link[^>]+href="(?!data:)|<img/gi)).toBeNull();
    expect(html).toContain("default-src 'none'"); // and the CSP forbids fetching anyway
    expect(jsonForScript({ s: '</script><!-- & \u2028' })).toBe('{"s":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}');
    expect(JSON.parse(jsonForScript({ s: HOSTILE_TOOL }))).toEqual({ s: HOSTILE_TOOL });
    expect(html).toContain('<title>Nightly &lt;2025-06-02&gt;</title>');
  });

  it.skipIf(!hasChromium && !inCI)('renders in headless Chromium: no console errors or requests, charts drawn, filters work', async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} is missing: CI must install it (.ci/run does) — the browser test never skips in CI`);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      const url = pathToFileURL(join(tmp, 'report.html')).href;
      await page.goto(url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });

      // Charts: every canvas has a Chart and drawn (non-transparent) pixels.
      const charts = await page.evaluate(() => {
        const w = window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: { datasets: Array<{ data: unknown[] }> } } | undefined } };
        return [...document.querySelectorAll('canvas')].map((c) => {
          const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let inked = 0;
          for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) inked++;
          const chart = w.Chart.getChart(c);
          return { title: c.getAttribute('aria-label'), inked, width: c.width, points: chart ? chart.data.datasets.reduce((a, d) => a + d.data.length, 0) : -1 };
        });
      });
      expect(charts.map((c) => c.title)).toEqual([
        'EM (95% CI)', 'EM pass@k', 'EM over time', // agent-toy
        'EM (95% CI)', 'EM pass@k', 'EM over time', // toy
      ]);
      for (const c of charts) {
        expect(c.width).toBeGreaterThan(100);
        expect(c.inked).toBeGreaterThan(500);
        expect(c.points).toBeGreaterThan(1);
      }
      expect(await page.getAttribute('body', 'data-charts')).toBe('6');
      // One colour per model in every chart (bars, pass@k and trend lines alike).
      const colours = await page.evaluate(() => {
        type Ds = { label: string; backgroundColor: string | string[]; borderColor?: string };
        const w = window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { config: { type: string }; data: { labels?: string[]; datasets: Ds[] } } | undefined } };
        const seen: Array<[string, string]> = [];
        for (const c of document.querySelectorAll('canvas')) {
          const chart = w.Chart.getChart(c)!;
          for (const ds of chart.data.datasets) {
            if (chart.config.type === 'bar') (chart.data.labels ?? []).forEach((l, i) => seen.push([l, (ds.backgroundColor as string[])[i]!]));
            else seen.push([ds.label, ds.borderColor!]);
          }
        }
        return seen;
      });
      const byModel = new Map<string, Set<string>>();
      for (const [model, colour] of colours) byModel.set(model, (byModel.get(model) ?? new Set()).add(colour));
      expect([...byModel.keys()].sort()).toEqual(['ckpt-a', 'ckpt-b']);
      expect([...byModel.values()].map((s) => s.size)).toEqual([1, 1]);
      expect([...byModel.get('ckpt-a')!][0]).not.toBe([...byModel.get('ckpt-b')!][0]);

      // The sample browser and its filters.
      const rows = () => page.locator('#samples tbody tr').count();
      const all = await rows();
      expect(all).toBe(data.samples.length);
      await page.selectOption('#filter-kind', 'flips');
      expect(await rows()).toBe(data.samples.filter((s) => s.flip).length);
      expect(await page.locator('#samples tbody tr:not(.is-flip)').count()).toBe(0);
      await page.selectOption('#filter-kind', 'errors');
      expect(await rows()).toBe(1);
      expect(await page.textContent('#samples tbody tr td:last-child')).toMatch(/^model: .*400/);
      await page.selectOption('#filter-kind', 'all');
      await page.selectOption('#filter-run', '2'); // ckpt-b / agent-toy
      expect(await rows()).toBe(4);
      await page.fill('#filter-text', '3');
      expect(await rows()).toBe(1);
      expect(await page.textContent('#sample-count')).toBe(`1 of ${data.samples.length} records`);

      // Hostile output and tool observations render as text, never as markup.
      await page.click('#samples tbody tr');
      expect(await page.textContent('#sample-detail pre.output')).toBe(HOSTILE_OUTPUT);
      expect(await page.textContent('#sample-detail pre.tool-output')).toBe(HOSTILE_TOOL);
      expect(await page.textContent('#sample-detail pre.question')).toBe('what is word3?');
      expect(await page.textContent('#sample-detail pre.reference')).toBe('word3');
      expect(await page.locator('#sample-detail img, #sample-detail b, #sample-detail script').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

      // A single-shot sample (messages only hashed): question, reference, output, scores.
      await page.fill('#filter-text', '');
      await page.selectOption('#filter-run', '1'); // ckpt-a / toy
      await page.click('#samples tbody tr >> nth=1');
      expect(await page.textContent('#sample-detail h3')).toMatch(/toy · ckpt-a · problem 0 · sample 1/);
      expect(await page.textContent('#sample-detail pre.question')).toBe('what is word0?');
      expect(await page.textContent('#sample-detail pre.reference')).toBe('word0');
      expect(await page.textContent('#sample-detail pre.scores')).toMatch(/^em=[01]$/);

      expect(problems).toEqual([]);
      expect(requests.filter((u) => u !== url && !u.startsWith('data:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 30_000);

  it('has a CLI: agenteval report <runs...> --out report.html', () => {
    if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` (npm test does it) before these tests');
    const out = join(tmp, 'cli', 'report.html');
    const r = spawnSync(process.execPath, [cli, 'report', join(tmp, 'nightly'), '--out', out, '--history', historyPath(), '--max-samples', '5'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/wrote .*report\.html \(8 run\(s\), 38 records, with trends\)/);
    const page = readFileSync(out, 'utf8');
    expect(page.length).toBeGreaterThan(200_000); // Chart.js is inline
    const embedded = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(page)![1]!) as ReportData;
    // --max-samples 5 records per run, flips and errors first.
    expect(Object.values(embedded.omitted).sort((a, b) => a - b)).toEqual([1, 1, 11, 11, 19, 19]);
    const kept = embedded.samples.filter((s) => embedded.runs[s.r]!.model === 'openai:ckpt-a' && embedded.runs[s.r]!.benchmark === 'toy');
    expect(kept).toHaveLength(10);
    expect(kept.every((s) => s.flip === 'differs')).toBe(true); // four runs of toy: flips are "differs"
    expect(embedded.runs.map((r) => r.label)).toContain('ckpt-a (2025-06-02)');
  });
});
