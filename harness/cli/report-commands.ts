import type { Command } from 'commander';
import { benchmarkGroups, getBenchmark } from '../registry.js';
import { loadRun, loadRuns } from '../report/runs.js';
import { loadReported } from '../report/reported.js';
import { renderLeaderboard, type LeaderboardFormat } from '../report/leaderboard-render.js';
import { compareRuns, hasRegression } from '../report/compare.js';
import { renderComparisonMarkdown, renderComparisonTable } from '../report/compare-render.js';
import { mergeRuns } from '../report/merge.js';
import { defaultHistoryPath } from '../history/db.js';
import { recordInHistory } from '../history/index-run.js';
import { renderTabular } from '../report/render.js';
import { summaryTable } from '../report/summary-table.js';
import { EXIT, exitWith } from './exit.js';

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
    .action(async (paths: string[], o: { format: string; reported: boolean; benchmark?: string }) => {
      checkFormat(o.format, ['table', 'md', 'csv', 'json']);
      try {
        let runs = await loadRuns(paths);
        if (o.benchmark) runs = runs.filter((r) => r.summary.benchmark === o.benchmark);
        const reported = o.reported ? loadReported().filter((e) => !o.benchmark || e.benchmark === o.benchmark) : [];
        if (runs.length === 0) process.stderr.write('agenteval: no finished runs found\n');
        process.stdout.write(`${renderLeaderboard(runs, reported, o.format as LeaderboardFormat, benchmarkGroups())}\n`);
      } catch (err) {
        exitWith(EXIT.failure, err);
      }
    });

  program
    .command('compare')
    .description('paired per-problem comparison of two checkpoints: Δ with 95% bootstrap CIs, flipped problems, a PR-comment body')
    .argument('<baseline>', 'baseline run folder')
    .argument('<candidate>', 'candidate run folder')
    .option('--format <format>', 'md | table | json', 'table')
    .option('--seed <N>', 'bootstrap seed', '1234')
    .option('--fail-on-regression', 'exit 1 when any metric\'s Δ CI lies entirely on the worse side of zero, or problems the baseline scored now end in errors')
    .addHelpText('after', '\nExample (GitHub Actions):\n  agenteval compare base/ head/ --format md --fail-on-regression > comment.md')
    .action(async (baseline: string, candidate: string, o: { format: string; seed: string; failOnRegression?: boolean }) => {
      checkFormat(o.format, ['md', 'table', 'json']);
      try {
        const c = await compareRuns(await loadRun(baseline), await loadRun(candidate), Number(o.seed));
        const text = o.format === 'json' ? JSON.stringify(c, null, 2) : o.format === 'md' ? renderComparisonMarkdown(c) : renderComparisonTable(c);
        process.stdout.write(`${text}\n`);
        if (o.failOnRegression && hasRegression(c)) exitWith(EXIT.failure);
      } catch (err) {
        exitWith(EXIT.failure, err);
      }
    });

  program
    .command('merge')
    .description('join the shard runs of one evaluation (--shard 0/4 … 3/4) into one run')
    .argument('<shards...>', 'shard run folders')
    .requiredOption('--out <dir>', 'the merged run folder (must not exist)')
    .option('--results-dir <dir>', 'output root whose history index records the merged run', 'results')
    .option('--no-history', 'do not record the merged run in the history index')
    .option('--allow-partial', 'merge even when some shards are missing (their problems count as missing)')
    .action(async (dirs: string[], o: { out: string; resultsDir: string; history: boolean; allowPartial?: boolean }) => {
      try {
        const summary = await mergeRuns(dirs, o.out, getBenchmark, { allowPartial: Boolean(o.allowPartial), warn: (m) => process.stderr.write(`${m}\n`) });
        // Shard runs are not indexed; the merged run is the one the history should show.
        recordInHistory(o.history ? defaultHistoryPath(o.resultsDir) : false, o.out, (m) => process.stderr.write(`${m}\n`));
        process.stdout.write(`merged ${dirs.length} shards → ${o.out}\n${renderTabular(summaryTable(summary), 'table')}\n`);
        // As `run`: samples that ended as errors (or problems never run) make a non-zero exit.
        if (summary.counts.errors > 0 || summary.counts.missing > 0) exitWith(EXIT.sampleErrors);
      } catch (err) {
        exitWith(EXIT.failure, err);
      }
    });
}
