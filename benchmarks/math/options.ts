// Options of `agenteval run aime24|aime25|amc23|math500|minerva|olympiadbench|math`. No commander
// defaults (flags are shared across families): defaults are applied here.
import type { BenchmarkOption, JsonObject } from '../../harness/types.js';
import { DEFAULT_CHECK_TIMEOUT_MS } from './check-pool.js';
import type { FieldMap } from './load.js';

/** The instruction RLVR math papers append to every problem (Qwen2.5-Math / DeepSeek-R1 style). */
export const STANDARD_INSTRUCTION = 'Please reason step by step, and put your final answer within \\boxed{}.';

export interface MathSettings {
  fields: FieldMap;
  /** Appended to the problem on its own line unless the problem already contains it; '' = none. */
  instruction: string;
  checkTimeoutMs: number;
  checkWorkers?: number;
}

export const OPTIONS: BenchmarkOption[] = [
  { flags: '--problem-field <name>', description: 'math: row field holding the problem (default: problem, question)' },
  { flags: '--answer-field <name>', description: 'math: row field holding the gold answer (default: answer, final_answer)' },
  { flags: '--id-field <name>', description: 'math: row field holding the problem id (default: id; rows without one take their 0-based position)' },
  { flags: '--instruction <text>', description: `math: appended to each problem once ("none" for no instruction); default "${STANDARD_INSTRUCTION}"` },
  { flags: '--check-timeout <seconds>', description: `math: hard limit per answer comparison; past it the checker thread is killed and the sample is an error record (default ${DEFAULT_CHECK_TIMEOUT_MS / 1000})` },
  { flags: '--check-workers <N>', description: 'math: answer-checker worker threads (default: min(4, max(2, cores − 1)))' },
];

function text(raw: unknown, flag: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') throw new Error(`${flag}: expected a value`);
  return raw.trim();
}

function positive(raw: unknown, flag: string, integer: boolean): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new Error(`${flag}: expected a positive ${integer ? 'integer' : 'number'}, got "${String(raw)}"`);
  return n;
}

export function parseOptions(o: Record<string, unknown>): MathSettings {
  const fields: FieldMap = {};
  const problem = text(o.problemField, '--problem-field');
  const answer = text(o.answerField, '--answer-field');
  const id = text(o.idField, '--id-field');
  if (problem) fields.problem = problem;
  if (answer) fields.answer = answer;
  if (id) fields.id = id;
  const given = o.instruction === undefined || o.instruction === null ? undefined : String(o.instruction);
  const instruction = given === undefined ? STANDARD_INSTRUCTION : given.trim().toLowerCase() === 'none' ? '' : given.trim();
  const seconds = positive(o.checkTimeout, '--check-timeout', false);
  const workers = positive(o.checkWorkers, '--check-workers', true);
  return {
    fields,
    instruction,
    checkTimeoutMs: seconds === undefined ? DEFAULT_CHECK_TIMEOUT_MS : Math.round(seconds * 1000),
    ...(workers !== undefined ? { checkWorkers: workers } : {}),
  };
}

/** What changes results, for the manifest and fingerprint (worker count does not). */
export function settingsJson(s: MathSettings): JsonObject {
  return {
    instruction: s.instruction,
    fields: { ...s.fields },
    checker: 'scorers/math verifyMath (Math-Verify semantics)',
    check_timeout_ms: s.checkTimeoutMs,
    truncated: 'finish_reason "length" scores 0 (counted in summary.extra.truncated)',
  };
}
