// A suite's benchmark `options:` → the option object `agenteval run` would hand the benchmark
// (camelCased keys, values as commander gives them), plus the suite's judge for benchmarks that
// take `--judge`.
import { ConfigError } from '../run/options.js';
import type { Benchmark } from '../types.js';
import type { Scalar, SuiteJudge } from './schema.js';

interface OptionShape {
  /** The key commander would use (`exMode`; `evidence` for `--no-evidence`). */
  camel: string;
  takesValue: boolean;
  /** Given as `no-x`: true means x = false. */
  negated: boolean;
  choices?: string[];
}

const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Every spelling a suite may use for each option: `ex-mode`, `ex_mode`, `exMode`; `no-evidence` and `evidence`. */
export function benchmarkOptionNames(b: Benchmark): Map<string, OptionShape> {
  const out = new Map<string, OptionShape>();
  for (const o of b.options ?? []) {
    const long = /--([a-z0-9][a-z0-9-]*)/.exec(o.flags)?.[1];
    if (!long) continue;
    const takesValue = /[<[]/.test(o.flags);
    const negated = long.startsWith('no-') && !takesValue;
    const base = negated ? long.slice(3) : long;
    const shape: OptionShape = { camel: camel(base), takesValue, negated, ...(o.choices ? { choices: o.choices } : {}) };
    for (const k of [long, long.replace(/-/g, '_'), camel(long)]) out.set(k, shape);
    if (negated) for (const k of [base, base.replace(/-/g, '_'), camel(base)]) out.set(k, { ...shape, negated: false });
  }
  return out;
}

export function takesJudge(b: Benchmark): boolean {
  return (b.options ?? []).some((o) => /--([a-z0-9-]+)/.exec(o.flags)?.[1] === 'judge');
}

function judgeOptions(j: SuiteJudge): Record<string, unknown> {
  const out: Record<string, unknown> = { judge: j.spec };
  const map: Array<[keyof SuiteJudge, string]> = [
    ['base_url', 'judgeBaseUrl'],
    ['api_key_env', 'judgeApiKeyEnv'],
    ['temperature', 'judgeTemperature'],
    ['max_length', 'judgeMaxLength'],
    ['timeout', 'judgeTimeout'],
    ['max_retries', 'judgeMaxRetries'],
    ['format_retries', 'judgeFormatRetries'],
    ['concurrency', 'judgeConcurrency'],
  ];
  for (const [from, to] of map) if (j[from] !== undefined) out[to] = String(j[from]);
  return out;
}

/**
 * Options for one benchmark. Values that take an argument become strings, exactly as commander
 * would pass them on the command line, so a benchmark sees the same input from a suite and from
 * `agenteval run`; switches stay booleans. Explicit benchmark options win over the suite judge.
 */
export function benchmarkOptionValues(b: Benchmark, options: Record<string, Scalar>, judge: SuiteJudge | undefined): Record<string, unknown> {
  const shapes = benchmarkOptionNames(b);
  const out: Record<string, unknown> = judge && takesJudge(b) ? judgeOptions(judge) : {};
  for (const [key, value] of Object.entries(options)) {
    const shape = shapes.get(key);
    if (!shape) throw new ConfigError(`benchmark ${b.name} has no option "${key}"`);
    if (value === null) continue;
    if (shape.takesValue) {
      if (typeof value === 'boolean') throw new ConfigError(`${b.name} option "${key}" takes a value, not ${String(value)}`);
      if (shape.choices && !shape.choices.includes(String(value))) {
        throw new ConfigError(`${b.name} option "${key}" must be one of ${shape.choices.join(', ')} (got "${String(value)}")`);
      }
      out[shape.camel] = String(value);
    } else {
      if (typeof value !== 'boolean') throw new ConfigError(`${b.name} option "${key}" is a switch: use true or false`);
      out[shape.camel] = shape.negated ? !value : value;
    }
  }
  return out;
}
