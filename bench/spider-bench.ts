// `agenteval run spider -n 16` (single-turn EX, Spider test-suite mode) as typed, at N and 4N problems,
// beside a bare undici loop sending the same number of requests (n = 16 in one request each, as the
// runner asks endpoints that support `n`). The mock answers one SQL statement that runs on every
// database, so every sample is executed and scored (0: it is not the gold query).
import { join } from 'node:path';
import { writeSpiderCopies } from './gen-data.js';
import { bareUndiciLoop, GROWTH_COLUMNS, growthFigures, POINT_COLUMNS, pointFigures, fixedFigures, runTimeoutMs, spawnRunOk, startMockProcess, type Point, type SectionOptions, type SpawnResult } from './whole-process.js';

const CONCURRENCY = 64;

export async function benchSpiderN16(opts: SectionOptions): Promise<Record<string, number | string>> {
  const copies = opts.quick ? [1, 4] : [4, 16];
  const mock = await startMockProcess('sql');
  const out: Record<string, number | string> = { columns: POINT_COLUMNS };
  try {
    // As typed: agenteval run spider --model … --base-url … --data DIR -n 16 --concurrency 64 --out …
    const args = (data: string, outDir: string) =>
      ['run', 'spider', '--model', 'openai:m', '--base-url', mock.url, '--data', data, '-n', '16', '--concurrency', String(CONCURRENCY), '--out', outDir];
    const rows: Point[] = [];
    let fixed: SpawnResult | undefined;
    for (const k of copies) {
      const data = join(opts.tmp, `spider-x${k}`);
      writeSpiderCopies(data, k);
      if (!fixed) {
        fixed = await spawnRunOk([...args(data, join(opts.tmp, `spider-run-1`)), '--limit', '1'], {}, { timeoutMs: runTimeoutMs(), cwd: opts.tmp, allowSampleErrors: true });
        out['start-up, one problem (wall s · CPU s · peak RSS MB)'] = fixedFigures(fixed);
      }
      const before = await mock.count();
      const r = await spawnRunOk(
        args(data, join(opts.tmp, `spider-run-${k}`)),
        {},
        { timeoutMs: runTimeoutMs(), cwd: opts.tmp },
      );
      const requests = (await mock.count()) - before;
      const bareMs = await bareUndiciLoop(mock.url, {
        requests,
        concurrency: CONCURRENCY,
        body: (i) => ({ model: 'm', n: 16, temperature: 1, messages: [{ role: 'user', content: `Write SQL for question ${i}.` }] }),
      });
      const problems = 45 * k;
      const p: Point = { units: problems * 16, run: r, bareMs };
      out[`spider n=16, ${problems} problems (${problems * 16} samples, ${requests} requests)`] = pointFigures(p);
      rows.push(p);
    }
    out['growth columns'] = GROWTH_COLUMNS;
    out['growth N→4N'] = growthFigures(rows[0]!, rows[1]!, fixed);
  } finally {
    await mock.stop();
  }
  return out;
}
