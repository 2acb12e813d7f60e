// The two solvers.
// - single: one user message (prompts/single.md) with the schema DDL, the question and, for BIRD,
//   the evidence; the answer's SQL is extracted by the scorer.
// - mtir: multi-turn with execution feedback, in the spirit of MTIR-SQL (arXiv 2510.25510; no
//   public code): the model may call `execute_sql` (OpenAI tools API) for up to T rounds, sees the
//   first R rows or the error text, then gives its final SQL. runToolLoop counts model calls, so
//   T rounds of tools + the final answer = T + 1 calls; turns, tool calls and tokens land in the
//   episode (and so in each sample record).
import { runToolLoop } from '../../harness/agent/tool-loop.js';
import type { AgentSolver, ChatMessage, Episode, JsonObject, PromptSolver, Tool, ToolResult } from '../../harness/types.js';
import type { ExecResult, SqlExecutorPool } from './executor.js';
import type { SqlSample } from './load.js';
import type { Text2SqlSettings } from './options.js';
import type { SchemaCache } from './schema-prompt.js';
import { loadTemplate, render, type Template } from './templates.js';

export type Text2SqlSolver = PromptSolver<SqlSample> | AgentSolver<SqlSample>;

const MAX_CELL_CHARS = 200;
/** Longest observation given back to the model; wide rows are cut, with a marker. */
const MAX_OBSERVATION_CHARS = 6000;
const FINAL_NUDGE = 'You have used all your execute_sql calls. Give your final SQL query now in a ```sql fenced code block, without calling any tool.';

export interface PromptParts {
  templates: Template[];
  messages(sample: SqlSample): ChatMessage[];
}

function evidenceLine(sample: SqlSample, settings: Text2SqlSettings): string {
  // BIRD's baseline words it "-- External Knowledge: …" (gpt_request.py, generate_comment_prompt).
  return settings.useEvidence && sample.evidence.trim() !== '' ? `External knowledge: ${sample.evidence.trim()}` : '';
}

function promptVars(sample: SqlSample, settings: Text2SqlSettings, schemas: SchemaCache): Record<string, string> {
  return { db_id: sample.dbId, schema: schemas.get(sample.dbPath), evidence: evidenceLine(sample, settings), question: sample.question.trim() };
}

export function singlePrompt(settings: Text2SqlSettings, schemas: SchemaCache): PromptParts {
  const user = loadTemplate('single.md');
  return {
    templates: [user],
    messages: (sample) => [{ role: 'user', content: render(user, promptVars(sample, settings, schemas)) }],
  };
}

export function mtirPrompt(settings: Text2SqlSettings, schemas: SchemaCache): PromptParts {
  const system = loadTemplate('mtir-system.md');
  const user = loadTemplate('mtir-user.md');
  return {
    templates: [system, user],
    messages: (sample) => [
      { role: 'system', content: render(system, { max_turns: String(settings.maxTurns), max_rows: String(settings.maxRows) }) },
      { role: 'user', content: render(user, promptVars(sample, settings, schemas)) },
    ],
  };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Uint8Array) return `<blob ${v.length} bytes>`;
  const s = String(v);
  return s.length > MAX_CELL_CHARS ? `${s.slice(0, MAX_CELL_CHARS)}…` : s;
}

/** What the model sees after an execute_sql call. */
export function formatObservation(res: ExecResult, maxRows: number, timeoutSec: number): string {
  if (!res.ok) {
    if (res.kind === 'timeout') return `Error: the query did not finish within ${timeoutSec} s and was stopped.`;
    return `Error: ${res.error}`;
  }
  const lines = [`Columns: ${res.columns.join(' | ')}`];
  const shown = res.rows.slice(0, maxRows);
  if (shown.length === 0) lines.push('The query returned no rows.');
  else {
    const more = res.truncated || res.rows.length > maxRows;
    lines.push(more ? `Rows (the first ${shown.length}; the result has more):` : `Rows (${shown.length}):`);
    for (const r of shown) lines.push(r.map(cellText).join(' | '));
  }
  return lines.join('\n');
}

export function executeSqlTool(sample: SqlSample, pool: SqlExecutorPool, settings: Text2SqlSettings): Tool {
  return {
    name: 'execute_sql',
    description: `Run a read-only SQLite query on the database "${sample.dbId}" and get the column names and the first ${settings.maxRows} rows of the result, or the error message.`,
    parameters: {
      type: 'object',
      properties: { sql: { type: 'string', description: 'One SQLite query (SELECT / WITH).' } },
      required: ['sql'],
    },
    async call(args: JsonObject): Promise<ToolResult> {
      const sql = typeof args.sql === 'string' ? args.sql : '';
      if (sql.trim() === '') return { text: 'Error: the "sql" argument must be a non-empty string.', isError: true };
      const res = await pool.execute(sample.dbPath, sql, { timeoutMs: Math.round(settings.sqlTimeoutSec * 1000), maxRows: settings.maxRows });
      const text = formatObservation(res, settings.maxRows, settings.sqlTimeoutSec);
      const meta: JsonObject = res.ok
        ? { ok: true, rows: res.rows.length, truncated: res.truncated, ms: Math.round(res.ms) }
        : { ok: false, kind: res.kind, ms: Math.round(res.ms) };
      return { text, isError: !res.ok, meta };
    },
  };
}

export function makeSolver(settings: Text2SqlSettings, prompt: PromptParts, pool: SqlExecutorPool): Text2SqlSolver {
  if (settings.mode === 'single') return { kind: 'prompt', messages: prompt.messages };
  return {
    kind: 'agent',
    async run(sample, model, ctx): Promise<Episode> {
      const episode = await runToolLoop(model, prompt.messages(sample), {
        tools: [executeSqlTool(sample, pool, settings)],
        maxTurns: settings.maxTurns + 1,
        sampling: ctx.sampling,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        maxObservationChars: MAX_OBSERVATION_CHARS,
        finalNudge: FINAL_NUDGE,
      });
      const toolCalls = episode.trace.filter((s) => s.tool === 'execute_sql').length;
      return { ...episode, extra: { ...(episode.extra ?? {}), sql_calls: toolCalls } };
    },
  };
}
