// `leaderboard`, `compare`, `merge`. Each action imports what it needs when it runs, so defining the
// commands (and every other command's start-up) does not load the report modules.
import type { Command } from 'commander';
import { benchmarkGroups } from '../registry.js';
import type { LeaderboardFormat } from '../report/leaderboard-render.js';
import { defaultHistoryPath } from '../history/location.js';
import { ConfigError } from '../errors.js';
import { parseMaxErrorRate } from '../run/options.js';
import { summaryHealth } from '../summary/health.js';
import { EXIT, codeFor, exitWith, healthCode } from './exit.js';

const MAX_ERROR_RATE_HELP = 'unscored share (error records, missing samples, dropped data rows) above which a run counts as failed, e.g. 0.05 or 5%';

function maxErrorRate(raw: string | undefined): number {
  try {
    return parseMaxErrorRate(raw);
  } catch (err) {
    exitWith(EXIT.usage, err);
  }
}

function checkFormat(format: string, allowed: string[]): void {
  if (!allowed.includes(format)) exitWith(EXIT.usage, new Error(`--format must be one of ${allowed.join(', ')}`));
}

export function registerReports(program: Command): void {
  program
    .command('leaderboard')
    .description('one row per (model, benchmark) run with primary metrics and 95% CIs, beside the numbers papers report')
    .argument('<runs...>', 'run folders, or parent folders searched for runs (e.g. results/runs)')
    .option('--format <format>', 'table | md | csv | json', 'table')
    .option('--no-reported', 'leave out the numbers from results/reported/')
    .option('--benchmark <name>', 'only this benchmark')
    .option('--wide', 'terminal table: full headers, nothing cut, one table per benchmark (default: fit 120 columns)')
    .action(async (paths: string[], o: { format: string; reported: boolean; benchmark?: string; wide?: boolean }) => {
      checkFormat(o.format, ['table', 'md', 'csv', 'json']);
      try {
        const [{ loadRuns }, { loadReported }, { renderLeaderboard }] = await Promise.all([
          import('../report/runs.js'),
          import('../report/reported.js'),
          import('../report/leaderboard-render.js'),
        ]);
        let runs = await loadRuns(paths);
        if (o.benchmark) runs = runs.filter((r) => r.summary.benchmark === o.benchmark);
        const reported = o.reported ? loadReported().filter((e) => !o.benchmark || e.benchmark === o.benchmark) : [];
        if (runs.length === 0) throw new ConfigError(`no finished runs under ${paths.join(', ')}${o.benchmark ? ` for ${o.benchmark}` : ''}`);
        process.stdout.write(`${renderLeaderboard(runs, reported, o.format as LeaderboardFormat, { wide: Boolean(o.wide), groups: benchmarkGroups() })}\n`);
      } catch (err) {
        exitWith(codeFor(err), err);
      }
    });

  program
    .command('compare')
    .description('paired per-problem comparison of two checkpoints: Δ with 95% bootstrap CIs, flipped problems, a PR-comment body')
    .argument('<baseline>', 'baseline run folder')
    .argument('<candidate>', 'candidate run folder')
    .option('--format <format>', 'md | table | json', 'table')
    .option('--seed <N>', 'bootstrap seed', '1234')
    .option('--fail-on-regression', 'exit 1 when any metric\'s Δ CI lies entirely on the worse side of zero, or problems the baseline scored now end in errors; exit 4 when either run scored nothing or has more unscored samples than --max-error-rate')
    .option('--max-error-rate <rate>', MAX_ERROR_RATE_HELP, '0.05')
    .option('--wide', 'terminal table: full headers and lines, nothing cut (default: fit 120 columns)')
    .addHelpText('after', '\nExample (GitHub Actions):\n  agenteval compare base/ head/ --format md --fail-on-regression > comment.md')
    .action(async (baseline: string, candidate: string, o: { format: string; seed: string; failOnRegression?: boolean; maxErrorRate?: string; wide?: boolean }) => {
      checkFormat(o.format, ['md', 'table', 'json']);
      const rate = maxErrorRate(o.maxErrorRate);
      try {
        const [{ loadRun }, { compareRuns, hasRegression }, { renderComparisonMarkdown, renderComparisonTable }] = await Promise.all([
          import('../report/runs.js'),
          import('../report/compare.js'),
          import('../report/compare-render.js'),
        ]);
        const base = await loadRun(baseline);
        const cand = await loadRun(candidate);
        const c = await compareRuns(base, cand, Number(o.seed));
        // A run that scored (almost) nothing cannot show a regression: say so where the reader looks.
        const unusable = ([['baseline', base], ['candidate', cand]] as const)
          .map(([side, r]) => ({ side, dir: r.dir, health: summaryHealth(r.summary, rate) }))
          .filter((x) => x.health.status === 'failed');
        const notes = unusable.map((u) => `the ${u.side} run (${u.dir}) cannot be compared: ${u.health.message}`);
        let text = o.format === 'json' ? JSON.stringify({ ...c, unusable: notes }, null, 2) : o.format === 'md' ? renderComparisonMarkdown(c) : renderComparisonTable(c, { wide: Boolean(o.wide) });
        if (o.format === 'md' && notes.length) text += `\n\n${notes.map((n) => `**⚠ Not a valid comparison:** ${n}`).join('\n\n')}`;
        process.stdout.write(`${text}\n`);
        for (const n of notes) process.stderr.write(`agenteval: ${n}\n`);
        if (o.failOnRegression && notes.length) exitWith(EXIT.failed);
        if (o.failOnRegression && hasRegression(c)) exitWith(EXIT.regression);
      } catch (err) {
        exitWith(codeFor(err), err);
      }
    });

  program
    .command('merge')
    .description('join the shard runs of one evaluation (--shard 0/4 … 3/4) into one run')
    .argument('<shards...>', 'shard run folders')
    .requiredOption('--out <dir>', 'the merged run folder (must not exist)')
    .option('--results-dir <dir>', 'output root whose history index records the merged run', 'results')
    .option('--no-history', 'do not record the merged run in the history index')
    .option('--allow-partial', 'merge even when some shards are missing or never started (their problems count as missing)')
    .option('--max-error-rate <rate>', MAX_ERROR_RATE_HELP, '0.05')
    .action(async (dirs: string[], o: { out: string; resultsDir: string; history: boolean; allowPartial?: boolean; maxErrorRate?: string }) => {
      const rate = maxErrorRate(o.maxErrorRate);
      try {
        // Each shard's manifest names its benchmark: every benchmark is loaded for the lookup.
        const [{ mergeRuns }, { getBenchmark }, { recordInHistory }, { renderTabular }, { summaryTable }] = await Promise.all([
          import('../report/merge.js'),
          import('../all-benchmarks.js'),
          import('../history/index-run.js'),
          import('../report/render.js'),
          import('../report/summary-table.js'),
        ]);
        const summary = await mergeRuns(dirs, o.out, getBenchmark, { allowPartial: Boolean(o.allowPartial), warn: (m) => process.stderr.write(`${m}\n`) });
        // Shard runs are not indexed; the merged run is the one the history should show.
        recordInHistory(o.history ? defaultHistoryPath(o.resultsDir) : false, o.out, (m) => process.stderr.write(`${m}\n`));
        process.stdout.write(`merged → ${o.out}\n${renderTabular(summaryTable(summary), 'table')}\n`);
        // As `run`: error records, problems never run (missing shards) and dropped rows count against --max-error-rate.
        const health = summaryHealth(summary, rate);
        if (health.status !== 'ok') process.stderr.write(`agenteval: merge ${health.status === 'failed' ? 'FAILED' : 'partial'}: ${health.message}\n`);
        exitWith(healthCode(health.status));
      } catch (err) {
        exitWith(codeFor(err), err);
      }
    });
}
