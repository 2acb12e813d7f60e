// What the agent sees: merchant lists as `[商户i]` blocks, tool results wrapped as LocalPlayground
// wraps them, and the user turn that carries them back. All strings follow
// localsearchbench/localsearchbench @ e915702306f45c6ff3b5e51a9321c92fbd4b95cf (cited per function).
import type { Json, JsonObject } from '../../harness/types.js';
import type { LocalToolName } from './answer.js';

/** Python's str() of a JSON value, as the official f-strings print it. */
export function pyStr(v: Json | undefined): string {
  if (v === undefined || v === null) return 'None';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

function pyRepr(v: Json): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return pyStr(v);
}

/** Truthiness as Python sees a JSON value (`if metadata.get(...)`). */
function truthy(v: Json | undefined): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** A rating read from JSON lost Python's float-ness (5.0 → 5); print it the way Python would. */
function pyFloat(v: Json | undefined): string {
  return typeof v === 'number' && Number.isInteger(v) ? `${v}.0` : pyStr(v);
}

/**
 * Merchants as the agent sees them: `[商户i]` then one `标签: 值` line per present field, blocks
 * joined by a blank line; '' for no merchants. `metadata` wins over the result itself when present.
 * Source: evaluation/rag_agent.py `RAGAgent._build_context`.
 */
export function formatMerchantContext(results: readonly JsonObject[]): string {
  if (results.length === 0) return '';
  const parts = results.map((result, idx) => {
    const meta = result.metadata;
    const m: JsonObject = meta && typeof meta === 'object' && !Array.isArray(meta) && Object.keys(meta).length > 0 ? meta : result;
    const lines = [`[商户${idx + 1}]`];
    const has = (k: string) => k in m;
    if (has('name')) lines.push(`商户名称: ${pyStr(m.name)}`);
    if (has('id')) lines.push(`poi_id: ${pyStr(m.id)}`);
    else if (has('poi_id')) lines.push(`poi_id: ${pyStr(m.poi_id)}`);
    else if (has('merchant_id')) lines.push(`商户ID: ${pyStr(m.merchant_id)}`);
    if (has('category')) lines.push(`类别: ${pyStr(m.category)}`);
    if (has('subcategory')) lines.push(`子类别: ${pyStr(m.subcategory)}`);
    if (has('address')) lines.push(`地址: ${pyStr(m.address)}`);
    if (has('district')) lines.push(`区域: ${pyStr(m.district)}`);
    if (has('business_area')) lines.push(`商圈: ${pyStr(m.business_area)}`);
    if (has('business_hours')) lines.push(`营业时间: ${pyStr(m.business_hours)}`);
    if (has('rating')) lines.push(`评分: ${pyFloat(m.rating)}`);
    if (has('avg_price')) lines.push(`人均: ${pyStr(m.avg_price)}元`);
    if (has('price_range')) lines.push(`价格区间: ${pyStr(m.price_range)}`);
    if (truthy(m.specialties)) lines.push(`特色菜品: ${pyStr(m.specialties)}`);
    if (truthy(m.tags)) lines.push(`标签: ${pyStr(m.tags)}`);
    if (truthy(m.description)) lines.push(`描述: ${pyStr(m.description)}`);
    if (truthy(m.facilities)) lines.push(`设施: ${pyStr(m.facilities)}`);
    if (truthy(m.promotions)) lines.push(`优惠活动: ${pyStr(m.promotions)}`);
    if (truthy(m.phone)) lines.push(`电话: ${pyStr(m.phone)}`);
    if (typeof result.similarity_score === 'number') lines.push(`相似度: ${result.similarity_score.toFixed(4)}`);
    if (lines.length === 1) {
      // No known field: show every non-empty one, as the official fallback does.
      for (const [k, v] of Object.entries(m)) {
        if (!['metadata', 'similarity_score', 'rerank_score'].includes(k) && truthy(v)) lines.push(`${k}: ${pyStr(v)}`);
      }
    }
    return lines.join('\n');
  });
  return parts.join('\n\n');
}

/** What a tool produced, before it is wrapped for the model. */
export interface ToolOutcome {
  success: boolean;
  /** The text the model reads (merchant blocks, web snippets); '' on failure. */
  context: string;
  error?: string;
  /** Merchants returned (rag). */
  total?: number;
  /** web_search without a backend. */
  unavailable?: boolean;
}

const HEAD: Record<LocalToolName, { ok: string; fail: string }> = {
  web_search: { ok: '【Web搜索结果】', fail: '【Web搜索失败】' },
  rag: { ok: '【RAG检索结果】', fail: '【RAG检索失败】' },
};

/**
 * One tool result as the model reads it.
 * Source: evaluation/evaluation_pipeline_agent.py `_format_tool_results`.
 */
export function formatToolBlock(tool: LocalToolName, query: string, o: ToolOutcome): string {
  if (o.success) return `${HEAD[tool].ok}\n查询: ${query}\n结果:\n${o.context}\n`;
  return `${HEAD[tool].fail}\n查询: ${query}\n错误: ${o.error || '未知错误'}\n`;
}

/** The context inside a successful block (the inverse of formatToolBlock), or null. */
export function contextOfBlock(tool: LocalToolName, query: string, block: string): string | null {
  const head = `${HEAD[tool].ok}\n查询: ${query}\n结果:\n`;
  if (!block.startsWith(head) || !block.endsWith('\n')) return null;
  return block.slice(head.length, -1);
}

/**
 * The user turn carrying a round's tool results back; the last round also forbids further calls.
 * Source: evaluation/evaluation_pipeline_agent.py `_process_single_question`.
 */
export function toolFeedbackMessage(blocks: readonly string[], lastRound: boolean): string {
  const feedback = blocks.join('\n');
  return lastRound
    ? `工具执行结果：\n\n${feedback}\n\n${LAST_ROUND_INSTRUCTION}`
    : `工具执行结果：\n\n${feedback}\n\n请基于这些结果回答原问题。`;
}

export const LAST_ROUND_INSTRUCTION = '这是最后一轮，请不要再调用任何工具，直接基于以上结果给出最终答案。';

/** The error text of a call beyond the per-round limit (the prompt's rule "每轮每个工具最多调用1次"). */
export function perRoundLimitError(limit: number): string {
  return `每轮每个工具最多调用${limit}次，本次调用未执行`;
}

/**
 * Text of a web search API response.
 * Source: evaluation/web_search_agent.py `WebSearchAgent._extract_context` (data → answer,
 * baiduSearchResults/results/items top 5, content, summary; else the JSON, cut at 5000 characters).
 */
export function webContext(result: unknown): string {
  if (result === null || result === undefined) return '';
  if (typeof result === 'string') return result;
  if (typeof result !== 'object' || Array.isArray(result)) return JSON.stringify(result).slice(0, 5000);
  let r = result as Record<string, unknown>;
  const parts: string[] = [];
  const data = r.data;
  if (data && typeof data === 'object' && !Array.isArray(data)) r = data as Record<string, unknown>;
  if (r.answer) parts.push(`答案: ${String(r.answer)}`);
  const list = (key: string, snippet: (x: Record<string, unknown>) => unknown) => {
    const items = r[key];
    if (!Array.isArray(items)) return;
    items.slice(0, 5).forEach((item: unknown, i) => {
      if (!item || typeof item !== 'object') return;
      const x = item as Record<string, unknown>;
      const title = x.title ?? '';
      const text = snippet(x) ?? '';
      if (title || text) parts.push(`[结果${i + 1}] ${String(title)}: ${String(text)}`);
    });
  };
  list('baiduSearchResults', (x) => x.content);
  list('results', (x) => x.snippet ?? x.content);
  list('items', (x) => x.snippet ?? x.description);
  if (r.content) parts.push(`内容: ${String(r.content)}`);
  if (r.summary) parts.push(`摘要: ${String(r.summary)}`);
  return parts.length ? parts.join('\n') : JSON.stringify(r).slice(0, 5000);
}
