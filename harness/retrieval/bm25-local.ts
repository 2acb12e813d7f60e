// A searcher bound to one loaded index: free-text query → passages. Runs inside each search worker
// (bm25-worker.ts), or on the calling thread for `workers: 0`.
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { createAnalyzer, type AnalyzerName } from './analyzer.js';
import { viewSections, type Bm25Meta } from './bm25-layout.js';
import { Bm25Searcher, readPassage } from './bm25-search.js';
import { splitContents, stripTitleQuotes } from './format.js';
import type { Passage } from './types.js';

export interface LocalSearcher {
  search(query: string, topk: number): Passage[];
  close(): void;
}

export function openLocalSearcher(path: string, meta: Bm25Meta, postings: ArrayBufferLike): LocalSearcher {
  const arrays = viewSections(postings, meta.sections);
  const searcher = new Bm25Searcher(
    arrays,
    { docCount: meta.doc_count, k1: meta.k1, b: meta.b, avgdl: meta.avgdl },
    createAnalyzer(meta.analyzer as AnalyzerName),
  );
  const fd = openSync(join(path, 'docs.bin'), 'r');
  return {
    search(query, topk) {
      return searcher.topDocs(query, topk).map((h): Passage => {
        const { id, contents } = readPassage(fd, arrays.docOff, h.doc);
        const { title, text } = splitContents(contents);
        return { id, title: stripTitleQuotes(title), text, contents, score: h.score };
      });
    },
    close: () => closeSync(fd),
  };
}
