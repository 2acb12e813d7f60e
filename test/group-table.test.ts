import { describe, expect, it } from 'vitest';
import { buildGroupTables, groupTabular } from '../harness/report/group-table.js';
import type { Leaderboard, LeaderboardRow } from '../harness/report/leaderboard.js';
import type { ReportedEntry } from '../harness/report/reported.js';
import { benchmarkGroups } from '../harness/registry.js';

const SIX = ['aime24', 'aime25', 'amc23', 'math500', 'minerva', 'olympiadbench'];

function runRow(benchmark: string, model: string, acc: number): LeaderboardRow {
  return { benchmark, model, source: 'run', cells: {}, values: { acc: { value: acc, scale: 100 } }, n: 16, problems: 30, errors: 0, where: '/r', run_id: 'r', date: null };
}

function reportedEntry(benchmark: string, value: number): ReportedEntry {
  return { benchmark, model: 'Qwen3-4B', metric: 'acc', value, source: { paper: 'P', arxiv: '2501.00001', where: 'Table 1' }, file: 'math.json' };
}

describe('benchmark group tables', () => {
  const group = benchmarkGroups().find((g) => g.name === 'math')!;

  it('puts the six math benchmarks in one table with the papers\' Avg (mean over the six)', () => {
    const lb: Leaderboard = { columns: [{ key: 'acc', label: 'Acc' }], rows: SIX.map((b, i) => runRow(b, 'ckpt', 10 * (i + 1))) };
    const reported = SIX.map((b, i) => reportedEntry(b, 20 + i));
    const [t] = buildGroupTables(lb, reported, [group]);
    expect(t!.rows).toEqual([
      { model: 'ckpt', source: 'run', values: Object.fromEntries(SIX.map((b, i) => [b, 10 * (i + 1)])), avg: 35 },
      { model: 'Qwen3-4B', source: 'reported: arXiv 2501.00001', values: Object.fromEntries(SIX.map((b, i) => [b, 20 + i])), avg: 22.5 },
    ]);
    const tab = groupTabular(t!);
    expect(tab.headers).toEqual(['model', 'source', 'AIME24', 'AIME25', 'AMC23', 'MATH-500', 'Minerva', 'Olympiad', 'Avg']);
    expect(tab.rows[0]).toEqual(['ckpt', 'run', '10.0', '20.0', '30.0', '40.0', '50.0', '60.0', '35.0']);
  });

  it('leaves Avg empty when a benchmark is missing, and makes no table without runs of the group', () => {
    const lb: Leaderboard = { columns: [], rows: [runRow('aime24', 'ckpt', 50)] };
    const [t] = buildGroupTables(lb, [], [group]);
    expect(t!.rows[0]!.avg).toBeNull();
    expect(groupTabular(t!).rows[0]!.at(-1)).toBe('');
    expect(buildGroupTables({ columns: [], rows: [runRow('spider', 'm', 1)] }, [], [group])).toEqual([]);
  });
});
