// LocalSearchBench (localsearchbench/localsearchbench, MIT): multi-hop local-services questions
// answered by an agent that searches merchants in LocalPlayground, graded by an LLM judge on
// correctness (0/1), completeness, fluency, safety and faithfulness (0–10), with tool calls and
// rounds per question. Metrics are shown on the leaderboard's scale: correctness ×100, the 0–10
// dimensions ×10 (evaluation/README.md leaderboard: "Completeness 80.00" = mean 8.0 of 10).
import { basename, join } from 'node:path';
import { createJudge } from '../../harness/judge/client.js';
import { judgeEndpoint, parseJudgeOptions } from '../../harness/judge/options.js';
import type { Judge } from '../../harness/judge/types.js';
import type { Benchmark, BenchmarkSession, Episode, JsonObject, MetricSpec, SampleRecord, ScoreResult } from '../../harness/types.js';
import { hasAnswerMarker, referenceBody } from './answer.js';
import { embeddedRag, httpRag, webSearchBackend, type RagBackend } from './backends.js';
import { judgeEpisode, judgeInputs } from './judge.js';
import { bundledDataDir, loadTasks, type LocalSearchSample } from './load.js';
import { runLocalSearchLoop } from './loop.js';
import { merchantIndexForFile, merchantIndexForRecords } from './merchant-index.js';
import { merchantsFromRows } from './merchants.js';
import { LOCALSEARCH_OPTIONS, parseLocalSearchOptions, type LocalSearchSettings } from './options.js';
import { localTools } from './tools.js';
import { JUDGE_FILES, fill, loadTemplate, type Template } from './templates.js';
import { localSearchAggregator } from './aggregate.js';

export const BUNDLED_MERCHANTS = 'merchants.jsonl';

const JUDGED_METRICS: MetricSpec[] = [
  { key: 'correctness', label: 'Correctness', binary: true, primary: true, scale: 100 },
  { key: 'completeness', label: 'Completeness', binary: false, primary: true, scale: 10 },
  { key: 'fluency', label: 'Fluency', binary: false, primary: true, scale: 10 },
  { key: 'faithfulness', label: 'Faithfulness', binary: false, primary: true, scale: 10 },
  { key: 'safety', label: 'Safety', binary: false, primary: true, scale: 10 },
  { key: 'total_score', label: 'Total (/4)', binary: false, scale: 1 },
];

const EFFICIENCY_METRICS: MetricSpec[] = [
  // Efficiency columns: on the leaderboard as the paper prints them, never a regression by themselves.
  { key: 'tool_calls', label: 'Avg tool calls', binary: false, scale: 1, primary: true, neutral: true },
  { key: 'rounds', label: 'Avg rounds', binary: false, scale: 1, primary: true, neutral: true },
];

async function openRag(s: LocalSearchSettings, tasks: { samples: LocalSearchSample[]; bundled: boolean }, cacheDir: string): Promise<RagBackend> {
  const http = { timeoutMs: s.toolTimeoutMs, retries: 2 };
  if (s.ragUrl) return httpRag(s.ragUrl, s.ragTopK, http);
  const dir = join(cacheDir, 'localsearch');
  if (s.merchants) return embeddedRag(await merchantIndexForFile(s.merchants, dir), s.ragTopK);
  if (tasks.bundled) return embeddedRag(await merchantIndexForFile(join(bundledDataDir(), BUNDLED_MERCHANTS), dir), s.ragTopK);
  const merchants = merchantsFromRows(tasks.samples.map((x) => ({ id: x.id, city: x.city, searchPath: x.searchPath })));
  return embeddedRag(await merchantIndexForRecords(merchants, dir, 'derived from the tasks\' search paths'), s.ragTopK);
}

/** Settings that change results, for the fingerprint: URLs and local paths are left out. */
function ragSettings(rag: RagBackend, s: LocalSearchSettings): JsonObject {
  const d = { ...rag.describe() };
  delete d.url;
  if (typeof d.merchants === 'string' && s.merchants) d.merchants = basename(s.merchants);
  else if (typeof d.merchants === 'string' && d.merchants.endsWith(BUNDLED_MERCHANTS)) d.merchants = `bundled ${BUNDLED_MERCHANTS}`;
  return d;
}

export const localsearchbench: Benchmark<LocalSearchSample> = {
  name: 'localsearchbench',
  describe: () => ({
    name: 'localsearchbench',
    title: 'LocalSearchBench: agentic search in local life services (LocalPlayground + LLM judge)',
    sizes: { train: 900 },
    metrics: ['correctness', 'completeness', 'fluency', 'faithfulness', 'safety', 'tool_calls', 'rounds'],
    dataSources: ['bundled (16 real rows + merchants parsed from them)', 'hf:localsearchbench/localsearchbench', '--data (parquet/JSON/JSONL)'],
    solvers: ['agent: tags (<rag>, <web_search>)', 'agent: tools (function calling)'],
    notes: 'needs --judge openai:<model>; first version of the data had 300 tasks',
  }),
  options: LOCALSEARCH_OPTIONS,
  aggregator: () => localSearchAggregator(),

  async open(opts): Promise<BenchmarkSession<LocalSearchSample>> {
    const s = parseLocalSearchOptions(opts.options);
    const judgeConfig = parseJudgeOptions(opts.options, opts.cacheDir);
    const tasks = await loadTasks({ ...(opts.data !== undefined ? { data: opts.data } : {}), ...(opts.split ? { split: opts.split } : {}), ...(opts.hub ? { hub: opts.hub } : {}) });
    if (tasks.warning) opts.log(tasks.warning);
    const rag = await openRag(s, tasks, opts.cacheDir);
    const webKey = s.webSearchApiKeyEnv ? process.env[s.webSearchApiKeyEnv] : undefined;
    const web = webSearchBackend(s.webSearchUrl, { timeoutMs: s.toolTimeoutMs, retries: 2, ...(webKey ? { headers: { authorization: `Bearer ${webKey}` } } : {}) });
    if (!s.webSearchUrl) opts.log('localsearchbench: no --web-search-url: <web_search> calls will answer "web search unavailable"');
    let judge: Judge | null = null;
    try {
      judge = judgeConfig ? createJudge(judgeConfig) : null;
    } catch (e) {
      await rag.close();
      throw e;
    }

    const system = loadTemplate('agent-system.md');
    const city = loadTemplate('agent-city.md');
    const toolsNote = loadTemplate('agent-tools-note.md');
    const agentTemplates: Template[] = [system, ...(s.cityPrompt === 'row' ? [city] : []), ...(s.protocol === 'tools' ? [toolsNote] : [])];
    const judgePrompts: Record<string, Template> = {};
    if (judge) for (const [k, f] of Object.entries(JUDGE_FILES[s.judgeMode])) judgePrompts[k] = loadTemplate(f);
    const templates = Object.fromEntries([...agentTemplates, ...Object.values(judgePrompts)].map((t) => [t.name, t.sha256]));

    const systemPrompt = (sample: LocalSearchSample): string => {
      let p = system.body;
      if (s.cityPrompt === 'row' && sample.city) p = fill(city, { city: sample.city }) + p;
      if (s.protocol === 'tools') p = `${p}\n\n${toolsNote.body}`;
      return p;
    };

    const settings: JsonObject = {
      protocol: s.protocol,
      max_rounds: s.maxRounds,
      calls_per_tool_per_round: s.callsPerTool,
      city_prompt: s.cityPrompt,
      rag: ragSettings(rag, s),
      web_search: s.webSearchUrl ? 'http' : 'unavailable',
      judge: judge ? { ...judge.describe(), mode: s.judgeMode } : null,
    };

    return {
      samples: tasks.samples,
      dataIssues: tasks.issues,
      dataset: tasks.info,
      templates,
      settings,
      solver: {
        kind: 'agent',
        run: (sample, model, ctx) =>
          runLocalSearchLoop(model, systemPrompt(sample), sample.question, {
            protocol: s.protocol,
            tools: localTools(rag, web, sample.city),
            maxRounds: s.maxRounds,
            callsPerToolPerRound: s.callsPerTool,
            sampling: ctx.sampling,
            ...(ctx.signal ? { signal: ctx.signal } : {}),
          }),
      },
      metrics: judge ? [...JUDGED_METRICS, ...EFFICIENCY_METRICS] : EFFICIENCY_METRICS,
      async score(sample: LocalSearchSample, episode: Episode): Promise<ScoreResult> {
        const efficiency = { tool_calls: episode.trace.length, rounds: episode.turns };
        const extra: JsonObject = { answer_marker: hasAnswerMarker(episode.output) };
        if (!judge) return { scores: efficiency, extra };
        const inputs = judgeInputs(sample, episode);
        // A JudgeError propagates: the runner records the sample as a scorer error, never as 0.
        const judged = await judgeEpisode(judge, s.judgeMode, judgePrompts, inputs);
        return {
          scores: { ...judged.scores, ...efficiency },
          extra: { ...extra, ...judged.extra, model_answer: inputs.modelAnswer, ground_truth: inputs.groundTruth, rag_context_source: inputs.ragContextSource, rag_context_chars: inputs.ragContext.length },
        };
      },
      oracle: (sample) => `【答案】\n${referenceBody(sample.answer)}`,
      endpoints: judgeConfig ? [judgeEndpoint(judgeConfig)] : [],
      view: (sample) => ({ question: sample.city ? `[${sample.city}] ${sample.question}` : sample.question, reference: sample.answer }),
      async close() {
        await rag.close();
        await judge?.close();
      },
    };
  },
};

export default localsearchbench;
