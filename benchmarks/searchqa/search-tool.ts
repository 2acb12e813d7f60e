// The `search` tool over any Retriever (embedded BM25 or the Search-R1 HTTP server). The same tool
// serves the tag protocol (`<search>q</search>`) and native function calling. Its observation is
// Search-R1's rendering (`Doc i(Title: …) text`, stripped); the retrieved doc ids go into the trace
// meta, which is also how the aggregator (aggregate.ts) counts searches.
import { formatSearchR1 } from '../../harness/retrieval/format.js';
import type { Passage, Retriever } from '../../harness/retrieval/types.js';
import type { JsonObject, Tool, ToolResult } from '../../harness/types.js';

export const SEARCH_TOOL_NAME = 'search';

/** Trace meta of one executed search. `doc_ids` is present exactly when the retriever answered. */
export function searchMeta(query: string, passages: readonly Passage[]): JsonObject {
  return {
    query,
    doc_ids: passages.map((p) => p.id),
    titles: passages.map((p) => p.title),
    scores: passages.map((p) => (p.score === null ? null : Math.round(p.score * 1e4) / 1e4)),
  };
}

export function searchTool(retriever: Retriever, topk: number): Tool {
  return {
    name: SEARCH_TOOL_NAME,
    description: `Search a Wikipedia corpus and get the top ${topk} passages, each as "Doc i(Title: <title>) <text>".`,
    parameters: {
      type: 'object',
      properties: { query: { type: 'string', description: 'The search query: keywords or a short question.' } },
      required: ['query'],
    },
    async call(args: JsonObject, signal?: AbortSignal): Promise<ToolResult> {
      if (typeof args.query !== 'string') return { text: 'Error: the "query" argument must be a string.', isError: true };
      // Search-R1 sends the query as the model wrote it (stripped); an empty one still searches.
      const passages = await retriever.search(args.query, topk, signal);
      return { text: formatSearchR1(passages).trim(), meta: searchMeta(args.query, passages) };
    },
  };
}
