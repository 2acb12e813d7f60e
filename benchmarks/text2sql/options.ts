// Benchmark options of `agenteval run spider|bird` and their validation. Options arrive camelCased
// from commander, as strings (or booleans for flags); a bad value is an Error with a clear message.
import type { BenchmarkOption, JsonObject } from '../../harness/types.js';
import type { Flavor } from './layout.js';

export type SolverMode = 'single' | 'mtir';
export type ExMode = 'bird' | 'spider';

export interface Text2SqlSettings {
  mode: SolverMode;
  exMode: ExMode;
  /** Hard limit per SQL execution (model SQL and gold), seconds. */
  sqlTimeoutSec: number;
  /** mtir: rounds of execute_sql calls before the final answer. */
  maxTurns: number;
  /** mtir: result rows shown to the model per execute_sql call. */
  maxRows: number;
  /** Example rows per table in the schema prompt. */
  sampleRows: number;
  /** BIRD: put the `evidence` hint in the prompt. */
  useEvidence: boolean;
  /** BIRD: append `database_description/*.csv` column descriptions to the schema. */
  columnDescriptions: boolean;
}

export const DEFAULTS = {
  mode: 'single' as SolverMode,
  // BIRD's evaluator: meta_time_out = 30.0 s (bird-bench evaluation.py / evaluation_ex.py).
  sqlTimeoutSec: 30,
  maxTurns: 5,
  maxRows: 10,
  // BIRD's baseline prompt shows no example rows (gpt_request.py: generate_schema_prompt(db_path, num_rows=None)).
  sampleRows: 0,
};

/** The default `--ex-mode` of each benchmark: its own official evaluator. */
export function defaultExMode(flavor: Flavor): ExMode {
  return flavor;
}

export function benchmarkOptions(flavor: Flavor): BenchmarkOption[] {
  const opts: BenchmarkOption[] = [
    { flags: '--mode <mode>', description: 'solver: single (one prompt) or mtir (multi-turn with execute_sql)', default: DEFAULTS.mode, choices: ['single', 'mtir'] },
    {
      flags: '--ex-mode <mode>',
      description: 'EX semantics: bird (set equality of rows) or spider (test-suite: bag/ordered equality up to column order); default: the benchmark\'s own',
      choices: ['bird', 'spider'],
    },
    { flags: '--sql-timeout <seconds>', description: 'hard time limit per SQL execution', default: DEFAULTS.sqlTimeoutSec },
    { flags: '--max-turns <n>', description: 'mtir: rounds of execute_sql calls before the final answer', default: DEFAULTS.maxTurns },
    { flags: '--max-rows <n>', description: 'mtir: result rows shown to the model per execute_sql call', default: DEFAULTS.maxRows },
    { flags: '--sample-rows <n>', description: 'example rows per table in the schema prompt (0 = none)', default: DEFAULTS.sampleRows },
  ];
  if (flavor === 'bird') {
    opts.push(
      { flags: '--no-evidence', description: "leave BIRD's evidence (external knowledge) out of the prompt" },
      { flags: '--column-descriptions', description: "add BIRD's database_description column descriptions to the schema", default: false },
    );
  }
  return opts;
}

function num(raw: unknown, name: string, fallback: number, check: (n: number) => boolean, what: string): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isFinite(n) || !check(n)) throw new Error(`--${name}: expected ${what}, got "${String(raw)}"`);
  return n;
}

const isInt = (min: number) => (n: number) => Number.isInteger(n) && n >= min;

function bool(raw: unknown, name: string, fallback: boolean): boolean {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'boolean') return raw;
  const s = String(raw).toLowerCase();
  if (['true', '1', 'yes'].includes(s)) return true;
  if (['false', '0', 'no'].includes(s)) return false;
  throw new Error(`--${name}: expected true or false, got "${String(raw)}"`);
}

function choice<T extends string>(raw: unknown, name: string, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const s = String(raw);
  if (!(allowed as readonly string[]).includes(s)) throw new Error(`--${name}: expected one of ${allowed.join(', ')}, got "${s}"`);
  return s as T;
}

export function parseOptions(flavor: Flavor, raw: Record<string, unknown>): Text2SqlSettings {
  return {
    mode: choice(raw.mode, 'mode', ['single', 'mtir'] as const, DEFAULTS.mode),
    exMode: choice(raw.exMode, 'ex-mode', ['bird', 'spider'] as const, defaultExMode(flavor)),
    sqlTimeoutSec: num(raw.sqlTimeout, 'sql-timeout', DEFAULTS.sqlTimeoutSec, (n) => n > 0 && n <= 3600, 'a number of seconds in (0, 3600]'),
    maxTurns: num(raw.maxTurns, 'max-turns', DEFAULTS.maxTurns, isInt(1), 'an integer ≥ 1'),
    maxRows: num(raw.maxRows, 'max-rows', DEFAULTS.maxRows, isInt(1), 'an integer ≥ 1'),
    sampleRows: num(raw.sampleRows, 'sample-rows', DEFAULTS.sampleRows, isInt(0), 'an integer ≥ 0'),
    // Spider has no evidence; commander gives `evidence: false` for --no-evidence.
    useEvidence: flavor === 'bird' && bool(raw.evidence, 'evidence', true),
    columnDescriptions: flavor === 'bird' && bool(raw.columnDescriptions, 'column-descriptions', false),
  };
}

/** The settings that change results, for the manifest; mtir-only knobs only in mtir mode. */
export function settingsJson(s: Text2SqlSettings, extra: JsonObject = {}): JsonObject {
  return {
    mode: s.mode,
    exMode: s.exMode,
    sqlTimeout: s.sqlTimeoutSec,
    sampleRows: s.sampleRows,
    useEvidence: s.useEvidence,
    columnDescriptions: s.columnDescriptions,
    ...(s.mode === 'mtir' ? { maxTurns: s.maxTurns, maxRows: s.maxRows } : {}),
    ...extra,
  };
}
