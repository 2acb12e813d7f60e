// The summary `run`, `merge` and `rescore` print: one line per metric, within 120 columns.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderTabular } from '../harness/report/render.js';
import { summaryTable } from '../harness/report/summary-table.js';
import { readJson } from '../harness/store/run-store.js';
import type { Summary } from '../harness/summary/summarize.js';
import { judgedRuns } from './helpers/judged-runs.js';

const tmp = mkdtempSync(join(tmpdir(), 'ae-sumtab-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('summaryTable', () => {
  it('prints every metric once (no pass@1 beside the mean), breakdowns and counts, within 120 columns', async () => {
    const [dir] = await judgedRuns(tmp, ['LongCat-Large-Thinking-2512']);
    const s = await readJson<Summary>(join(dir!, 'summary.json'));
    const text = renderTabular(summaryTable(s), 'table');
    const lines = text.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(120);
    expect(text).not.toContain('pass@1');
    expect(text).toMatch(/│ Completeness\s+│ 80\.0 \[80\.0, 80\.0\]\s+│ 3\s+│ completeness\s+│/);
    expect(text).toMatch(/│ Correctness · difficulty=L3 /);
    expect(text).toMatch(/│ samples scored \/ expected\s+│ 3 \/ 3 /);
    // Nothing wraps: one line per row (no lines between rows either).
    expect(lines.filter((l) => l.startsWith('│')).length).toBe(summaryTable(s).rows.length + 1);
  });
});
