// examples/search-r1.yaml: Search-R1's seven test sets. The file plans as Search-R1 evaluates (splits,
// tags protocol, top-3, 4 turns, greedy, 500 tokens), its models match reported rows of Search-R1's
// Table 2, and — pointed at the mock endpoint and retriever, on the bundled samples — it runs end to end
// and `reproduce` finds every paper setting it checks the same as the run's.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBenchmark } from '../harness/all-benchmarks.js';
import { loadReported } from '../harness/report/reported.js';
import { normalizeModel, reproduce } from '../harness/report/reproduce.js';
import { loadRun } from '../harness/report/runs.js';
import { parseSuite } from '../harness/suite/load.js';
import { planSuite } from '../harness/suite/plan.js';
import { runSuite } from '../harness/suite/run.js';
import type { Suite } from '../harness/suite/schema.js';
import { startMockOpenAI, type MockOpenAI, type MockRequest } from '../harness/testing/mock-openai.js';
import { startMockRetriever, type MockRetriever } from '../harness/testing/mock-retriever.js';

const root = join(import.meta.dirname, '..');
const file = join(root, 'examples', 'search-r1.yaml');
const SEVEN = ['nq', 'triviaqa', 'popqa', 'hotpotqa', '2wiki', 'musique', 'bamboogle'];
const SPLITS: Record<string, string> = { nq: 'test', triviaqa: 'test', popqa: 'test', hotpotqa: 'dev', '2wiki': 'dev', musique: 'dev', bamboogle: 'test' };

const load = (): Suite => parseSuite(readFileSync(file, 'utf8'), 'examples/search-r1.yaml', getBenchmark);

describe('examples/search-r1.yaml', () => {
  it("plans Search-R1's seven test sets with its evaluation settings", () => {
    const cells = planSuite(load(), '/tmp/search-r1/2025-06-01', getBenchmark);
    expect(cells.map((c) => c.label)).toEqual(SEVEN);
    for (const c of cells) {
      expect(c.config.split).toBe(SPLITS[c.label]);
      expect(c.config.hubRepo).toBe('RUC-NLPIR/FlashRAG_datasets');
      expect(c.config).toMatchObject({ n: 1, sampling: { temperature: 0, max_tokens: 500 } });
      expect(c.config.benchmarkOptions).toEqual({
        protocol: 'tags', retrieverUrl: 'http://127.0.0.1:8000', topk: '3', maxTurns: '4', completions: true, completionsFormat: 'qwen2.5',
      });
    }
  });

  it("every cell has Search-R1's Table 2 row for its model and benchmark, on the same split", () => {
    const reported = loadReported();
    for (const c of planSuite(load(), '/tmp/x', getBenchmark)) {
      const rows = reported.filter((e) => e.benchmark === c.label && normalizeModel(e.model) === normalizeModel(c.model.name));
      expect(rows, c.rel).toHaveLength(1);
      expect(rows[0]).toMatchObject({ metric: 'em', split: SPLITS[c.label], source: { arxiv: '2503.09516v5', where: expect.stringMatching(/^Table 2/) } });
    }
    // The four Search-R1 models × seven sets, the Direct/RAG baselines, RLFactory's NQ number.
    const searchR1 = reported.filter((e) => e.file === 'searchqa.json' && e.source.arxiv === '2503.09516v5');
    expect(searchR1).toHaveLength(8 * 7);
    expect(reported.find((e) => e.model.startsWith('RLFactory') && e.benchmark === 'nq')).toMatchObject({ value: 48.6, source: { arxiv: '2509.06980v1' } });
  });

  describe('run against local stand-ins', () => {
    let mock: MockOpenAI;
    let retriever: MockRetriever;
    let tmp: string;
    beforeAll(async () => {
      tmp = mkdtempSync(join(tmpdir(), 'ae-search-r1-'));
      retriever = await startMockRetriever([{ id: '1', contents: '"Moon"\nApollo 17 left the Moon in December 1972.' }]);
      // Search once, then answer: the completions prompt grows with the model's own turns.
      mock = await startMockOpenAI({
        respond: (req: MockRequest) => ({ content: String(req.body.prompt ?? '').includes('<search> moon landing </search>') ? '<answer> December 1972 </answer>' : '<search> moon landing </search>' }),
      });
    });
    afterAll(async () => {
      await mock.close();
      await retriever.close();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('runs all seven cells; reproduce checks the paper settings and finds them the same', async () => {
      const suite = load();
      suite.endpoints!.vllm!.base_url = mock.url;
      for (const b of suite.benchmarks) {
        delete b.hub_repo; // the bundled samples stand in for the Hub
        b.limit = 3;
        b.options = { ...b.options, 'retriever-url': retriever.url };
      }
      const outcome = await runSuite(suite, { benchmarks: getBenchmark, out: join(tmp, 'out'), history: false, resultsDir: join(tmp, 'results') });
      expect(outcome.cells.map((c) => [c.benchmark, c.status])).toEqual(SEVEN.map((b) => [b, 'ok']));
      expect(retriever.requests.length).toBeGreaterThanOrEqual(21);
      const reported = loadReported();
      for (const cell of outcome.cells) {
        const r = reproduce(await loadRun(cell.abs), reported);
        expect(r.entries, cell.benchmark).toHaveLength(1);
        const e = r.entries[0]!;
        expect(e.differing, cell.benchmark).toEqual([]);
        const same = e.settings.filter((s) => s.status === 'same').map((s) => s.setting).sort();
        expect(same).toEqual(['maxTurns', 'max_tokens', 'protocol', 'split', 'temperature', 'topk']);
        expect(e.measured).not.toBeNull();
      }
    });
  });
});
