// Pick the retrieval backend for a run from the command-line options.
import type { AnalyzerName } from './analyzer.js';
import { bm25IndexFor } from './bm25-index.js';
import { openBm25Retriever } from './bm25-pool.js';
import { createHttpRetriever, type HttpRetrieverOptions } from './http-retriever.js';
import type { Retriever } from './types.js';

export interface OpenRetrieverOptions {
  /** `--index PATH`: a prebuilt BM25 index folder (`agenteval index`). */
  index?: string;
  /** `--corpus PATH`: a JSONL corpus, indexed once and cached by sha256. */
  corpus?: string;
  /** `--retriever-url URL`: a Search-R1/FlashRAG retriever server. */
  retrieverUrl?: string;
  /** The benchmark's bundled corpus, used when none of the above is given. */
  defaultCorpus?: string;
  /** Where built indexes are cached. */
  cacheDir: string;
  /** Analyzer for indexes built here (default porter: Pyserini's English analyzer). */
  tokenizer?: AnalyzerName;
  /** Search threads of the embedded index (default: the available cores). */
  workers?: number;
  /** Settings of the HTTP client (timeouts, retries…). */
  http?: Omit<HttpRetrieverOptions, 'url'>;
  log?: (msg: string) => void;
  onProgress?: (n: number) => void;
}

/** Precedence: retrieverUrl, index, corpus (built + cached), defaultCorpus (built + cached). */
export async function openRetriever(opts: OpenRetrieverOptions): Promise<Retriever> {
  if (opts.retrieverUrl) return createHttpRetriever({ ...opts.http, url: opts.retrieverUrl });
  const workers = opts.workers !== undefined ? { workers: opts.workers } : {};
  if (opts.index) return openBm25Retriever(opts.index, workers);
  const corpus = opts.corpus ?? opts.defaultCorpus;
  if (!corpus) throw new Error('no retriever: give --retriever-url, --index or --corpus');
  const path = await bm25IndexFor(corpus, opts.cacheDir, {
    ...(opts.tokenizer ? { analyzer: opts.tokenizer } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  return openBm25Retriever(path, workers);
}
