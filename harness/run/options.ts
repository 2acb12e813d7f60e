// `agenteval run` flags → a validated RunConfig. Bad values fail here, before any request.
import { existsSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { HubError } from '../datasets/hub-errors.js';
import { DEFAULT_MAX_ERROR_RATE } from '../summary/health.js';
import type { SamplingParams } from '../types.js';
import { applyPreset } from './presets.js';

export interface RunConfig {
  benchmarks: string[];
  model: string;
  baseUrls: string[];
  apiKeyEnv: string;
  n: number;
  ks: number[];
  sampling: SamplingParams;
  concurrency: number | 'auto';
  maxConcurrency: number;
  timeoutMs: number;
  maxRetries: number;
  useN: 'auto' | boolean;
  limit: number | null;
  data: string | undefined;
  split: string | undefined;
  hubRepo: string | undefined;
  hubRevision: string | undefined;
  out: string | undefined;
  resultsDir: string;
  resume: boolean;
  retryErrors: boolean;
  shard: { index: number; count: number } | null;
  quiet: boolean;
  logMessages: boolean;
  /** Check every endpoint (key, model, reachable) before any sample (`--no-preflight`: false). */
  preflight: boolean;
  /** Unscored share (error records, missing samples, dropped rows) above which the run failed (exit 4). */
  maxErrorRate: number;
  /** `--preset` name (its values are already applied to the fields above), or null. */
  preset: string | null;
  /** Options of the benchmarks themselves (e.g. exMode), passed through untouched. */
  benchmarkOptions: Record<string, unknown>;
}

export { ConfigError };

function int(name: string, v: unknown, min: number): number {
  const x = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(x) || x < min) throw new ConfigError(`${name} must be an integer ≥ ${min} (got "${String(v)}")`);
  return x;
}

function num(name: string, v: unknown, min: number, max: number): number {
  const x = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(x) || x < min || x > max) throw new ConfigError(`${name} must be a number in [${min}, ${max}] (got "${String(v)}")`);
  return x;
}

/**
 * A benchmark that cannot open — bad options, a missing or malformed data layout, an unknown Hub
 * repo, revision or file — is misconfigured (exit 2); a Hub that cannot be reached is not.
 */
export function openError(err: unknown): unknown {
  if (err instanceof ConfigError) return err;
  if (err instanceof HubError && (err.kind === 'network' || err.kind === 'protocol')) return err;
  return new ConfigError(err instanceof Error ? err.message : String(err), { cause: err });
}

/** `--max-error-rate`: a fraction (0.05) or a percentage (5%), in [0, 1]. */
export function parseMaxErrorRate(v: unknown): number {
  if (v === undefined || v === null || v === '') return DEFAULT_MAX_ERROR_RATE;
  const s = String(v).trim();
  const pct = s.endsWith('%');
  const x = Number(pct ? s.slice(0, -1) : s) / (pct ? 100 : 1);
  if (s === '' || s === '%' || !Number.isFinite(x) || x < 0 || x > 1) {
    throw new ConfigError(`--max-error-rate must be a fraction in [0, 1] or a percentage, e.g. 0.05 or 5% (got "${s}")`);
  }
  return x;
}

export function parseShard(s: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  if (!m) throw new ConfigError(`--shard must look like i/n with 0 ≤ i < n, e.g. 0/4 (got "${s}")`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new ConfigError(`--shard ${s}: need 0 ≤ i < n`);
  return { index, count };
}

export function parseKs(s: string | undefined, n: number): number[] {
  if (s === undefined) return n > 1 ? [1, n] : [1];
  const ks = s.split(',').map((x) => int('--k', x.trim(), 1));
  return [...new Set(ks)].sort((a, b) => a - b);
}

const CORE_KEYS = new Set([
  'model', 'baseUrl', 'apiKeyEnv', 'samples', 'k', 'temperature', 'topP', 'maxTokens', 'seed', 'concurrency',
  'maxConcurrency', 'timeout', 'maxRetries', 'useN', 'limit', 'data', 'split', 'hubRepo', 'hubRevision', 'out',
  'resultsDir', 'resume', 'retryErrors', 'shard', 'quiet', 'logMessages', 'preflight', 'maxErrorRate',
  'resultsDir', 'resume', 'retryErrors', 'shard', 'quiet', 'logMessages', 'preset',
]);

/** `given` are the flags as parsed; a `preset` fills those left undefined (see presets.ts). */
export function buildRunConfig(benchmarks: string[], given: Record<string, unknown>): RunConfig {
  let o: Record<string, unknown>;
  try {
    o = applyPreset(given);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  if (typeof o.model !== 'string' || o.model === '') throw new ConfigError('--model is required (openai:<model>, oracle, or replay:<file.jsonl>)');
  const n = int('-n/--samples', o.samples ?? 1, 1);
  const sampling: SamplingParams = {
    // Greedy for a single sample; sampling for n > 1 (pass@k over identical greedy outputs would be meaningless).
    temperature: num('--temperature', o.temperature ?? (n > 1 ? 1 : 0), 0, 2),
  };
  if (o.topP !== undefined) sampling.top_p = num('--top-p', o.topP, 0, 1);
  if (o.maxTokens !== undefined) sampling.max_tokens = int('--max-tokens', o.maxTokens, 1);
  if (o.seed !== undefined) sampling.seed = int('--seed', o.seed, 0);
  const concurrency = o.concurrency === 'auto' ? 'auto' : int('--concurrency', o.concurrency ?? 32, 1);
  const useNRaw = String(o.useN ?? 'auto');
  if (!['auto', 'on', 'off'].includes(useNRaw)) throw new ConfigError('--use-n must be auto, on or off');
  const baseUrl = typeof o.baseUrl === 'string' ? o.baseUrl : process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
  if (typeof o.data === 'string' && !existsSync(o.data)) throw new ConfigError(`--data ${o.data}: no such file or folder`);
  const benchmarkOptions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!CORE_KEYS.has(k)) benchmarkOptions[k] = v;
  return {
    benchmarks,
    model: o.model,
    baseUrls: baseUrl.split(',').map((s) => s.trim()).filter(Boolean),
    apiKeyEnv: typeof o.apiKeyEnv === 'string' ? o.apiKeyEnv : 'OPENAI_API_KEY',
    n,
    ks: parseKs(o.k as string | undefined, n),
    sampling,
    concurrency,
    maxConcurrency: int('--max-concurrency', o.maxConcurrency ?? 256, 1),
    timeoutMs: Math.round(num('--timeout', o.timeout ?? 600, 0.001, 86400) * 1000),
    maxRetries: int('--max-retries', o.maxRetries ?? 5, 0),
    useN: useNRaw === 'auto' ? 'auto' : useNRaw === 'on',
    limit: o.limit === undefined ? null : int('--limit', o.limit, 1),
    data: o.data as string | undefined,
    split: o.split as string | undefined,
    hubRepo: o.hubRepo as string | undefined,
    hubRevision: o.hubRevision as string | undefined,
    out: o.out as string | undefined,
    resultsDir: typeof o.resultsDir === 'string' ? o.resultsDir : 'results',
    resume: Boolean(o.resume),
    retryErrors: o.retryErrors !== false,
    shard: typeof o.shard === 'string' ? parseShard(o.shard) : null,
    quiet: Boolean(o.quiet),
    logMessages: Boolean(o.logMessages),
    preflight: o.preflight !== false,
    maxErrorRate: parseMaxErrorRate(o.maxErrorRate),
    preset: typeof o.preset === 'string' ? o.preset : null,
    benchmarkOptions,
  };
}

/** Problems of this run: the first `limit` of the dataset, then every count-th from index. */
export function selectSamples<T>(samples: readonly T[], limit: number | null, shard: RunConfig['shard']): T[] {
  const limited = limit === null ? samples : samples.slice(0, limit);
  return shard ? limited.filter((_, i) => i % shard.count === shard.index) : [...limited];
}
