// Leaderboard output in each format: per-benchmark sections for people (table, md), one wide
// sheet for machines (csv, json). The terminal table fits 120 columns: abbreviated headers with
// a legend, papers as footnotes, run folder names cut (never model names), and when a benchmark
// has more metric columns than fit, its columns split over several tables that say so. Suites
// (e.g. the six math benchmarks) follow as one table each with the papers' Avg column.
import { buildGroupTables, groupTabular, type BenchmarkGroup } from './group-table.js';
import { buildLeaderboard, leaderboardTable, leaderboardTables, type Leaderboard, type LeaderboardRow } from './leaderboard.js';
import type { LoadedRun } from './runs.js';
import type { ReportedEntry } from './reported.js';
import { renderTabular, type Tabular } from './render.js';
import { boxWidth, fitTable, renderBox, TABLE_WIDTH, wrapText, type ColumnHints } from './fit.js';

export type LeaderboardFormat = 'table' | 'md' | 'csv' | 'json';

/** `groups`: suites printed as one table each with an Avg column (e.g. the six math benchmarks). */
export function renderLeaderboard(
  runs: readonly LoadedRun[],
  reported: readonly ReportedEntry[],
  format: LeaderboardFormat,
  opts: { wide?: boolean; width?: number; groups?: readonly BenchmarkGroup[] } = {},
): string {
  const lb = buildLeaderboard(runs, reported);
  const grouped = buildGroupTables(lb, reported, opts.groups ?? []);
  if (format === 'json') return JSON.stringify(grouped.length ? { ...lb, groups: grouped } : lb, null, 2);
  if (format === 'csv') return renderTabular(leaderboardTable(lb), 'csv');
  const groupSections = grouped.map((g) => ({
    title: `${g.group.title} (${g.group.metric}; Avg = mean over the ${g.group.benchmarks.length})`,
    table: groupTabular(g),
  }));
  if (format === 'md') {
    const sections = [...leaderboardTables(lb).map(({ benchmark, table }) => ({ title: benchmark, table })), ...groupSections];
    return sections.map(({ title, table }) => `#### ${title}\n\n${renderTabular(table, 'md')}`).join('\n\n');
  }
  const width = opts.wide ? Infinity : (opts.width ?? TABLE_WIDTH);
  return [
    ...[...new Set(lb.rows.map((r) => r.benchmark))].map((b) => `${b}\n${benchmarkTerminal(lb, b, width)}`),
    ...groupSections.map(({ title, table }) => `${title}\n${groupTerminal(table, opts.wide ? { wide: true } : { width })}`),
  ]
    .join('\n\n');
}

/** A suite table for the terminal: papers as numbered footnotes (titles are long), as in the per-benchmark tables. */
function groupTerminal(table: Tabular, fit: { wide: true } | { width: number }): string {
  const papers = [...new Set(table.rows.map((r) => r[1]!).filter((s) => s !== 'run'))];
  const rows = table.rows.map((r) => (r[1] === 'run' ? r : [r[0]!, `paper [${papers.indexOf(r[1]!) + 1}]`, ...r.slice(2)]));
  const width = 'width' in fit && Number.isFinite(fit.width) ? fit.width : Infinity;
  const notes = papers.map((p, i) => {
    const line = `[${i + 1}] ${p.replace(/^reported: /, '')}`;
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
  });
  return [renderTabular({ ...table, rows }, 'table', fit), ...notes].join('\n');
}

/** "Correctness" → "Corr", "Avg tool calls" → "ATC", "EX" → "EX". */
export function abbreviate(label: string): string {
  // Qualifiers in brackets ("acc (all entries)", "… [95% CI]") are for the legend, not the header.
  const bare = label.replace(/\s*[([][^)\]]*[)\]]/g, '').trim() || label;
  if (bare !== label) return abbreviate(bare);
  if (label.length <= 5) return label;
  const words = label.split(/[\s_-]+/).filter(Boolean);
  if (words.length > 1) return words.map((w) => (/^[A-Z0-9@]+$/.test(w) ? w : w[0]!.toUpperCase())).join('');
  return label.slice(0, 4);
}

function uniqueAbbreviations(labels: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of labels) {
    let a = abbreviate(l);
    for (let i = 2; out.includes(a); i++) a = `${abbreviate(l)}${i}`;
    out.push(a);
  }
  return out;
}

interface Block {
  headers: string[];
  hints: ColumnHints;
  cells: (row: LeaderboardRow, index: number) => string[];
}

function benchmarkTerminal(lb: Leaderboard, benchmark: string, width: number): string {
  const rows = lb.rows.filter((r) => r.benchmark === benchmark);
  // A metric key is labelled as this benchmark names it (`acc` is Cover-EM in search QA, Acc in math).
  const columns = lb.columns
    .filter((c) => rows.some((r) => r.cells[c.key] !== undefined))
    .map((c) => ({ key: c.key, label: rows.find((r) => r.labels?.[c.key] !== undefined)?.labels?.[c.key] ?? c.label }));
  // Papers as numbered footnotes: their references are long and repeat.
  const papers = [...new Set(rows.filter((r) => r.source === 'reported').map((r) => r.where))];
  // One column says where a row comes from: the run's folder, or the paper's footnote.
  const source = (r: LeaderboardRow) => (r.source === 'run' ? (r.run_id ?? '') : `paper [${papers.indexOf(r.where) + 1}]`);
  const runInfo: Block = {
    headers: ['model', 'run / source', 'date', 'n', 'problems', 'errors'],
    hints: { short: [undefined, 'run', undefined, undefined, 'probs', 'err'], min: [undefined, 16, undefined, undefined, undefined, undefined] },
    cells: (r) => [r.model, source(r), r.date ? r.date.slice(0, 10) : '', r.n === null ? '' : String(r.n), r.problems === null ? '' : String(r.problems), r.errors === null ? '' : String(r.errors)],
  };
  const shorts = uniqueAbbreviations(columns.map((c) => c.label));
  const metric = (i: number): Block => ({
    headers: [`${columns[i]!.label} [95% CI]`],
    hints: { short: [shorts[i]] },
    cells: (r) => [r.cells[columns[i]!.key] ?? ''],
  });
  const metricBlocks = columns.map((_, i) => metric(i));
  const notes: string[] = [];
  const legend = new Set<string>();
  const render = (blocks: Block[]) => {
    const headers = blocks.flatMap((b) => b.headers);
    const hints: ColumnHints = { short: blocks.flatMap((b) => b.hints.short ?? b.headers.map(() => undefined)), min: blocks.flatMap((b) => b.hints.min ?? b.headers.map(() => undefined)) };
    return fitTable(headers, rows.map((r, i) => blocks.flatMap((b) => b.cells(r, i))), hints, width);
  };
  const tables: string[] = [];
  const whole = render([runInfo, ...metricBlocks]);
  if (whole.fits || metricBlocks.length <= 1) {
    tables.push(renderBox(whole.headers, whole.rows, whole.widths));
    whole.legend.forEach((l) => legend.add(l));
  } else {
    // Too many metric columns for one table: row numbers tie the tables together.
    const number: Block = { headers: ['#'], hints: {}, cells: (_r, i) => [String(i + 1)] };
    const modelOnly: Block = { headers: ['model'], hints: {}, cells: (r) => [r.model] };
    let lead: Block[] = [number, runInfo];
    let pending = [...metricBlocks];
    let first = true;
    while (pending.length || first) {
      // The first table (run details) may hold no metric at all; the others hold at least one.
      let take = first && !render([...lead, ...pending.slice(0, 1)]).fits ? 0 : 1;
      while (take < pending.length && render([...lead, ...pending.slice(0, take + 1)]).fits) take++;
      first = false;
      const f = render([...lead, ...pending.slice(0, take)]);
      tables.push(renderBox(f.headers, f.rows, f.widths));
      f.legend.forEach((l) => legend.add(l));
      pending = pending.slice(take);
      lead = [number, modelOnly];
    }
    notes.push(`(${tables.length} tables, rows numbered alike, to fit ${width} columns; --wide for one table)`);
  }
  const lineWidth = Number.isFinite(width) ? width : Math.max(TABLE_WIDTH, boxWidth(whole.widths));
  const out = [tables.join('\n')];
  if (legend.size) out.push(...wrapText(`abbreviations: ${[...legend].join(' · ')}`, lineWidth));
  papers.forEach((p, i) => out.push(...wrapText(`[${i + 1}] ${p}`, lineWidth)));
  out.push(...notes);
  return out.join('\n');
}
