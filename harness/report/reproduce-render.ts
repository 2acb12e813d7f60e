// `agenteval reproduce` output: the reported-vs-measured table, the settings table and the warnings.
import { digitsFor, renderTabular, type RenderOptions, type Tabular } from './render.js';
import { TABLE_WIDTH, wrapText } from './fit.js';
import type { ReproEntry, Reproduction, SettingCheck } from './reproduce.js';

const f = (x: number | null, digits = 1) => (x === null ? '–' : x.toFixed(digits));

function verdict(e: ReproEntry): string {
  if (e.status === 'reproduced') return 'reproduced';
  const parts: string[] = [];
  if (e.flags.includes('not_measured')) parts.push('metric not measured');
  if (e.flags.includes('outside_ci')) parts.push('OUTSIDE CI');
  if (e.flags.includes('settings_differ')) parts.push(`SETTINGS DIFFER: ${e.differing.join(', ')}`);
  return parts.join('; ');
}

function entriesTable(r: Reproduction, sources: readonly string[], md: boolean): Tabular {
  return {
    headers: ['metric', 'reported', 'measured [95% CI]', 'Δ', 'inside CI', 'verdict', 'source'],
    rows: r.entries.map((e) => [
      e.metric?.label ?? e.reported.metric,
      f(e.reported.value, digits(e)),
      e.measured === null ? '–' : `${f(e.measured, digits(e))} [${f(e.ci_low, digits(e))}, ${f(e.ci_high, digits(e))}]`,
      e.delta === null ? '–' : `${e.delta > 0 ? '+' : ''}${f(e.delta, digits(e))}`,
      e.inside_ci === null ? '–' : e.inside_ci ? 'yes' : e.within_tolerance ? `no (within ±${r.tolerance})` : 'no',
      verdict(e),
      // The terminal table numbers its sources (listed below it); Markdown has room for them.
      md ? e.reported.source : `[${sources.indexOf(e.reported.source) + 1}]`,
    ]),
    hints: { short: [undefined, 'paper', 'measured', undefined, 'in CI', undefined, 'src'], min: [10, undefined, undefined, undefined, undefined, 16, undefined] },
  };
}

const digits = (e: ReproEntry) => digitsFor(e.metric?.scale ?? 100);

/**
 * One settings table per run (papers state one setting for a table's numbers): a setting's row
 * joins what every reported entry says of it, naming the metrics when they disagree.
 */
export function mergedSettings(r: Reproduction): SettingCheck[] {
  const bySetting = new Map<string, Array<{ metric: string; check: SettingCheck }>>();
  for (const e of r.entries) for (const c of e.settings) bySetting.set(c.setting, [...(bySetting.get(c.setting) ?? []), { metric: e.reported.metric, check: c }]);
  return [...bySetting.entries()].map(([setting, all]) => {
    const stated = all.filter((x) => x.check.paper !== null);
    const values = [...new Set(stated.map((x) => x.check.paper))];
    const paper = values.length === 0 ? null : values.length === 1 ? values[0]! : stated.map((x) => `${x.check.paper} (${x.metric})`).join(' · ');
    const status = all.find((x) => x.check.status === 'differs')?.check.status ?? stated[0]?.check.status ?? all[0]!.check.status;
    return { setting, paper, run: all[0]!.check.run, status };
  });
}

function settingsTable(checks: readonly SettingCheck[]): Tabular {
  return {
    headers: ['setting', 'paper', 'run', ''],
    rows: checks.map((c) => [c.setting, c.paper ?? 'not recorded', c.run ?? 'not recorded', c.status === 'differs' ? 'DIFFERS' : c.status]),
    hints: { min: [12, 16, 16, undefined] },
  };
}

export function renderReproduction(r: Reproduction, format: 'table' | 'md', opts: RenderOptions = {}): string {
  const md = format === 'md';
  const width = opts.wide || md ? Infinity : (opts.width ?? TABLE_WIDTH);
  const prose = (text: string) => (Number.isFinite(width) ? wrapText(text, width) : [text]);
  const head = `${r.run.benchmark} · ${r.run.spec} as "${r.matched_as}" · ${r.run.problems} problems, n=${r.run.n}${r.run.errors ? `, ${r.run.errors} errors` : ''}`;
  const sources = [...new Set(r.entries.map((e) => e.reported.source))];
  const lines = md ? [`### Reproduction: ${head}`, '', `Run: \`${r.run.dir}\``, ''] : [...prose(head), ...prose(`run: ${r.run.dir}`), ''];
  lines.push(renderTabular(entriesTable(r, sources, md), format, opts));
  if (!md) sources.forEach((s, i) => lines.push(...prose(`[${i + 1}] ${s}`)));
  lines.push('', md ? '**Settings** (paper vs run)' : 'settings (paper vs run):');
  lines.push(renderTabular(settingsTable(mergedSettings(r)), format, opts));
  if (r.misconfigured) {
    const diffs = [...new Set(r.entries.flatMap((e) => e.differing))].join(', ');
    lines.push('', ...prose(`${md ? '**⚠ Mis-configured:**' : 'WARNING: mis-configured:'} this run's ${diffs} differ from what the paper reports; its number is not a reproduction of that setting.`));
  }
  return lines.join('\n');
}
