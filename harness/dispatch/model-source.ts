// Where outputs come from: a live endpoint (`openai:<model>`), the reference answers
// (`oracle`, a self-check of every scorer), or a file of predictions made elsewhere (`replay:`).
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import { loadRecords } from '../datasets/records.js';
import { sha256File } from '../datasets/fileinfo.js';
import type { ModelInfo } from '../store/manifest.js';
import { redactUrl } from '../store/manifest.js';
import type { ModelClient, OracleAnswer, ToolCall } from '../types.js';

export type ModelSource =
  | { kind: 'openai'; info: ModelInfo; client: ModelClient }
  | { kind: 'oracle'; info: ModelInfo }
  | { kind: 'replay'; info: ModelInfo; table: ReplayTable };

export interface ParsedSpec {
  kind: 'openai' | 'oracle' | 'replay';
  /** Model name (openai), or the replay file path. */
  value: string;
}

export function parseModelSpec(spec: string): ParsedSpec {
  if (spec === 'oracle') return { kind: 'oracle', value: 'oracle' };
  const m = /^(openai|replay):(.+)$/.exec(spec);
  if (!m) {
    throw new ConfigError(`unknown model spec "${spec}": use openai:<model>, oracle, or replay:<file.jsonl>`);
  }
  return { kind: m[1] as 'openai' | 'replay', value: m[2]! };
}

/** A short, file-name-safe label for run folder names. */
export function modelSlug(spec: string): string {
  const p = parseModelSpec(spec);
  const base = p.kind === 'replay' ? `replay-${p.value.split('/').pop()!.replace(/\.jsonl?$/, '')}` : p.value;
  return base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || p.kind;
}

/** A replayed answer: its text, and the tool calls (OpenAI form) when the line carried some. */
export type ReplayEntry = string | OracleAnswer;

/** Replay predictions: (problem id, sample index) → output text (and tool calls). */
export class ReplayTable {
  private map = new Map<string, ReplayEntry>();
  constructor(readonly file: string) {}

  set(id: string, sample: number, output: ReplayEntry): void {
    this.map.set(`${id}\u0000${sample}`, output);
  }

  get(id: string, sample: number): ReplayEntry | undefined {
    return this.map.get(`${id}\u0000${sample}`);
  }

  get size(): number {
    return this.map.size;
  }
}

const REPLAY_SCHEMA = {
  type: 'object',
  required: ['id', 'output'],
  properties: {
    id: { type: ['string', 'integer'] },
    sample: { type: 'integer', minimum: 0 },
    output: { type: ['string', 'null'] },
    // OpenAI-form tool calls beside the text (outputs of function-calling models, e.g. BFCL fc mode).
    tool_calls: {
      type: ['array', 'null'],
      items: {
        type: 'object',
        required: ['function'],
        properties: {
          id: { type: 'string' },
          type: { const: 'function' },
          function: {
            type: 'object',
            required: ['name', 'arguments'],
            properties: { name: { type: 'string' }, arguments: { type: ['string', 'object'] } },
          },
        },
      },
    },
  },
};

interface ReplayLine {
  id: string | number;
  sample?: number;
  output: string | null;
  tool_calls?: Array<{ id?: string; function: { name: string; arguments: string | object } }> | null;
}

/** Tool calls as the client would have returned them (arguments always a JSON string). */
function replayToolCalls(line: ReplayLine): ToolCall[] {
  return (line.tool_calls ?? []).map((tc, i) => ({
    id: tc.id ?? `call_${i}`,
    type: 'function',
    function: { name: tc.function.name, arguments: typeof tc.function.arguments === 'string' ? tc.function.arguments : JSON.stringify(tc.function.arguments) },
  }));
}

/**
 * Lines `{"id", "sample"?, "output", "tool_calls"?}`. Lines without `sample` take the next free index of
 * their id, in file order. A malformed line is an error naming file and line: scoring a
 * prediction file with holes would silently change the denominator.
 */
export async function loadReplay(file: string): Promise<ReplayTable> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return loadBirdPredictions(file);
  if (lower.endsWith('.sql') || lower.endsWith('.txt')) return loadLinePredictions(file);
  const { records, issues } = await loadRecords<ReplayLine>(file, REPLAY_SCHEMA, {
    format: 'jsonl',
  });
  if (issues.length) {
    const first = issues.slice(0, 5).map((i) => `${i.file}:${i.where}: ${i.message}`);
    throw new Error(`replay file has ${issues.length} bad line(s):\n  ${first.join('\n  ')}`);
  }
  const table = new ReplayTable(file);
  const next = new Map<string, number>();
  for (const { value } of records) {
    const id = String(value.id);
    const sample = value.sample ?? next.get(id) ?? 0;
    next.set(id, Math.max(next.get(id) ?? 0, sample + 1));
    const toolCalls = replayToolCalls(value);
    table.set(id, sample, toolCalls.length ? { output: value.output ?? '', toolCalls } : (value.output ?? ''));
  }
  return table;
}

export async function replayInfo(spec: string, file: string): Promise<ModelInfo> {
  return { spec, kind: 'replay', name: file, replay_sha256: await sha256File(file) };
}

export function openaiInfo(spec: string, model: string, baseUrls: string[], apiKeyEnv: string): ModelInfo {
  return { spec, kind: 'openai', name: model, base_urls: baseUrls.map(redactUrl), api_key_env: apiKeyEnv };
}

/**
 * BIRD's official prediction file (`predict_dev.json`): `{"<question_id>": "<SQL>\t----- bird -----\t<db_id>"}`,
 * as written by bird-bench's gpt_request.py and read by evaluation.py (which splits on the marker).
 */
async function loadBirdPredictions(file: string): Promise<ReplayTable> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`${file}: malformed JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${file}: expected BIRD's prediction format {"<question_id>": "<SQL>\\t----- bird -----\\t<db_id>"}`);
  }
  const table = new ReplayTable(file);
  for (const [id, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new Error(`${file}: prediction for "${id}" is not a string`);
    table.set(id, 0, value.split('\t----- bird -----\t')[0]!);
  }
  return table;
}

/** Spider's official prediction file: one SQL per line, line i (0-based) for question i. */
async function loadLinePredictions(file: string): Promise<ReplayTable> {
  const table = new ReplayTable(file);
  const lines = (await readFile(file, 'utf8')).replace(/\r?\n$/, '').split(/\r?\n/);
  lines.forEach((line, i) => table.set(String(i), 0, line.trim()));
  return table;
}
