// Leaderboard output in each format: per-benchmark sections for people (table, md), one wide
// sheet for machines (csv, json).
import { buildGroupTables, groupTabular, type BenchmarkGroup } from './group-table.js';
import { buildLeaderboard, leaderboardTable, leaderboardTables } from './leaderboard.js';
import type { LoadedRun } from './runs.js';
import type { ReportedEntry } from './reported.js';
import { renderTabular } from './render.js';

export type LeaderboardFormat = 'table' | 'md' | 'csv' | 'json';

/** `groups`: suites printed as one table each with an Avg column (e.g. the six math benchmarks). */
export function renderLeaderboard(
  runs: readonly LoadedRun[],
  reported: readonly ReportedEntry[],
  format: LeaderboardFormat,
  groups: readonly BenchmarkGroup[] = [],
): string {
  const lb = buildLeaderboard(runs, reported);
  const grouped = buildGroupTables(lb, reported, groups);
  if (format === 'json') return JSON.stringify(grouped.length ? { ...lb, groups: grouped } : lb, null, 2);
  if (format === 'csv') return renderTabular(leaderboardTable(lb), 'csv');
  const sections = leaderboardTables(lb).map(({ benchmark, table }) => ({ title: benchmark, table }));
  for (const g of grouped) sections.push({ title: `${g.group.title} (${g.group.metric}; Avg = mean over the ${g.group.benchmarks.length})`, table: groupTabular(g) });
  return sections
    .map(({ title, table }) => (format === 'md' ? `#### ${title}\n\n${renderTabular(table, 'md')}` : `${title}\n${renderTabular(table, 'table')}`))
    .join('\n\n');
}
