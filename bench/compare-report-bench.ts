// `agenteval compare A B` and `agenteval report A B` over two nq runs of N and of 4N samples each
// (40k at full size), as typed: wall time, peak RSS (target < 200 MB over two 40k runs) and their
// growth exponents N → 4N.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nqSizes, runNqDirect } from './nq-direct-bench.js';
import { fixedFigures, GROWTH_COLUMNS, growthFigures, POINT_COLUMNS, pointFigures, runTimeoutMs, spawnRunOk, startMockProcess, type Point, type SectionOptions, type SpawnResult } from './whole-process.js';


export async function benchCompareReport(opts: SectionOptions): Promise<Record<string, number | string>> {
  const { n } = nqSizes(opts.quick);
  const out: Record<string, number | string> = {};
  const mock = await startMockProcess('echo');
  const runs: Record<string, string> = {};
  try {
    // Size 1: two one-question runs, whose compare/report is the start-up cost subtracted below.
    for (const size of [1, n, 4 * n]) {
      // Run A is the nq section's run when it ran first in this bench; B always a run of its own.
      for (const side of ['A', 'B']) {
        const dir = side === 'A' ? join(opts.tmp, `nq-run-${size}`) : join(opts.tmp, `nq-run-${size}-B`);
        if (!existsSync(join(dir, 'summary.json'))) await runNqDirect(mock, opts.tmp, size, dir);
        runs[`${side}${size}`] = dir;
      }
    }
  } finally {
    await mock.stop();
  }
  const measure = async (size: number): Promise<{ compare: SpawnResult; report: SpawnResult }> => {
    const [a, b] = [runs[`A${size}`]!, runs[`B${size}`]!];
    const compare = await spawnRunOk(['compare', a, b, '--format', 'md'], {}, { timeoutMs: runTimeoutMs(), cwd: opts.tmp });
    const report = await spawnRunOk(['report', a, b, '--out', join(opts.tmp, `report-${size}.html`), '--no-history'], {}, { timeoutMs: runTimeoutMs(), cwd: opts.tmp });
    return { compare, report };
  };
  const fixed = await measure(1);
  const small = await measure(n);
  const large = await measure(4 * n);
  out.columns = POINT_COLUMNS.replace('per s', 'samples/s');
  out['growth columns'] = GROWTH_COLUMNS;
  for (const cmd of ['compare', 'report'] as const) {
    const a: Point = { units: 2 * n, run: small[cmd] };
    const b: Point = { units: 8 * n, run: large[cmd] };
    out[`${cmd}, two ${n}-sample runs`] = pointFigures(a);
    out[`${cmd}, two ${4 * n}-sample runs (peak RSS target < 200 MB)`] = pointFigures(b);
    out[`${cmd} start-up, two one-question runs (wall s · CPU s · peak RSS MB)`] = fixedFigures(fixed[cmd]);
    out[`${cmd} growth ${n}→${4 * n}`] = growthFigures(a, b, fixed[cmd]);
  }
  return out;
}
