// `agenteval reproduce <run>`: the run beside the numbers papers report for it.
import type { Command } from 'commander';
import { loadReported } from '../report/reported.js';
import { loadRun } from '../report/runs.js';
import { renderTabular, type Tabular } from '../report/render.js';
import { reproduce, type ReproEntry, type Reproduction } from '../report/reproduce.js';
import { EXIT, codeFor, exitWith } from './exit.js';

const f = (x: number | null, digits = 1) => (x === null ? '–' : x.toFixed(digits));

function verdict(e: ReproEntry): string {
  if (e.status === 'reproduced') return 'reproduced';
  const parts: string[] = [];
  if (e.flags.includes('not_measured')) parts.push('metric not measured');
  if (e.flags.includes('outside_ci')) parts.push('OUTSIDE CI');
  if (e.flags.includes('settings_differ')) parts.push(`SETTINGS DIFFER: ${e.differing.join(', ')}`);
  return parts.join('; ');
}

function entriesTable(r: Reproduction): Tabular {
  return {
    headers: ['metric', 'reported', 'measured [95% CI]', 'Δ', 'inside CI', 'verdict', 'source'],
    rows: r.entries.map((e) => [
      e.metric?.label ?? e.reported.metric,
      f(e.reported.value),
      e.measured === null ? '–' : `${f(e.measured)} [${f(e.ci_low)}, ${f(e.ci_high)}]`,
      e.delta === null ? '–' : `${e.delta > 0 ? '+' : ''}${f(e.delta)}`,
      e.inside_ci === null ? '–' : e.inside_ci ? 'yes' : e.within_tolerance ? `no (within ±${r.tolerance})` : 'no',
      verdict(e),
      e.reported.source,
    ]),
  };
}

function settingsTable(e: ReproEntry): Tabular {
  return {
    headers: ['setting', 'paper', 'run', ''],
    rows: e.settings.map((c) => [c.setting, c.paper ?? 'not recorded', c.run ?? 'not recorded', c.status === 'differs' ? 'DIFFERS' : c.status]),
  };
}

export function renderReproduction(r: Reproduction, format: 'table' | 'md'): string {
  const head = `${r.run.benchmark} · ${r.run.spec} as "${r.matched_as}" · ${r.run.problems} problems, n=${r.run.n}${r.run.errors ? `, ${r.run.errors} errors` : ''} · ${r.run.dir}`;
  const lines = [format === 'md' ? `### Reproduction: ${head}` : head, '', renderTabular(entriesTable(r), format)];
  for (const e of r.entries) {
    lines.push('', format === 'md' ? `**Settings** for ${e.reported.metric} (${e.reported.source})` : `settings for ${e.reported.metric} (${e.reported.source}):`);
    lines.push(renderTabular(settingsTable(e), format));
  }
  if (r.misconfigured) {
    const diffs = [...new Set(r.entries.flatMap((e) => e.differing))].join(', ');
    lines.push('', `${format === 'md' ? '**⚠ Mis-configured:**' : 'WARNING: mis-configured:'} this run's ${diffs} differ from what the paper reports; its number is not a reproduction of that setting.`);
  }
  return lines.join('\n');
}

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description('compare a run with the numbers papers report (results/reported/): Δ, inside the 95% CI?, differing settings')
    .argument('<run>', 'run folder')
    .option('--as <model>', 'the reported model this run reproduces (default: the run\'s model name)')
    .option('--format <format>', 'table | md | json', 'table')
    .option('--tolerance <points>', 'also accept reported values this many points (paper scale) outside the CI', '0')
    .option('--reported <dir>', 'folder of reported numbers with its schema.json (default: the bundled results/reported)')
    .addHelpText(
      'after',
      `
Exit codes: 0 every matching reported number reproduced (inside the CI, same settings) · 1 some
reported number lies outside the CI, or the run's settings differ from the paper's · 2 no reported
number matches the run (use --as <reported model>).

Example:
  agenteval reproduce results/runs/20250601-…-spider --as MTIR-SQL-4B`,
    )
    .action(async (dir: string, o: { as?: string; format: string; tolerance: string; reported?: string }) => {
      if (!['table', 'md', 'json'].includes(o.format)) exitWith(EXIT.usage, new Error('--format must be one of table, md, json'));
      const tolerance = Number(o.tolerance);
      if (!Number.isFinite(tolerance) || tolerance < 0) exitWith(EXIT.usage, new Error(`--tolerance must be a number ≥ 0 (got "${o.tolerance}")`));
      let r: Reproduction;
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
      if (o.format !== 'json') process.stdout.write(`${renderReproduction(r, o.format as 'table' | 'md')}\n`);
      exitWith(r.reproduced ? EXIT.ok : EXIT.regression);
    });
}
