// Search QA: HotpotQA, 2WikiMultihopQA, MuSiQue, Bamboogle, NQ, TriviaQA and PopQA, as deep-search and
// agentic-RAG papers (Search-R1 and followers, ToolForge, AutoSearch, π-Play) evaluate them: an agent
// searches a Wikipedia corpus over several turns, then answers; EM, F1 and cover-EM ("acc") are
// reported, plus search behaviour (aggregate.ts). One factory builds the seven benchmarks.
import { openRetriever } from '../../harness/retriever-on-demand.js';
import type { Retriever } from '../../harness/retrieval/types.js';
import type { Benchmark, BenchmarkSession, JsonObject } from '../../harness/types.js';
import { searchAggregator } from './aggregate.js';
import { openQaData } from './data.js';
import type { QaSample } from './load.js';
import { needsRetriever, OPTIONS, parseOptions, PROTOCOLS, settingsJson } from './options.js';
import { makeProtocol } from './protocols.js';
import { METRICS, oracleOutput, scoreAnswer } from './scoring.js';
import { DEFAULT_HUB_REPO, SEARCH_R1_HUB_REPO, SPECS, dataPath, type SearchQaName, type SearchQaSpec } from './specs.js';

export type { QaSample } from './load.js';

/** What identifies the retriever in the fingerprint: the corpus and ranking, not machine-local paths or thread counts. */
export function retrieverIdentity(described: JsonObject): JsonObject {
  const { index: _i, index_bytes: _b, corpus: _c, timeout_ms: _t, retries: _r, workers: _w, ...rest } = described;
  return rest;
}

function makeBenchmark(spec: SearchQaSpec): Benchmark<QaSample> {
  return {
    name: spec.name,
    describe: () => ({
      name: spec.name,
      title: spec.title,
      sizes: spec.sizes,
      metrics: METRICS.map((m) => m.label),
      dataSources: [
        `bundled sample (benchmarks/searchqa/data/${spec.bundledFile}) + corpus ${spec.bundledCorpus}`,
        '--data PATH: FlashRAG JSONL, verl/Search-R1 parquet or JSONL, HotpotQA/MuSiQue/2Wiki official JSON',
        `hf:${DEFAULT_HUB_REPO} ${spec.flashragDir}/<split>.jsonl (--hub-revision <sha>; --hub-repo for another repo)`,
        `hf:${SEARCH_R1_HUB_REPO} test.parquet (--hub-repo ${SEARCH_R1_HUB_REPO} --split test: Search-R1's seven test sets, this one's rows)`,
      ],
      solvers: [...PROTOCOLS],
      notes:
        `search: embedded BM25 (Lucene/Pyserini scoring, k1 0.9 b 0.4) over --index/--corpus/bundled corpus, or --retriever-url; --topk 3, --max-turns 4 (Search-R1). ` +
        `F1: ${spec.f1 === 'hotpot' ? 'hotpot_evaluate_v1.py' : 'FlashRAG F1_Score'}. Default split ${spec.defaultSplit}.`,
    }),
    options: OPTIONS,
    aggregator: (settings) => searchAggregator(settings),
    async open(opts): Promise<BenchmarkSession<QaSample>> {
      const settings = parseOptions(opts.options);
      const data = await openQaData(spec, {
        ...(opts.data !== undefined ? { data: opts.data } : {}),
        ...(opts.split !== undefined ? { split: opts.split } : {}),
        ...(opts.hub ? { hub: opts.hub } : {}),
      });
      if (data.warning) opts.log(`${spec.name}: ${data.warning}`);
      if (data.otherSources > 0) opts.log(`${spec.name}: left out ${data.otherSources} rows of other data sources in the file`);

      let retriever: Retriever | null = null;
      if (needsRetriever(settings.protocol)) {
        const given = settings.index ?? settings.corpus ?? settings.retrieverUrl;
        if (!given && !data.bundled) {
          opts.log(`${spec.name}: no --index, --corpus or --retriever-url: searching the small bundled corpus ${spec.bundledCorpus}; give a real corpus for real numbers`);
        }
        // A first-time build of a large --corpus takes a while: say how far it got every few seconds.
        const t0 = performance.now();
        let shown = t0;
        const onProgress = (n: number) => {
          const now = performance.now();
          if (opts.quiet || now - shown < 5000) return;
          shown = now;
          opts.log(`${spec.name}: indexing the corpus: ${n.toLocaleString('en-US')} passages (${Math.round(n / ((now - t0) / 1000)).toLocaleString('en-US')}/s)`);
        };
        retriever = await openRetriever({
          ...(settings.index ? { index: settings.index } : {}),
          ...(settings.corpus ? { corpus: settings.corpus } : {}),
          ...(settings.retrieverUrl ? { retrieverUrl: settings.retrieverUrl } : {}),
          defaultCorpus: dataPath(spec.bundledCorpus),
          cacheDir: opts.cacheDir,
          log: opts.log,
          onProgress,
        });
      }
      try {
        const parts = makeProtocol(settings, retriever);
        return {
          samples: data.samples,
          dataIssues: data.issues,
          dataset: data.info,
          templates: Object.fromEntries(parts.templates.map((t) => [t.name, t.sha256])),
          settings: settingsJson(settings, retriever ? retrieverIdentity(retriever.describe()) : null),
          solver: parts.solver,
          metrics: METRICS,
          score: async (sample, episode) => scoreAnswer(spec, sample.golds, episode.output),
          oracle: (sample) => oracleOutput(sample.golds),
          view: (sample) => ({ question: sample.question, reference: sample.golds.join(' | ') }),
          close: async () => {
            await retriever?.close();
          },
        };
      } catch (err) {
        await retriever?.close();
        throw err;
      }
    },
  };
}

export function searchQaBenchmark(name: SearchQaName): Benchmark<QaSample> {
  return makeBenchmark(SPECS[name]);
}

export const hotpotqa = searchQaBenchmark('hotpotqa');
export const twowiki = searchQaBenchmark('2wiki');
export const musique = searchQaBenchmark('musique');
export const bamboogle = searchQaBenchmark('bamboogle');
export const nq = searchQaBenchmark('nq');
export const triviaqa = searchQaBenchmark('triviaqa');
export const popqa = searchQaBenchmark('popqa');
export const searchQaBenchmarks = [hotpotqa, twowiki, musique, bamboogle, nq, triviaqa, popqa] as const;
