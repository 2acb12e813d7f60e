// `agenteval reproduce <run>`: the run beside the numbers papers report for it.
import type { Command } from 'commander';
import type { Reproduction } from '../report/reproduce.js';
import { EXIT, codeFor, exitWith } from './exit.js';

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description('compare a run with the numbers papers report (results/reported/): Δ, inside the 95% CI?, differing settings')
    .argument('<run>', 'run folder')
    .option('--as <model>', 'the reported model this run reproduces (default: the run\'s model name)')
    .option('--format <format>', 'table | md | json', 'table')
    .option('--tolerance <points>', 'also accept reported values this many points (paper scale) outside the CI', '0')
    .option('--reported <dir>', 'folder of reported numbers with its schema.json (default: the bundled results/reported)')
    .option('--wide', 'terminal tables: full headers and cells, nothing cut (default: fit 120 columns)')
    .addHelpText(
      'after',
      `
Exit codes: 0 every matching reported number reproduced (inside the CI, same settings) · 1 some
reported number lies outside the CI, or the run's settings differ from the paper's · 2 no reported
number matches the run (use --as <reported model>).

Example:
  agenteval reproduce results/runs/20250601-…-spider --as MTIR-SQL-4B`,
    )
    .action(async (dir: string, o: { as?: string; format: string; tolerance: string; reported?: string; wide?: boolean }) => {
      if (!['table', 'md', 'json'].includes(o.format)) exitWith(EXIT.usage, new Error('--format must be one of table, md, json'));
      const tolerance = Number(o.tolerance);
      if (!Number.isFinite(tolerance) || tolerance < 0) exitWith(EXIT.usage, new Error(`--tolerance must be a number ≥ 0 (got "${o.tolerance}")`));
      let r: Reproduction;
      // Imported when the command runs, not at every command's start-up.
      const [{ loadReported }, { loadRun }, { reproduce }, { renderReproduction }] = await Promise.all([
        import('../report/reported.js'),
        import('../report/runs.js'),
        import('../report/reproduce.js'),
        import('../report/reproduce-render.js'),
      ]);
      try {
        const run = await loadRun(dir);
        const reported = o.reported ? loadReported(o.reported) : loadReported();
        r = reproduce(run, reported, { ...(o.as ? { as: o.as } : {}), tolerance });
      } catch (err) {
        exitWith(codeFor(err), err);
      }
      if (o.format === 'json') process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      if (r.entries.length === 0) {
        const known = r.available_models.length ? `reported models for ${r.run.benchmark}: ${r.available_models.join(', ')}` : `no reported numbers for ${r.run.benchmark}`;
        exitWith(EXIT.usage, new Error(`no reported number for ${r.run.benchmark} × "${r.matched_as}" (${known}); pass --as <reported model>`));
      }
      if (o.format !== 'json') process.stdout.write(`${renderReproduction(r, o.format as 'table' | 'md', { wide: Boolean(o.wide) })}\n`);
      exitWith(r.reproduced ? EXIT.ok : EXIT.regression);
    });
}
