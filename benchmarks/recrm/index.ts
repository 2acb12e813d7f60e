// RecRM-Bench (Hugging Face dataset wwzeng/RecRM-Bench, arXiv 2605.11874): a generative reward
// model judges entries of four dimensions — instruction following, factual consistency,
// query–item relevance, user behaviour prediction — and is scored by accuracy per dimension.
// Data files and field names of the real dataset could not be read when this was written: the
// field mapping (mapping.default.json, or --mapping FILE) says where everything is.
import { DatasetError } from '../../harness/datasets/records.js';
import { ConfigError } from '../../harness/run/options.js';
import type { Benchmark, BenchmarkSession, Episode, JsonObject } from '../../harness/types.js';
import { recrmAggregator } from './aggregate.js';
import { parseDimensions } from './dimensions.js';
import { writeRewardExport } from './export.js';
import type { RecSample } from './extract.js';
import { HUB_DEFAULT_REVISION, HUB_REPO, loadRecRM } from './load.js';
import { loadMapping } from './mapping.js';
import { RECRM_OPTIONS } from './options.js';
import { metricsFor, oracleText, scoreEntry } from './score.js';
import { verdictSolver } from './solver.js';
import { loadPrompts, templateHashes } from './templates.js';

export type { RecSample } from './extract.js';

function intOption(name: string, v: unknown, min: number): number | null {
  if (v === undefined || v === null || v === '') return null;
  const x = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(x) || x < min) throw new ConfigError(`${name} must be an integer ≥ ${min} (got "${String(v)}")`);
  return x;
}

export const recrmBench: Benchmark<RecSample> = {
  name: 'recrm-bench',
  describe: () => ({
    name: 'recrm-bench',
    title: 'RecRM-Bench: multidimensional reward modelling for agentic recommender systems',
    // Entry counts from the dataset card; the User Behavior Prediction count was not visible.
    sizes: { 'instruction-following': 8422, 'factual-consistency': 9391, 'query-item-relevance': 19456 },
    metrics: ['acc_if', 'acc_fc', 'acc_qir', 'acc_ubp', 'acc', 'macro-F1', 'AUC', 'NDCG@k', 'pairwise acc', 'overall (macro over dimensions)'],
    dataSources: [`hf:${HUB_REPO}@${HUB_DEFAULT_REVISION.slice(0, 7)} (--hub-repo)`, '--data PATH (Hub layout)', 'bundled SYNTHETIC fixtures (default)'],
    solvers: ['verdict judge (re-asks malformed verdicts)'],
    notes: 'Field names of the real files are unverified: see benchmarks/recrm/README.md for --mapping.',
  }),
  options: RECRM_OPTIONS,

  async open(opts): Promise<BenchmarkSession<RecSample>> {
    const o = opts.options;
    const dimensions = parseDimensions(o.dimension);
    const retries = intOption('--verdict-retries', o.verdictRetries, 0) ?? 2;
    const maxEntries = intOption('--max-entries', o.maxEntries, 1);
    const mapping = loadMapping(typeof o.mapping === 'string' && o.mapping !== '' ? o.mapping : undefined);
    if (opts.split) opts.log(`recrm-bench: --split ${opts.split} is ignored: the mapping's "files" choose the files`);
    const data = await loadRecRM({
      dimensions,
      mapping: mapping.mapping,
      ...(opts.data !== undefined ? { data: opts.data } : {}),
      ...(opts.hub ? { hub: opts.hub } : {}),
      maxEntries,
      log: opts.log,
    });
    if (data.origin === 'bundled') opts.log('recrm-bench: using the bundled SYNTHETIC fixtures (not the real dataset): pass --hub-repo or --data for real data');
    if (data.warning) opts.log(`warning: ${data.warning}`);
    if (data.samples.length === 0) {
      throw new DatasetError(`no usable entries for ${dimensions.join(', ')} (${data.issues.length} data issue(s); first: ${data.issues[0]?.message ?? 'none'})`);
    }
    const prompts = loadPrompts();
    const labelTypes = new Set(data.samples.map((s) => s.label.type));
    const settings: JsonObject = {
      dimensions: [...dimensions],
      prompt_version: prompts.version,
      verdict_retries: retries,
      max_entries: maxEntries,
      mapping: mapping.name,
      mapping_sha256: mapping.sha256,
    };
    return {
      samples: data.samples,
      dataIssues: data.issues,
      dataset: data.info,
      templates: templateHashes(prompts, dimensions, labelTypes),
      settings,
      solver: verdictSolver(prompts, retries),
      metrics: metricsFor(dimensions),
      score: async (sample: RecSample, episode: Episode) => scoreEntry(sample, episode.output),
      oracle: oracleText,
      view: (sample: RecSample) => ({ question: [sample.query, sample.response].filter(Boolean).join('\n\nresponse: '), reference: oracleText(sample) }),
      async close() {},
    };
  },

  aggregator: (settings) => recrmAggregator(settings),

  async postRun(records, _settings, options) {
    const file = options.exportRewards;
    if (typeof file === 'string' && file !== '') await writeRewardExport(records, file);
  },
};
