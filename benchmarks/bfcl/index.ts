// BFCL v4 single-turn categories (Berkeley Function Calling Leaderboard; gorilla
// berkeley-function-call-leaderboard/bfcl_eval @ 6ea5797): the official AST checker's semantics
// (scorers/bfcl/), in native function-calling mode (`--mode fc`, OpenAI tools) or prompting mode
// (`--mode prompt`, the official system prompt and Python-call output), with the score table's
// columns as the official scoring code computes them (aggregate.ts).
import { ConfigError } from '../../harness/run/options.js';
import type { Benchmark, BenchmarkSession, Episode, MetricSpec } from '../../harness/types.js';
import type { BfclMode } from '../../scorers/bfcl/evaluate.js';
import { bfclAggregator } from './aggregate.js';
import { FULL_SIZES, parseCategories } from './categories.js';
import type { BfclSample } from './entry.js';
import { HUB_DEFAULT_REVISION, HUB_REPO, loadBfcl, loadBfclFromHub } from './load.js';
import { BFCL_OPTIONS } from './options.js';
import { oracleText, oracleToolCalls } from './oracle.js';
import { loadSystemTemplate, promptMessages } from './prompt.js';
import { scoreEntry } from './score.js';

export type { BfclSample } from './entry.js';

const METRICS: MetricSpec[] = [{ key: 'acc', label: 'acc (all entries)', binary: true, primary: true }];

function parseMode(v: unknown): BfclMode {
  const m = v === undefined || v === null || v === '' ? 'fc' : String(v);
  if (m !== 'fc' && m !== 'prompt') throw new ConfigError(`--mode must be fc or prompt (got "${m}")`);
  return m;
}

export const bfcl: Benchmark<BfclSample> = {
  name: 'bfcl',
  describe: () => ({
    name: 'bfcl',
    title: 'BFCL v4 (Berkeley Function Calling Leaderboard), single-turn categories',
    sizes: { ...FULL_SIZES },
    metrics: ['acc', 'per category', 'non_live (unweighted)', 'live (weighted)', 'irrelevance', 'relevance', 'overall (BFCL v4 weights)'],
    dataSources: [
      '--data DIR (BFCL layout: bfcl_eval/data of gorilla @6ea5797)',
      `hf:${HUB_REPO}@${HUB_DEFAULT_REVISION.slice(0, 7)} (BFCL v3 files; --hub-repo)`,
      'bundled sample (25 per category)',
    ],
    solvers: ['fc (OpenAI tools)', 'prompt (official system prompt)'],
    notes:
      'Single-turn categories only. Multi-turn (multi_turn_base, miss_func, miss_param, long_context) and agentic (web_search, memory) ' +
      'categories are not supported: they need the simulated APIs and the state-based checker. simple_java / simple_javascript are not included.',
  }),
  options: BFCL_OPTIONS,

  async open(opts): Promise<BenchmarkSession<BfclSample>> {
    const mode = parseMode(opts.options.mode);
    const categories = parseCategories(opts.options.category);
    if (opts.split) opts.log(`bfcl: --split ${opts.split} is ignored (--category chooses the files)`);
    const hubAsked = opts.data === undefined && Boolean(opts.hub?.repo || opts.hub?.revision);
    const data = hubAsked ? await loadBfclFromHub(categories, { ...(opts.hub ?? {}) }) : await loadBfcl(categories, opts.data);
    if ('warning' in data && data.warning) opts.log(`warning: ${data.warning}`);
    if (hubAsked) opts.log('bfcl: the Hub holds the BFCL v3 files; they are checked with the v4 checker\'s semantics (see benchmarks/bfcl/README.md)');
    else if (opts.data === undefined) opts.log('bfcl: using the bundled sample (25 entries per category): pass --data DIR for the full benchmark');
    const template = loadSystemTemplate();
    return {
      samples: data.samples,
      dataIssues: data.issues,
      dataset: data.info,
      templates: mode === 'prompt' ? { [template.name]: template.sha256 } : {},
      settings: { mode, categories: [...categories] },
      solver:
        mode === 'fc'
          ? { kind: 'prompt', messages: (s) => s.messages, tools: (s) => s.tools }
          : { kind: 'prompt', messages: (s) => promptMessages(template, s) },
      metrics: METRICS,
      score: async (sample: BfclSample, episode: Episode) => scoreEntry(sample, episode, mode),
      // fc: the reference is tool calls (text only where no call is right); prompt: Python-call text.
      oracle: (s) => (mode === 'prompt' || oracleToolCalls(s).length === 0 ? oracleText(s) : ''),
      ...(mode === 'fc' ? { oracleToolCalls } : {}),
      async close() {},
    };
  },

  aggregator: () => bfclAggregator(),
};
