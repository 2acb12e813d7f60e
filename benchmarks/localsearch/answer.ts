// Text conventions of LocalSearchBench's agent mode: tool tags in the model's reply, the 【答案】
// section of the final reply, and the boxed reference answer. Each follows a function of
// localsearchbench/localsearchbench @ e915702306f45c6ff3b5e51a9321c92fbd4b95cf, cited below.

export type LocalToolName = 'web_search' | 'rag';

export interface TagCall {
  tool: LocalToolName;
  query: string;
}

/**
 * Tool calls written as tags: every `<web_search>…</web_search>` first, then every `<rag>…</rag>`
 * (each in text order), contents stripped, empty ones ignored.
 * Source: evaluation/evaluation_pipeline_agent.py `_parse_tool_calls` (re.finditer with DOTALL).
 */
export function parseTagCalls(text: string): TagCall[] {
  const calls: TagCall[] = [];
  for (const tool of ['web_search', 'rag'] as const) {
    const re = new RegExp(`<${tool}>([\\s\\S]*?)</${tool}>`, 'g');
    for (const m of text.matchAll(re)) {
      const query = pyStrip(m[1] ?? '');
      if (query) calls.push({ tool, query });
    }
  }
  return calls;
}

/**
 * The 【答案】 part of a reply: from the first 【答案】 (whitespace after it skipped) up to the first
 * "\n\n【" or "\n\n<" or the end; the whole reply when there is no 【答案】.
 * Source: evaluation/llm_judge.py `_extract_answer_from_output`, pattern
 * `【答案】\s*(.*?)(?:$|\n\n【|\n\n<)` with re.DOTALL; Python's `$` (no MULTILINE) also matches
 * before a final newline, hence `(?=\n?$)`.
 */
export function extractAnswerSection(output: string): string {
  const m = /【答案】\s*([\s\S]*?)(?:(?=\n?$)|\n\n【|\n\n<)/.exec(output);
  return m ? pyStrip(m[1] ?? '') : output;
}

/** Whether the reply has the 【答案】 marker the agent prompt requires. */
export function hasAnswerMarker(output: string): boolean {
  return output.includes('【答案】');
}

/**
 * The short reference: the text of the first `\boxed{…}` (no `}` inside), stripped; without a
 * box, the text with any `\boxed{x}` unwrapped; null for empty input.
 * Source: evaluation/evaluation_pipeline_agent.py `_extract_ground_truth`.
 */
export function extractGroundTruth(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = pyStrip(String(text));
  const m = /\\boxed\{([^}]+)\}/.exec(t);
  if (m) return pyStrip(m[1] ?? '');
  const unwrapped = t.includes('\\boxed') ? t.replace(/\\boxed\{([^}]+)\}/g, '$1') : t;
  const out = pyStrip(unwrapped);
  return out === '' ? null : out;
}

/** The `Answer` column without its leading `参考答案：` label (for the oracle reply). */
export function referenceBody(answer: string): string {
  return pyStrip(answer.replace(/^\s*参考答案[：:]\s*/, ''));
}

/** Python's str.strip(): Unicode whitespace at both ends. */
export function pyStrip(s: string): string {
  return s.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/gu, '');
}
