// `agenteval rescore <run>` and `agenteval rejudge <run> --judge …`: score a finished run again
// (new scorer settings, a fixed scorer, another LLM judge) into a new run folder, without any
// request to the model under test. Only benchmark options given on THIS command line override the
// run's own (commander reports where each value came from), so defaults never undo a setting.
import { Command, Option } from 'commander';
import { judgeSlug } from '../judge/options.js';
import { benchmarkEntries } from '../registry.js';
import type { RescoreOutcome } from '../run/rescore.js';
import { ConfigError, parseMaxErrorRate } from '../run/options.js';
import { summaryHealth } from '../summary/health.js';
import { codeFor, exitWith, healthCode } from './exit.js';

const OWN = new Set(['--out', '--concurrency', '--results-dir', '--quiet', '--preflight', '--max-error-rate']);

/** Every benchmark's options (each flag once); returns their attribute names. */
function addBenchmarkOptions(cmd: Command): string[] {
  const names: string[] = [];
  const seen = new Set<string>(OWN);
  for (const b of benchmarkEntries()) {
    for (const o of b.options) {
      const long = /--[a-z0-9-]+/.exec(o.flags)?.[0] ?? o.flags;
      if (seen.has(long)) continue;
      seen.add(long);
      const opt = new Option(o.flags, `[${b.name}] ${o.description}`);
      if (o.choices) opt.choices(o.choices);
      // No defaults here: only what the user types may override the run's settings.
      cmd.addOption(opt);
      names.push(opt.attributeName());
    }
  }
  return names;
}

function given(cmd: Command, names: readonly string[]): Record<string, unknown> {
  const opts = cmd.opts<Record<string, unknown>>();
  const out: Record<string, unknown> = {};
  for (const n of names) if (cmd.getOptionValueSource(n) === 'cli') out[n] = opts[n];
  return out;
}

async function report(o: RescoreOutcome, quiet: boolean): Promise<void> {
  const [{ renderTabular }, { summaryTable }] = await Promise.all([import('../report/render.js'), import('../report/summary-table.js')]);
  process.stdout.write(`\nrescored ${o.rescored} sample(s), copied ${o.copied} without output → ${o.dir}\n`);
  if (!quiet) process.stdout.write(`${renderTabular(summaryTable(o.summary), 'table')}\n`);
  if (o.errors > 0) process.stderr.write(`${o.errors} sample(s) are error records: ${Object.keys(o.summary.counts.error_reasons).slice(0, 3).join(' | ')}\n`);
}

async function run(runDir: string, cmd: Command, names: readonly string[], suffix: (overrides: Record<string, unknown>) => string, required?: string): Promise<never> {
  const o = cmd.opts<{ out?: string; concurrency?: string; resultsDir?: string; quiet?: boolean; preflight?: boolean; maxErrorRate?: string }>();
  let outcome: RescoreOutcome;
  let rate = 0;
  try {
    rate = parseMaxErrorRate(o.maxErrorRate);
    const overrides = given(cmd, names);
    if (required && overrides[required] === undefined) throw new ConfigError(`${cmd.name()} needs --${required.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    const concurrency = o.concurrency === undefined ? 8 : Number(o.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new ConfigError(`--concurrency must be an integer ≥ 1 (got "${o.concurrency}")`);
    // The run's benchmark is named in its manifest, which rescoreRun reads: every benchmark is loaded.
    const [{ rescoreRun }, { getBenchmark }] = await Promise.all([import('../run/rescore.js'), import('../all-benchmarks.js')]);
    outcome = await rescoreRun(
      {
        run: runDir,
        ...(o.out ? { out: o.out } : {}),
        suffix: suffix(overrides),
        overrides,
        concurrency,
        ...(o.resultsDir ? { resultsDir: o.resultsDir } : {}),
        preflight: o.preflight !== false,
        log: (m) => process.stderr.write(`${m}\n`),
      },
      getBenchmark,
    );
  } catch (err) {
    exitWith(codeFor(err), err);
  }
  await report(outcome, Boolean(o.quiet));
  const health = summaryHealth(outcome.summary, rate);
  if (health.status !== 'ok') process.stderr.write(`agenteval: ${cmd.name()} ${health.status === 'failed' ? 'FAILED' : 'partial'}: ${health.message}\n`);
  exitWith(healthCode(health.status));
}

function common(cmd: Command): Command {
  return cmd
    .argument('<run>', 'a finished run folder (never modified)')
    .option('--out <dir>', 'the new run folder (must not hold a run)')
    .option('--concurrency <N>', 'samples scored at once (default 8)')
    .option('--results-dir <dir>', "results root whose cache/ is used (default: the run's own)")
    .option('--no-preflight', 'skip the check of the judge endpoint (key, model, reachable) before any sample')
    .option('--max-error-rate <rate>', 'unscored share above which the result counts as failed (exit 4), e.g. 0.05 or 5%', '0.05')
    .option('--quiet', 'no summary table');
}

export function registerRescore(program: Command): void {
  const rescore = common(
    program
      .command('rescore')
      .description('score a finished run again into a new run folder (no model requests): benchmark options given here override the run\'s'),
  );
  const rescoreNames = addBenchmarkOptions(rescore);
  rescore.addHelpText('after', '\nExample:\n  agenteval rescore results/runs/<run> --ex-mode spider --out results/runs/<run>-spider-ex');
  rescore.action(async (runDir: string, _o: unknown, cmd: Command) => {
    await run(runDir, cmd, rescoreNames, () => 'rescored');
  });

  const rejudge = common(
    program
      .command('rejudge')
      .description('re-grade a finished run with another LLM judge into a new run folder (default <run>-rejudged-<judge>); verdicts are cached'),
  );
  const rejudgeNames = addBenchmarkOptions(rejudge);
  rejudge.addHelpText('after', '\nExample:\n  agenteval rejudge results/runs/<run> --judge openai:gpt-4.1 --judge-base-url https://api.openai.com/v1');
  rejudge.action(async (runDir: string, _o: unknown, cmd: Command) => {
    await run(runDir, cmd, rejudgeNames, (ov) => `rejudged-${judgeSlug(String(ov.judge ?? 'judge'))}`, 'judge');
  });
}
