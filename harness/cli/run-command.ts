// `agenteval run`. Defining the command (and its --help) loads only light modules: the run engine,
// the HTTP client and each benchmark's family module are imported when the action runs, and only
// for the benchmarks named.
import { Command, Option } from 'commander';
import { benchmarkEntries, benchmarkNames, loadBenchmark } from '../registry.js';
import { ConfigError } from '../errors.js';
import { buildRunConfig } from '../run/options.js';
import { PRESETS, presetNames } from '../run/presets.js';
import type { RunOutcome } from '../run/execute.js';
import type { Benchmark } from '../types.js';
import { EXIT, codeFor, exitCodeHelp, exitWith, healthCode, interruptible, worstCode } from './exit.js';

/**
 * Benchmark options are added to `run`. A flag several benchmarks share (e.g. --max-turns)
 * appears once; commander applies no default, so each benchmark applies its own.
 */
function addBenchmarkOptions(cmd: Command): void {
  const merged = new Map<string, { flags: string; parts: string[]; choices?: string[] }>();
  for (const b of benchmarkEntries()) {
    for (const o of b.options) {
      const long = /--[a-z0-9-]+/.exec(o.flags)?.[0] ?? o.flags;
      const text = `[${b.name}] ${o.description}${o.default !== undefined && typeof o.default !== 'boolean' ? ` (default ${String(o.default)})` : ''}`;
      const entry = merged.get(long);
      if (!entry) merged.set(long, { flags: o.flags, parts: [text], ...(o.choices ? { choices: o.choices } : {}) });
      else if (entry.choices && !o.choices) delete entry.choices; // a shared flag another benchmark reads differently: each validates its own
      else if (!entry.parts.some((p) => p.slice(p.indexOf(']') + 1) === text.slice(text.indexOf(']') + 1))) entry.parts.push(text);
      else entry.parts = entry.parts.map((p) => (p.slice(p.indexOf(']') + 1) === text.slice(text.indexOf(']') + 1) ? p.replace(/^\[([^\]]+)\]/, `[$1,${b.name}]`) : p));
    }
  }
  for (const e of merged.values()) {
    const opt = new Option(e.flags, e.parts.join(' · '));
    if (e.choices) opt.choices(e.choices);
    cmd.addOption(opt);
  }
}

function describePreset(name: string): string {
  const flag = (k: string) => (k === 'samples' ? '-n' : `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  return Object.entries(PRESETS[name]?.values ?? {}).map(([k, v]) => `${flag(k)} ${String(v)}`).join(' ');
}

export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description('run benchmarks against a model and write one run folder per benchmark')
    .argument('<benchmark...>', 'benchmark names (see `agenteval list`)')
    .requiredOption('--model <spec>', 'openai:<model> (any OpenAI-compatible endpoint) | oracle (reference answers: a scorer self-check) | replay:<file.jsonl> (score outputs produced elsewhere)')
    .option('--base-url <urls>', 'endpoint base URL(s), comma-separated replicas (least-loaded dispatch); default $OPENAI_BASE_URL or https://api.openai.com/v1')
    .option('--api-key-env <NAME>', 'environment variable holding the API key (its value is never written anywhere)', 'OPENAI_API_KEY')
    .option('-n, --samples <N>', 'samples per problem', '1')
    .option('--k <list>', 'pass@k values to report, e.g. 1,4,16 (default: 1 and n)')
    .option('--temperature <t>', 'sampling temperature (default 0 for n=1, 1.0 for n>1)')
    .option('--top-p <p>', 'nucleus sampling')
    .option('--max-tokens <N>', 'max completion tokens per model call')
    .option('--seed <N>', 'sampling seed sent to the endpoint')
    .option('--concurrency <C>', 'requests in flight, or "auto" (adaptive AIMD: backs off on 429/timeouts)', '32')
    .option('--max-concurrency <C>', 'ceiling for --concurrency auto', '256')
    .option('--timeout <seconds>', 'deadline per request attempt', '600')
    .option('--max-retries <N>', 'retries on 429/5xx/timeouts/connection errors (exponential backoff, honours Retry-After)', '5')
    .option('--use-n <mode>', 'ask for n samples in one request: auto | on | off', 'auto')
    .option('--limit <L>', 'first L problems only')
    .option('--data <path>', 'a local copy of the benchmark in its official layout (default: bundled sample data)')
    .option('--split <name>', 'which questions file / split to use')
    .option('--hub-repo <owner/name>', 'load the dataset from the Hugging Face Hub (honours HF_TOKEN, HF_ENDPOINT, HF_HOME)')
    .option('--hub-revision <sha>', 'pinned Hub revision (a commit sha; branch names are not reproducible)')
    .option('--out <dir>', 'run folder (a parent folder when several benchmarks run); an existing run folder is resumed')
    .option('--results-dir <dir>', 'output root for new runs', 'results')
    .option('--resume', 'resume the newest matching run (or --out): finished samples are never requested again')
    .option('--no-retry-errors', 'on resume, keep error records instead of retrying them')
    .option('--shard <i/n>', 'run the i-th of n shards (0-based); join shards with `agenteval merge`')
    .option('--log-messages', 'store full request messages of single-shot samples (default: their sha256)')
    .option('--no-preflight', 'skip the endpoint check before any sample (key accepted, model served, endpoint reachable)')
    .option('--max-error-rate <rate>', 'unscored share (error records, missing samples, dropped data rows) above which the run failed (exit 4), e.g. 0.05 or 5%', '0.05')
    .option('--quiet', 'no progress display')

    .option('--preset <name>', `a paper's protocol: fills the options you leave unset (${presetNames().map((n) => `${n}: ${describePreset(n)}`).join('; ')})`);
  addBenchmarkOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  agenteval run spider bird --model oracle
  agenteval run spider --model openai:qwen3-8b --base-url http://gpu1:8000/v1,http://gpu2:8000/v1 -n 8 --k 1,4,8
  agenteval run bird --model replay:predictions.jsonl --data ~/data/bird/dev
  agenteval run spider --mode mtir --model openai:mtir-sql-4b --max-turns 6
  agenteval run aime24 aime25 amc23 math500 minerva olympiadbench --preset rlvr-math \\
      --model openai:Qwen3-4B --base-url http://localhost:8000/v1

Replay files hold one JSON object per line: {"id": <problem id>, "sample": <index, optional>, "output": <text>}.

${exitCodeHelp()}`,
  );
  cmd.action(async (names: string[], opts: Record<string, unknown>) => {
    let config;
    try {
      for (const name of names) {
        if (!benchmarkNames().includes(name)) throw new ConfigError(`unknown benchmark "${name}" (known: ${benchmarkNames().join(', ')})`);
      }
      // A preset fills what the user left unset: commander's own defaults (e.g. -n 1) do not count as set.
      const given = { ...opts };
      if (typeof given.preset === 'string') {
        for (const key of Object.keys(PRESETS[given.preset]?.values ?? {})) if (cmd.getOptionValueSource(key) === 'default') delete given[key];
      }
      config = buildRunConfig(names, given);
    } catch (err) {
      exitWith(EXIT.usage, err);
    }
    const { signal, interrupted } = interruptible('resume with --resume');
    const log = (msg: string) => process.stderr.write(`${msg}\n`);
    const outcomes: RunOutcome[] = [];
    try {
      const { runBenchmark } = await import('../run/execute.js');
      const chosen: Benchmark[] = [];
      for (const name of names) chosen.push((await loadBenchmark(name))!);
      for (const [i, name] of names.entries()) {
        if (signal.aborted) break;
        const outcome = await runBenchmark(chosen[i]!, config, log, signal);
        outcomes.push(outcome);
        // The table modules (cli-table3, csv-stringify) are wanted only now, once the run is over.
        const [{ renderTabular }, { summaryTable }] = await Promise.all([import('../report/render.js'), import('../report/summary-table.js')]);
        process.stdout.write(`\n${name} · ${config.model} → ${outcome.dir}\n`);
        process.stdout.write(`${renderTabular(summaryTable(outcome.summary), 'table')}\n`);
        if (outcome.summary.counts.errors) {
          log(`${outcome.summary.counts.errors} sample(s) ended as error records: ${Object.keys(outcome.summary.counts.error_reasons).slice(0, 3).join(' | ')}`);
        }
        if (outcome.health.status !== 'ok' && !outcome.aborted) log(`${name}: ${outcome.health.status === 'failed' ? 'FAILED' : 'partial'}: ${outcome.health.message}`);
      }
    } catch (err) {
      exitWith(codeFor(err), err);
    }
    if (interrupted()) exitWith(EXIT.interrupted);
    exitWith(worstCode(outcomes.map((o) => healthCode(o.health.status))));
  });
}
