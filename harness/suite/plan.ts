// A validated suite → the matrix of cells, each with the RunConfig `agenteval run` would build
// for it, and the folder it writes: `<out>/<model name>/<benchmark label>`.
import { join, resolve } from 'node:path';
import { buildRunConfig, ConfigError, type RunConfig } from '../run/options.js';
import type { Benchmark } from '../types.js';
import { benchmarkOptionValues } from './options.js';
import type { Suite, SuiteBenchmark, SuiteModel } from './schema.js';

export interface SuiteCell {
  model: SuiteModel;
  entry: SuiteBenchmark;
  benchmark: Benchmark;
  /** Folder name of the benchmark (its label, default its name). */
  label: string;
  /** The endpoint whose budget this cell draws on (null for oracle/replay models). */
  endpoint: string | null;
  /** `<model>/<label>`, relative to the suite's out folder. */
  rel: string;
  dir: string;
  config: RunConfig;
}

/** UTC date as YYYY-MM-DD. */
export function utcDate(d = new Date()): string {
  return d.toISOString().slice(0, 10);
}

export function resolveSuiteOut(suite: Suite, date: string, override?: string): string {
  const pattern = override ?? suite.out ?? join(suite.results_dir ?? 'results', 'suites', '{name}', '{date}');
  return resolve(pattern.replace(/\{date\}/g, date).replace(/\{name\}/g, suite.name));
}

function baseUrlOf(v: string | string[]): string {
  return Array.isArray(v) ? v.join(',') : v;
}

export interface PlanOptions {
  resultsDir?: string;
  /** `--no-preflight`: false. */
  preflight?: boolean;
  /** `--max-error-rate` (default 5%). */
  maxErrorRate?: number;
}

export function planSuite(suite: Suite, out: string, lookup: (name: string) => Benchmark | undefined, opts: PlanOptions = {}): SuiteCell[] {
  const cells: SuiteCell[] = [];
  const resultsDir = opts.resultsDir ?? suite.results_dir ?? 'results';
  for (const model of suite.models) {
    const ep = model.endpoint !== undefined ? suite.endpoints?.[model.endpoint] : undefined;
    if (model.endpoint !== undefined && !ep) throw new ConfigError(`model ${model.name}: endpoint "${model.endpoint}" is not defined`);
    for (const entry of suite.benchmarks) {
      const benchmark = lookup(entry.name);
      if (!benchmark) throw new ConfigError(`unknown benchmark "${entry.name}"`);
      const label = entry.label ?? entry.name;
      const rel = join(model.name, label);
      const dir = join(out, rel);
      const s = model.sampling ?? {};
      const flags: Record<string, unknown> = {
        ...benchmarkOptionValues(benchmark, entry.options ?? {}, suite.judge),
        model: model.spec,
        // Unset values stay undefined so a preset can fill them (buildRunConfig's defaults apply otherwise).
        ...(model.n !== undefined ? { samples: model.n } : {}),
        ...(model.preset !== undefined ? { preset: model.preset } : {}),
        ...(model.k ? { k: model.k.join(',') } : {}),
        ...(s.temperature !== undefined ? { temperature: s.temperature } : {}),
        ...(s.top_p !== undefined ? { topP: s.top_p } : {}),
        ...(s.max_tokens !== undefined ? { maxTokens: s.max_tokens } : {}),
        ...(s.seed !== undefined ? { seed: s.seed } : {}),
        ...(entry.limit !== undefined ? { limit: entry.limit } : {}),
        ...(entry.data !== undefined ? { data: entry.data } : {}),
        ...(entry.split !== undefined ? { split: entry.split } : {}),
        ...(entry.hub_repo !== undefined ? { hubRepo: entry.hub_repo } : {}),
        ...(entry.hub_revision !== undefined ? { hubRevision: entry.hub_revision } : {}),
        out: dir,
        resultsDir,
        // Cells run side by side: one progress bar each would garble a terminal; piped (CI), each
        // cell prints its own plain progress lines, labelled with benchmark and model.
        quiet: process.stderr.isTTY === true,
        preflight: opts.preflight !== false,
        ...(opts.maxErrorRate !== undefined ? { maxErrorRate: opts.maxErrorRate } : {}),
      };
      if (ep) {
        Object.assign(flags, {
          baseUrl: baseUrlOf(ep.base_url),
          apiKeyEnv: ep.api_key_env ?? 'OPENAI_API_KEY',
          // The runner may keep the whole budget busy; the endpoint gate shares it between cells.
          concurrency: ep.concurrency ?? 32,
          ...(ep.max_concurrency !== undefined ? { maxConcurrency: ep.max_concurrency } : {}),
          ...(ep.timeout !== undefined ? { timeout: ep.timeout } : {}),
          ...(ep.max_retries !== undefined ? { maxRetries: ep.max_retries } : {}),
          ...(ep.use_n !== undefined ? { useN: ep.use_n } : {}),
        });
      }
      let config: RunConfig;
      try {
        config = buildRunConfig([benchmark.name], flags);
      } catch (err) {
        throw new ConfigError(`${model.name} × ${label}: ${err instanceof Error ? err.message : String(err)}`);
      }
      cells.push({ model, entry, benchmark, label, endpoint: ep ? model.endpoint! : null, rel, dir, config });
    }
  }
  return cells;
}
