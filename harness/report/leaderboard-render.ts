// Leaderboard output in each format: per-benchmark sections for people (table, md), one wide
// sheet for machines (csv, json).
import { buildLeaderboard, leaderboardTable, leaderboardTables } from './leaderboard.js';
import type { LoadedRun } from './runs.js';
import type { ReportedEntry } from './reported.js';
import { renderTabular } from './render.js';

export type LeaderboardFormat = 'table' | 'md' | 'csv' | 'json';

export function renderLeaderboard(runs: readonly LoadedRun[], reported: readonly ReportedEntry[], format: LeaderboardFormat): string {
  const lb = buildLeaderboard(runs, reported);
  if (format === 'json') return JSON.stringify(lb, null, 2);
  if (format === 'csv') return renderTabular(leaderboardTable(lb), 'csv');
  return leaderboardTables(lb)
    .map(({ benchmark, table }) => (format === 'md' ? `#### ${benchmark}\n\n${renderTabular(table, 'md')}` : `${benchmark}\n${renderTabular(table, 'table')}`))
    .join('\n\n');
}
