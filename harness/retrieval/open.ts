// Pick the retrieval backend for a run from the command-line options.
import { createHttpRetriever, type HttpRetrieverOptions } from './http-retriever.js';
import { indexFor, openIndex } from './fts-index.js';
import type { FtsTokenizer, Retriever } from './types.js';

export interface OpenRetrieverOptions {
  /** `--index PATH`: a prebuilt FTS5 index. */
  index?: string;
  /** `--corpus PATH`: a JSONL corpus, indexed once and cached by sha256. */
  corpus?: string;
  /** `--retriever-url URL`: a Search-R1/FlashRAG retriever server. */
  retrieverUrl?: string;
  /** The benchmark's bundled corpus, used when none of the above is given. */
  defaultCorpus?: string;
  /** Where built indexes are cached. */
  cacheDir: string;
  /** Tokenizer for indexes built here (default porter). */
  tokenizer?: FtsTokenizer;
  /** Settings of the HTTP client (timeouts, retries…). */
  http?: Omit<HttpRetrieverOptions, 'url'>;
  log?: (msg: string) => void;
  onProgress?: (n: number) => void;
}

/** Precedence: retrieverUrl, index, corpus (built + cached), defaultCorpus (built + cached). */
export async function openRetriever(opts: OpenRetrieverOptions): Promise<Retriever> {
  if (opts.retrieverUrl) return createHttpRetriever({ ...opts.http, url: opts.retrieverUrl });
  if (opts.index) return openIndex(opts.index);
  const corpus = opts.corpus ?? opts.defaultCorpus;
  if (!corpus) throw new Error('no retriever: give --retriever-url, --index or --corpus');
  const path = await indexFor(corpus, opts.cacheDir, { tokenizer: opts.tokenizer, log: opts.log, onProgress: opts.onProgress });
  return openIndex(path);
}
