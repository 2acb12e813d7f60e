// Shards of a real benchmark run, merged, give the unsharded run's summary (the streaming folds
// must not depend on the order records arrive in: merged files hold them shard by shard).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getBenchmark } from '../harness/all-benchmarks.js';
import { mergeRuns } from '../harness/report/merge.js';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import type { Manifest } from '../harness/store/manifest.js';
import type { Summary } from '../harness/summary/summarize.js';
import type { SampleRecord } from '../harness/types.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'summary-parity');
const tmp = mkdtempSync(join(tmpdir(), 'ae-merge-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const strip = (s: Summary) => {
  const { wall_time_s: _w, ...rest } = JSON.parse(JSON.stringify(s)) as Summary;
  return rest;
};

describe('mergeRuns on real benchmarks', () => {
  it.each(['nq-replay-n4', 'recrm-bench-replay-n3'])('%s: three shards merge to the unsharded summary', async (name) => {
    const manifest = JSON.parse(readFileSync(join(FIXTURES, name, 'manifest.json'), 'utf8')) as Manifest;
    const records = readFileSync(join(FIXTURES, name, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord);
    // Shards write in reverse order of the replay file, so the merged file's order differs from the unsharded one's.
    const file = join(tmp, `${name}.jsonl`);
    writeFileSync(file, records.filter((r) => r.output !== null).reverse().map((r) => JSON.stringify({ id: r.id, sample: r.sample, output: r.output })).join('\n'));
    const bench = getBenchmark(manifest.benchmark)!;
    const options = ((manifest.config as Record<string, unknown>).benchmarkOptions ?? {}) as Record<string, unknown>;
    const run = (out: string, shard?: string) =>
      runBenchmark(
        bench,
        buildRunConfig([manifest.benchmark], {
          ...options, model: `replay:${file}`, out, resultsDir: join(tmp, 'results'), quiet: true, samples: String(manifest.n),
          k: manifest.ks.join(','), temperature: String(manifest.sampling.temperature), ...(shard ? { shard } : {}),
        }),
        () => {},
        { history: false },
      );
    const whole = await run(join(tmp, name, 'whole'));
    const dirs: string[] = [];
    for (const shard of ['2/3', '0/3', '1/3']) {
      const d = join(tmp, name, `shard${shard[0]}`);
      await run(d, shard);
      dirs.push(d);
    }
    const merged = await mergeRuns(dirs, join(tmp, name, 'merged'), getBenchmark);
    expect(strip(merged)).toEqual(strip(whole.summary));
  });
});
