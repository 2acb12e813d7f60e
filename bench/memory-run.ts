// A large run in a process of its own; prints its peak RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { startMockOpenAI } from '../harness/testing/mock-openai.js';
import { syntheticBenchmark } from './synthetic.js';

const samples = Number(process.argv[2] ?? 100_000);
const mock = await startMockOpenAI({ record: false });
const tmp = mkdtempSync(join(tmpdir(), 'ae-mem-'));
try {
  const config = buildRunConfig(['synthetic'], { model: 'openai:m', baseUrl: mock.url, out: join(tmp, 'run'), resultsDir: tmp, quiet: true, concurrency: '64' });
  const t0 = performance.now();
  const r = await runBenchmark(syntheticBenchmark(samples), config, () => {});
  const secs = (performance.now() - t0) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({
      'memory.samples': r.summary.counts.scored,
      'memory.peak_rss_mb (target < 200, incl. the in-process mock server)': Math.round(peakMb),
      'memory.req_per_s': Math.round(samples / secs),
    }),
  );
} finally {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
}
