// The `--judge …` command-line options shared by benchmarks with an LLM judge, and their parsing
// into a JudgeConfig. The judge has its own endpoint and key, separate from the model under test.
// Option names avoid "key"/"token" except `--judge-api-key-env` (an env var *name*), because the
// manifest redacts config fields named like secrets.
import type { BenchmarkOption, EndpointRef } from '../types.js';
import { ConfigError } from '../run/options.js';
import type { JudgeConfig } from './types.js';

export const JUDGE_DEFAULTS = {
  apiKeyEnv: 'OPENAI_API_KEY',
  temperature: 0,
  timeoutSec: 300,
  maxRetries: 5,
  formatRetries: 2,
  concurrency: 8,
};

/** Flags without commander defaults: a default would hide whether the user set it (rescore needs to know). */
export const JUDGE_OPTIONS: BenchmarkOption[] = [
  { flags: '--judge <spec>', description: 'LLM judge: openai:<model> on its own endpoint (--judge-base-url), or none' },
  { flags: '--judge-base-url <urls>', description: 'judge endpoint base URL(s), comma-separated; default $OPENAI_BASE_URL or https://api.openai.com/v1' },
  { flags: '--judge-api-key-env <NAME>', description: `environment variable holding the judge's API key (default ${JUDGE_DEFAULTS.apiKeyEnv})` },
  { flags: '--judge-temperature <t>', description: `judge sampling temperature (default ${JUDGE_DEFAULTS.temperature})` },
  { flags: '--judge-max-length <N>', description: 'judge max completion tokens (default: the endpoint\'s)' },
  { flags: '--judge-timeout <seconds>', description: `deadline per judge request (default ${JUDGE_DEFAULTS.timeoutSec})` },
  { flags: '--judge-max-retries <N>', description: `judge retries on 429/5xx/timeouts (default ${JUDGE_DEFAULTS.maxRetries})` },
  { flags: '--judge-format-retries <N>', description: `judge re-asks when its output is not valid JSON for the schema (default ${JUDGE_DEFAULTS.formatRetries})` },
  { flags: '--judge-concurrency <N>', description: `judge requests in flight (default ${JUDGE_DEFAULTS.concurrency})` },
];

function num(raw: unknown, flag: string, fallback: number, check: (n: number) => boolean, what: string): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isFinite(n) || !check(n)) throw new ConfigError(`${flag}: expected ${what}, got "${String(raw)}"`);
  return n;
}

const int = (min: number) => (n: number) => Number.isInteger(n) && n >= min;

/**
 * `options` as commander gives them (camelCased). Returns null for `--judge none`, throws a
 * ConfigError when `--judge` is missing and `required`.
 */
export function parseJudgeOptions(options: Record<string, unknown>, cacheDir: string | null, required = true): JudgeConfig | null {
  const spec = typeof options.judge === 'string' ? options.judge.trim() : '';
  if (spec === 'none') return null;
  if (spec === '') {
    if (!required) return null;
    throw new ConfigError('this benchmark needs an LLM judge: --judge openai:<model> [--judge-base-url URL] (or --judge none to skip judged metrics)');
  }
  const m = /^openai:(.+)$/.exec(spec);
  if (!m) throw new ConfigError(`--judge must be openai:<model> or none (got "${spec}")`);
  const base = typeof options.judgeBaseUrl === 'string' && options.judgeBaseUrl.trim() !== ''
    ? options.judgeBaseUrl
    : process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
  const baseUrls = base.split(',').map((s) => s.trim()).filter(Boolean);
  const config: JudgeConfig = {
    spec,
    model: m[1]!,
    baseUrls,
    apiKeyEnv: typeof options.judgeApiKeyEnv === 'string' && options.judgeApiKeyEnv !== '' ? options.judgeApiKeyEnv : JUDGE_DEFAULTS.apiKeyEnv,
    temperature: num(options.judgeTemperature, '--judge-temperature', JUDGE_DEFAULTS.temperature, (n) => n >= 0 && n <= 2, 'a number in [0, 2]'),
    timeoutMs: Math.round(num(options.judgeTimeout, '--judge-timeout', JUDGE_DEFAULTS.timeoutSec, (n) => n > 0, 'seconds > 0') * 1000),
    maxRetries: num(options.judgeMaxRetries, '--judge-max-retries', JUDGE_DEFAULTS.maxRetries, int(0), 'an integer ≥ 0'),
    formatRetries: num(options.judgeFormatRetries, '--judge-format-retries', JUDGE_DEFAULTS.formatRetries, int(0), 'an integer ≥ 0'),
    concurrency: num(options.judgeConcurrency, '--judge-concurrency', JUDGE_DEFAULTS.concurrency, int(1), 'an integer ≥ 1'),
    cacheDir,
  };
  if (options.judgeMaxLength !== undefined && options.judgeMaxLength !== null && options.judgeMaxLength !== '') {
    config.maxTokens = num(options.judgeMaxLength, '--judge-max-length', 0, int(1), 'an integer ≥ 1');
  }
  return config;
}

/** A file-name-safe label of a judge spec, e.g. `openai:gpt-4.1` → `gpt-4.1`. */
export function judgeSlug(spec: string): string {
  return spec.replace(/^openai:/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'judge';
}

/** The judge's endpoint, for the preflight before any sample. */
export function judgeEndpoint(config: JudgeConfig): EndpointRef {
  return { role: 'judge', model: config.model, baseUrls: config.baseUrls, apiKeyEnv: config.apiKeyEnv, keyFlag: '--judge-api-key-env' };
}
