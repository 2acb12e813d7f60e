// Search worker thread: views the index's shared postings (no copy), answers batches of queries.
// Started by bm25-pool.ts; the message types below are its protocol.
import { parentPort, workerData } from 'node:worker_threads';
import type { Bm25Meta } from './bm25-layout.js';
import { openLocalSearcher } from './bm25-local.js';
import type { Passage } from './types.js';

export interface WorkerInit {
  path: string;
  meta: Bm25Meta;
  postings: SharedArrayBuffer;
}

/** Parent → worker: one batch. */
export interface BatchRequest {
  id: number;
  items: Array<{ query: string; topk: number }>;
}

/** Worker → parent: the passages of each item, in order, or why the batch failed. */
export type BatchReply = { id: number; results: Passage[][] } | { id: number; error: string };

if (parentPort) {
  const port = parentPort;
  const init = workerData as WorkerInit;
  const searcher = openLocalSearcher(init.path, init.meta, init.postings);
  port.on('message', (req: BatchRequest) => {
    let reply: BatchReply;
    try {
      reply = { id: req.id, results: req.items.map((it) => searcher.search(it.query, it.topk)) };
    } catch (e) {
      reply = { id: req.id, error: (e as Error).message };
    }
    port.postMessage(reply);
  });
}
