// `agenteval run localsearchbench` options and their validation. No option has a commander
// default: defaults live here, so `agenteval rescore` can tell a flag given on its command line
// from one left out, and flags shared with other benchmarks (`--protocol`) keep their own defaults.
import { JUDGE_OPTIONS } from '../../harness/judge/options.js';
import { ConfigError } from '../../harness/run/options.js';
import type { BenchmarkOption } from '../../harness/types.js';
import type { JudgeMode } from './judge.js';
import type { Protocol } from './loop.js';

export interface LocalSearchSettings {
  protocol: Protocol;
  /** evaluation_pipeline_agent.py `--max-tool-rounds`, default 10. */
  maxRounds: number;
  /** The agent prompt's "每轮每个工具最多调用1次". */
  callsPerTool: number;
  /** `row`: the task's City goes into the system prompt (system_prompts.get_prompt(city=…)). */
  cityPrompt: 'row' | 'none';
  ragUrl?: string;
  /** Merchants per `<rag>` call: the pipeline asks LocalRAG for rerank_top_k=20. */
  ragTopK: number;
  merchants?: string;
  webSearchUrl?: string;
  webSearchApiKeyEnv?: string;
  toolTimeoutMs: number;
  judgeMode: JudgeMode;
}

export const DEFAULTS = {
  protocol: 'tags' as Protocol,
  maxRounds: 10,
  callsPerTool: 1,
  cityPrompt: 'row' as const,
  ragTopK: 20,
  toolTimeoutSec: 60,
  judgeMode: 'combined' as JudgeMode,
};

export const LOCALSEARCH_OPTIONS: BenchmarkOption[] = [
  { flags: '--protocol <protocol>', description: `localsearchbench: tags (<rag>/<web_search> in the reply, the benchmark's agent mode) | tools (native function calling); default ${DEFAULTS.protocol}` },
  { flags: '--max-rounds <N>', description: `localsearchbench: tool rounds before the forced final answer (default ${DEFAULTS.maxRounds}, as --max-tool-rounds)` },
  { flags: '--calls-per-tool <N>', description: `localsearchbench: calls of each tool run per round (default ${DEFAULTS.callsPerTool}, the prompt's rule)` },
  { flags: '--city-prompt <mode>', description: 'localsearchbench: row (put the task\'s city in the system prompt, default) | none' },
  { flags: '--rag-url <url>', description: 'localsearchbench: the LocalSearchBench RAG server (POST /api/rag/search) instead of the embedded merchant index' },
  { flags: '--rag-top-k <N>', description: `localsearchbench: merchants per <rag> call (default ${DEFAULTS.ragTopK})` },
  { flags: '--merchants <file>', description: 'localsearchbench: merchant JSONL for the embedded index (default: merchants parsed from the tasks\' search paths)' },
  { flags: '--web-search-url <url>', description: 'localsearchbench: web search endpoint (POST {"query"}); without it <web_search> answers "web search unavailable"' },
  { flags: '--web-search-api-key-env <NAME>', description: 'localsearchbench: environment variable with a bearer key for --web-search-url' },
  { flags: '--tool-timeout <seconds>', description: `localsearchbench: deadline per RAG/web request (default ${DEFAULTS.toolTimeoutSec})` },
  { flags: '--judge-mode <mode>', description: 'localsearchbench: combined (one judge call, as evaluate_all; default) | separate (one call per dimension)' },
  ...JUDGE_OPTIONS,
];

function str(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

function int(raw: unknown, flag: string, fallback: number, min: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${flag}: expected an integer ≥ ${min}, got "${String(raw)}"`);
  return n;
}

function choice<T extends string>(raw: unknown, flag: string, allowed: readonly T[], fallback: T): T {
  const s = str(raw);
  if (s === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(s)) throw new ConfigError(`${flag}: expected ${allowed.join(' | ')}, got "${s}"`);
  return s as T;
}

export function parseLocalSearchOptions(o: Record<string, unknown>): LocalSearchSettings {
  const timeout = o.toolTimeout === undefined || o.toolTimeout === '' ? DEFAULTS.toolTimeoutSec : Number(o.toolTimeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new ConfigError(`--tool-timeout: expected seconds > 0, got "${String(o.toolTimeout)}"`);
  const s: LocalSearchSettings = {
    protocol: choice(o.protocol, '--protocol', ['tags', 'tools'] as const, DEFAULTS.protocol),
    maxRounds: int(o.maxRounds, '--max-rounds', DEFAULTS.maxRounds, 1),
    callsPerTool: int(o.callsPerTool, '--calls-per-tool', DEFAULTS.callsPerTool, 1),
    cityPrompt: choice(o.cityPrompt, '--city-prompt', ['row', 'none'] as const, DEFAULTS.cityPrompt),
    ragTopK: int(o.ragTopK, '--rag-top-k', DEFAULTS.ragTopK, 1),
    toolTimeoutMs: Math.round(timeout * 1000),
    judgeMode: choice(o.judgeMode, '--judge-mode', ['combined', 'separate'] as const, DEFAULTS.judgeMode),
  };
  const ragUrl = str(o.ragUrl);
  const merchants = str(o.merchants);
  if (ragUrl && merchants) throw new ConfigError('--rag-url and --merchants exclude each other (the server has its own merchants)');
  if (ragUrl) {
    try {
      new URL(ragUrl);
    } catch {
      throw new ConfigError(`--rag-url: not a URL: ${ragUrl}`);
    }
    s.ragUrl = ragUrl;
  }
  if (merchants) s.merchants = merchants;
  const web = str(o.webSearchUrl);
  if (web) {
    try {
      new URL(web);
    } catch {
      throw new ConfigError(`--web-search-url: not a URL: ${web}`);
    }
    s.webSearchUrl = web;
  }
  const keyEnv = str(o.webSearchApiKeyEnv);
  if (keyEnv) s.webSearchApiKeyEnv = keyEnv;
  return s;
}
