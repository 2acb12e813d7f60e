// In-process runner throughput (the synthetic benchmark through runBenchmark) vs a bare undici Pool
// loop against the same zero-latency mock, and busy-ness at 50 ms latency. The whole-process figures
// of real benchmarks are in nq-direct-bench.ts and its siblings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { syntheticBenchmark } from './synthetic.js';
import { startMockProcess, type MockProcess } from './whole-process.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export async function startServerProcess(latencyMs: number): Promise<MockProcess> {
  return startMockProcess('echo', latencyMs);
}

/** The baseline: the same requests through a bare undici Pool, no harness around it. */
async function rawUndici(url: string, requests: number, concurrency: number): Promise<number> {
  const u = new URL(url);
  const pool = new Pool(u.origin, { connections: concurrency, pipelining: 1 });
  const path = `${u.pathname.replace(/\/$/, '')}/chat/completions`;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const res = await pool.request({
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `question ${i}` }], temperature: 0 }),
        });
        await res.body.json();
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  await pool.close();
  return requests / secs;
}

/** Requests/s of `agenteval run`: sustained (dispatch phase) and end to end (open + run + summary). */
async function agentevalRun(url: string, requests: number, concurrency: number): Promise<{ sustained: number; endToEnd: number }> {
  const tmp = mkdtempSync(join(tmpdir(), 'ae-bench-'));
  try {
    const config = buildRunConfig(['synthetic'], { model: 'openai:m', baseUrl: url, out: join(tmp, 'run'), resultsDir: tmp, quiet: true, concurrency: String(concurrency), maxRetries: 0 });
    const t0 = performance.now();
    const r = await runBenchmark(syntheticBenchmark(requests), config, () => {});
    const secs = (performance.now() - t0) / 1000;
    if (r.summary.counts.scored !== requests) throw new Error(`expected ${requests} scored samples, got ${r.summary.counts.scored}`);
    return { sustained: r.written / (r.dispatchMs / 1000), endToEnd: requests / secs };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function benchRunner(opts: { requests?: number; concurrency?: number } = {}): Promise<Record<string, number | string>> {
  const requests = opts.requests ?? 20_000;
  const concurrency = opts.concurrency ?? 64;
  const out: Record<string, number | string> = {};
  const fast = await startServerProcess(0);
  try {
    // Warm both paths once (JIT, connections), then alternate to cancel drift.
    await rawUndici(fast.url, 2000, concurrency);
    await agentevalRun(fast.url, 2000, concurrency);
    // Interleaved rounds (raw, agenteval, raw, …): this VM's speed drifts, so each round's ratio
    // compares neighbours; the median over rounds is the figure.
    const rounds = 5;
    const raw: number[] = [];
    const sustained: number[] = [];
    const endToEnd: number[] = [];
    for (let i = 0; i < rounds; i++) {
      raw.push(await rawUndici(fast.url, requests, concurrency));
      const r = await agentevalRun(fast.url, requests, concurrency);
      sustained.push(r.sustained);
      endToEnd.push(r.endToEnd);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratios = sustained.map((x, i) => x / raw[i]!);
    const e2eRatios = endToEnd.map((x, i) => x / raw[i]!);
    out['runner.requests × rounds'] = `${requests} × ${rounds}`;
    out['runner.concurrency'] = concurrency;
    out['raw_undici.req_per_s (median)'] = Math.round(median(raw));
    out['agenteval.sustained_req_per_s (median; dispatch → last record: client, scoring, store)'] = Math.round(median(sustained));
    out['agenteval.end_to_end_req_per_s (median; + open, resume scan, summary with bootstrap CIs)'] = Math.round(median(endToEnd));
    out['ratio sustained / raw undici (median of rounds; target ≥ 0.8)'] = Number(median(ratios).toFixed(3));
    out['ratio sustained / raw undici (min–max over rounds)'] = `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
    out['ratio end-to-end / raw undici (median)'] = Number(median(e2eRatios).toFixed(3));
  } finally {
    await fast.stop();
  }
  const slow = await startServerProcess(50);
  try {
    const n = concurrency * 40;
    const rate = (await agentevalRun(slow.url, n, concurrency)).sustained;
    const ideal = concurrency / 0.05;
    out['latency50ms.sustained_req_per_s'] = Math.round(rate);
    out['latency50ms.busy (sustained rate ÷ concurrency/latency, target ≥ 0.9)'] = Number((rate / ideal).toFixed(3));
  } finally {
    await slow.stop();
  }
  return out;
}
