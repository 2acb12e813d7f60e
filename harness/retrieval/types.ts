// Shared contracts of the retrieval layer used by the search benchmarks (embedded BM25 over
// the embedded Lucene-compatible engine, or a Search-R1/FlashRAG retriever server over HTTP).
import type { JsonObject } from '../types.js';

/** One retrieved passage, normalised from either corpus format or either server response shape. */
export interface Passage {
  /** Corpus id (`id`/`doc_id`, else the 0-based line number); '' when a server sent none. */
  id: string;
  /** Title with surrounding double quotes removed, as Search-R1's BM25Retriever returns it. */
  title: string;
  /** Everything after the first line of `contents`. */
  text: string;
  /** The Search-R1/FlashRAG `contents` field: `"Title"\ntext`. Formatting reads this one. */
  contents: string;
  /** Higher is better (BM25 score, or the server's inner product); null when the server sent none. */
  score: number | null;
}

export interface Retriever {
  search(query: string, topk: number, signal?: AbortSignal): Promise<Passage[]>;
  searchBatch(queries: string[], topk: number, signal?: AbortSignal): Promise<Passage[][]>;
  /** For the manifest: backend, index path and corpus sha, url (no secrets), tokenizer. */
  describe(): JsonObject;
  close(): Promise<void>;
}

/** Tokenizers of the SQLite FTS5 merchant index (fts-query.ts); the BM25 engine's are in analyzer.ts. */
export type FtsTokenizer = 'porter' | 'unicode61' | 'trigram';

/** Raised by the HTTP retriever when a request failed for good (after retries). */
export class RetrieverError extends Error {
  constructor(
    message: string,
    readonly kind: 'http' | 'timeout' | 'network' | 'protocol' | 'aborted',
    readonly status: number | null,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'RetrieverError';
  }
}

/** A corpus line that cannot be indexed (the build fails fast, naming file and line). */
export class CorpusError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'CorpusError';
  }
}
