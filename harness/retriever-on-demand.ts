// openRetriever (harness/retrieval/open.ts), its module imported at the first call. A benchmark
// family that can search imports this instead: a run that never searches (e.g. `--protocol
// direct`) then loads neither the BM25 engine nor the HTTP retriever (all of undici) at start-up.
import type { OpenRetrieverOptions } from './retrieval/open.js';
import type { Retriever } from './retrieval/types.js';

export type { OpenRetrieverOptions } from './retrieval/open.js';

export async function openRetriever(opts: OpenRetrieverOptions): Promise<Retriever> {
  return (await import('./retrieval/open.js')).openRetriever(opts);
}
