// Index-build worker thread: analyses the corpus chunks it is sent, in the order sent, with one
// ChunkAnalyser (its local term ids carry over from chunk to chunk). Started by bm25-analysers.ts.
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalyzerName } from './analyzer.js';
import { ChunkAnalyser, type ChunkJob, type ChunkResult } from './bm25-chunk.js';

export interface BuildWorkerInit {
  analyzer: AnalyzerName;
}

/** Worker → parent: one analysed chunk, or why analysing it threw (a bug, not a corpus error). */
export type BuildReply = ChunkResult | { seq: number; fatal: string };

if (parentPort) {
  const port = parentPort;
  const analyser = new ChunkAnalyser((workerData as BuildWorkerInit).analyzer);
  port.on('message', (job: ChunkJob) => {
    let r: ChunkResult;
    try {
      r = analyser.analyse(job);
    } catch (e) {
      port.postMessage({ seq: job.seq, fatal: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies BuildReply);
      return;
    }
    // Each array has a buffer of its own: hand them over without copying.
    port.postMessage(r satisfies BuildReply, [r.text.buffer, r.textLens.buffer, r.docLen.buffer, r.postCount.buffer, r.terms.buffer, r.tfs.buffer] as ArrayBuffer[]);
  });
}
