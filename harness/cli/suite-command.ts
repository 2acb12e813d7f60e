// `agenteval suite <suite.yaml>`: the nightly matrix of models × benchmarks in one command.
// The suite engine, YAML and the benchmarks are imported when the command runs.
import type { Command } from 'commander';
import { ConfigError, parseMaxErrorRate } from '../run/options.js';
import type { Tabular } from '../report/render.js';
import type { SuiteOutcome } from '../suite/run.js';
import { EXIT, codeFor, exitCodeHelp, exitWith, interruptible } from './exit.js';

interface SuiteFlags {
  date?: string;
  out?: string;
  history?: string | boolean;
  resultsDir?: string;
  parallel?: string;
  dryRun?: boolean;
  preflight?: boolean;
  maxErrorRate?: string;
}

function outcomeTable(o: SuiteOutcome): Tabular {
  return {
    headers: ['model', 'benchmark', 'status', 'primary metrics', 'errors', 'run'],
    rows: o.cells.map((c) => [
      c.model,
      c.benchmark,
      c.status === 'failed' ? `failed: ${(c.error ?? '').slice(0, 80)}` : c.status,
      Object.entries(c.primary ?? {}).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '),
      c.errors === undefined ? '' : String(c.errors),
      c.abs,
    ]),
    // Fit 120 columns: model names stay whole; long statuses, metrics and paths are cut (paths keep their end).
    hints: { min: [undefined, 12, 16, 16, undefined, 24], keepEnd: [false, false, false, false, false, true] },
  };
}

export function registerSuite(program: Command): void {
  program
    .command('suite')
    .description('run a suite file: every model × benchmark, one shared concurrency budget per endpoint, resumable')
    .argument('<suite>', 'suite file (YAML); see examples/suite.yaml')
    .option('--date <YYYY-MM-DD>', 'the {date} in the out folder (default: today, UTC); pass an earlier date to resume that night')
    .option('--out <dir>', 'out folder pattern, overriding the suite\'s `out` ({date} and {name} are filled in)')
    .option('--history <path>', 'history database to index the runs into (default: the suite\'s `history`, else <results_dir>/history.sqlite)')
    .option('--no-history', 'do not index the runs into a history database')
    .option('--results-dir <dir>', 'results root for caches and the default history (default: the suite\'s results_dir, else results)')
    .option('--parallel <N>', 'matrix cells run at once (default: all; each endpoint\'s budget still caps its requests)')
    .option('--dry-run', 'validate the suite and print the matrix without running it')
    .option('--no-preflight', 'skip the check of every model and judge endpoint (key, model, reachable) before any cell starts')
    .option('--max-error-rate <rate>', 'unscored share above which a cell failed (exit 4), e.g. 0.05 or 5%', '0.05')
    .addHelpText(
      'after',
      `
The suite exits with the most severe code of its cells (a failing cell does not stop the others);
a preflight failure stops it before any cell starts. Re-run the suite to resume.

${exitCodeHelp()}

Example:
  agenteval suite examples/suite.yaml
  agenteval history --benchmark spider --metric ex`,
    )
    .action(async (file: string, o: SuiteFlags) => {
      const [{ getBenchmark }, { renderTabular }, { loadSuiteFile }, { planSuite, resolveSuiteOut, utcDate }, { runSuite }] = await Promise.all([
        import('../all-benchmarks.js'),
        import('../report/render.js'),
        import('../suite/load.js'),
        import('../suite/plan.js'),
        import('../suite/run.js'),
      ]);
      let suite;
      let parallel: number | undefined;
      let maxErrorRate = 0;
      try {
        maxErrorRate = parseMaxErrorRate(o.maxErrorRate);
        suite = loadSuiteFile(file, getBenchmark);
        if (o.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.date)) throw new ConfigError(`--date must be YYYY-MM-DD (got "${o.date}")`);
        if (o.parallel !== undefined) {
          parallel = Number(o.parallel);
          if (!Number.isInteger(parallel) || parallel < 1) throw new ConfigError(`--parallel must be an integer ≥ 1 (got "${o.parallel}")`);
        }
        if (o.dryRun) {
          const out = resolveSuiteOut(suite, o.date ?? utcDate(), o.out);
          const cells = planSuite(suite, out, getBenchmark, o.resultsDir ? { resultsDir: o.resultsDir } : {});
          const rows = cells.map((c) => [c.model.name, c.label, c.config.model, c.endpoint ?? '', `n=${c.config.n} T=${c.config.sampling.temperature}`, c.dir]);
          // The plan's run folders are what a user copies: those and the model names stay whole.
          const hints = { min: [undefined, 10, 12, 8, 9, undefined] };
          process.stdout.write(`${renderTabular({ headers: ['model', 'benchmark', 'spec', 'endpoint', 'sampling', 'run'], rows, hints }, 'table')}\n`);
          exitWith(EXIT.ok);
        }
      } catch (err) {
        exitWith(EXIT.usage, err);
      }
      const { signal } = interruptible('re-run the suite to resume');
      try {
        const outcome = await runSuite(suite, {
          benchmarks: getBenchmark,
          file,
          signal,
          log: (m) => process.stderr.write(`${m}\n`),
          ...(o.date ? { date: o.date } : {}),
          ...(o.out ? { out: o.out } : {}),
          ...(o.history === false ? { history: false as const } : typeof o.history === 'string' ? { history: o.history } : {}),
          ...(o.resultsDir ? { resultsDir: o.resultsDir } : {}),
          ...(parallel ? { parallel } : {}),
          preflight: o.preflight !== false,
          maxErrorRate,
        });
        process.stdout.write(`\nsuite ${suite.name} → ${outcome.out}\n${renderTabular(outcomeTable(outcome), 'table')}\n`);
        exitWith(outcome.exitCode);
      } catch (err) {
        exitWith(codeFor(err), err);
      }
    });
}
