// A large run in a process of its own; prints its peak RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { startServerProcess } from './runner-bench.js';
import { syntheticBenchmark } from './synthetic.js';

const samples = Number(process.argv[2] ?? 100_000);
// The endpoint runs in its own process: the figure is agenteval's own memory.
const mock = await startServerProcess(0);
const tmp = mkdtempSync(join(tmpdir(), 'ae-mem-'));
try {
  const config = buildRunConfig(['synthetic'], { model: 'openai:m', baseUrl: mock.url, out: join(tmp, 'run'), resultsDir: tmp, quiet: true, concurrency: '64' });
  const t0 = performance.now();
  let peakDuringRun = 0;
  const sampler = setInterval(() => (peakDuringRun = Math.max(peakDuringRun, process.memoryUsage.rss())), 50);
  const r = await runBenchmark(syntheticBenchmark(samples), config, () => {});
  clearInterval(sampler);
  const secs = (performance.now() - t0) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({
      'memory.samples': r.summary.counts.scored,
      'memory.peak_rss_mb (target < 200)': Math.round(peakMb),
      'memory.req_per_s': Math.round(samples / secs),
      'memory.rss_sampled_mb': Math.round(peakDuringRun / 1048576),
    }),
  );
} finally {
  await mock.stop();
  rmSync(tmp, { recursive: true, force: true });
}
