// LocalPlayground's two tools as harness Tools: the same objects serve the tag protocol
// (`<rag>q</rag>` → call({query: q})) and native function calling. A tool's observation text is
// the official result block (【RAG检索结果】…); `meta` says whether it succeeded.
import type { Tool } from '../../harness/types.js';
import type { LocalToolName } from './answer.js';
import type { RagBackend, WebSearchBackend } from './backends.js';
import { formatToolBlock, type ToolOutcome } from './format.js';

const QUERY_PARAMS = {
  type: 'object',
  properties: { query: { type: 'string', description: '查询内容' } },
  required: ['query'],
};

function queryOf(args: Record<string, unknown>): string {
  return typeof args.query === 'string' ? args.query.trim() : '';
}

function toResult(tool: LocalToolName, query: string, o: ToolOutcome) {
  const meta: Record<string, string | number | boolean> = { success: o.success };
  if (o.total !== undefined) meta.results = o.total;
  if (o.error !== undefined) meta.error = o.error;
  if (o.unavailable) meta.unavailable = true;
  return { text: formatToolBlock(tool, query, o), isError: !o.success, meta };
}

/** The tools of one task: `rag` searches the task's city. Keyed by tool name. */
export function localTools(rag: RagBackend, web: WebSearchBackend, city: string | null): Record<LocalToolName, Tool> {
  return {
    rag: {
      name: 'rag',
      description: 'LocalRAG（本地商户检索）：涉及商户、餐厅、商店、服务场所、景点等本地信息时使用。query 格式：城市/区域 + 商户类型/需求描述。',
      parameters: QUERY_PARAMS,
      async call(args, signal) {
        const query = queryOf(args);
        return toResult('rag', query, await rag.search(query, city, signal));
      },
    },
    web_search: {
      name: 'web_search',
      description: 'Web Search（Web搜索）：日期时间、天气、节假日、通用知识、新闻资讯等。',
      parameters: QUERY_PARAMS,
      async call(args, signal) {
        const query = queryOf(args);
        return toResult('web_search', query, await web.search(query, signal));
      },
    },
  };
}
