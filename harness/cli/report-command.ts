// `agenteval report <runs...> --out report.html`: one self-contained HTML report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultHistoryPath } from '../history/location.js';
import { ConfigError } from '../errors.js';
import { benchmarkGroups } from '../registry.js';
import { EXIT, codeFor, exitWith } from './exit.js';

interface ReportFlags {
  out: string;
  history?: string | boolean;
  resultsDir: string;
  title?: string;
  maxSamples: string;
  reported: boolean;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('a single self-contained HTML report: leaderboard, bar charts with CIs, trends, pass@k curves, a sample browser')
    .argument('<runs...>', 'run folders, or parent folders searched for runs')
    .requiredOption('--out <file>', 'the HTML file to write, e.g. report.html')
    .option('--history <path>', 'history database for trend lines (default <results-dir>/history.sqlite, when it exists)')
    .option('--no-history', 'no trend lines')
    .option('--results-dir <dir>', 'results root', 'results')
    .option('--title <text>', 'page title', 'agenteval report')
    .option('--max-samples <N>', 'records per run embedded in the sample browser (flips and errors first)', '500')
    .option('--no-reported', 'leave out the numbers from results/reported/')
    .addHelpText('after', '\nThe file opens offline (Chart.js and the data are inline; the page fetches nothing).\n\nExample:\n  agenteval report results/nightly/2025-06-02 --out report.html')
    .action(async (paths: string[], o: ReportFlags) => {
      const maxSamples = Number(o.maxSamples);
      if (!Number.isInteger(maxSamples) || maxSamples < 0) exitWith(EXIT.usage, new Error(`--max-samples must be an integer ≥ 0 (got "${o.maxSamples}")`));
      try {
        const [{ buildReportData }, { renderReportHtml }, { loadReported }, { loadRuns }] = await Promise.all([
          import('../report/html/data.js'),
          import('../report/html/page.js'),
          import('../report/reported.js'),
          import('../report/runs.js'),
        ]);
        const runs = await loadRuns(paths);
        if (runs.length === 0) throw new ConfigError(`no finished runs under ${paths.join(', ')}`);
        const history = o.history === false ? null : typeof o.history === 'string' ? o.history : defaultHistoryPath(o.resultsDir);
        const data = await buildReportData(runs, {
          ...(o.title ? { title: o.title } : {}),
          reported: o.reported ? loadReported() : [],
          history,
          maxSamples,
          groups: benchmarkGroups(),
        });
        const out = resolve(o.out);
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, renderReportHtml(data));
        process.stdout.write(`wrote ${out} (${runs.length} run(s), ${data.samples.length} records${data.history ? ', with trends' : ''})\n`);
      } catch (err) {
        exitWith(codeFor(err), err);
      }
    });
}
