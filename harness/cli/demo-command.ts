import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { benchmarkGroups } from '../registry.js';
import { codeFor, exitWith, healthCode, worstCode } from './exit.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run every benchmark on its bundled sample data with the oracle model (no server needed) and print the leaderboard')
    .option('--out <dir>', 'where the demo runs go', join('results', 'demo'))
    .option('--quiet', 'no progress bar')
    .action(async (o: { out: string; quiet?: boolean }) => {
      const out = resolve(o.out);
      rmSync(out, { recursive: true, force: true });
      // Loaded here, not at start-up: every other command would pay for them.
      const [{ benchmarks }, { buildRunConfig }, { runBenchmark }, { loadRuns }, { loadReported }, { renderLeaderboard }] = await Promise.all([
        import('../all-benchmarks.js'),
        import('../run/options.js'),
        import('../run/execute.js'),
        import('../report/runs.js'),
        import('../report/reported.js'),
        import('../report/leaderboard-render.js'),
      ]);
      // Benchmarks that only read the user's data (e.g. the generic `math`) have nothing to self-check.
      const runnable = benchmarks().filter((b) => !b.describe().needsData);
      const names = runnable.map((b) => b.name);
      // No judge endpoint in the demo: judged benchmarks report their unjudged columns only.
      const config = buildRunConfig(names, { model: 'oracle', out, quiet: o.quiet ?? false, concurrency: 8, judge: 'none' });
      const log = (msg: string) => process.stderr.write(`${msg}\n`);
      const codes: number[] = [];
      try {
        for (const b of runnable) {
          const r = await runBenchmark(b, config, log);
          if (r.health.status !== 'ok') log(`${b.name}: ${r.health.message}`);
          codes.push(healthCode(r.health.status));
        }
        process.stdout.write(`\nOracle self-check on bundled data (every scorer must give full marks), beside reported numbers:\n\n`);
        process.stdout.write(`${renderLeaderboard(await loadRuns([out]), loadReported(), 'table', { groups: benchmarkGroups() })}\n`);
        process.stdout.write(`Run folders: ${out}\n`);
      } catch (err) {
        exitWith(codeFor(err), err);
      }
      exitWith(worstCode(codes));
    });
}
