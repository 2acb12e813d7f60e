import { startServerProcess } from './dist/bench/runner-bench.js';
import { createOpenAIClient } from './dist/harness/model/openai-client.js';
import { runSamples } from './dist/harness/runner/runner.js';
import { syntheticBenchmark } from './dist/bench/synthetic.js';
import { RecordWriter } from './dist/harness/store/run-store.js';
import { Pool } from 'undici';
import { mkdtempSync } from 'node:fs';
const srv = await startServerProcess(0);
const N = 20000, C = 64;
async function raw() {
  const u = new URL(srv.url); const pool = new Pool(u.origin, { connections: C, pipelining: 1 });
  let next = 0; const t0 = performance.now();
  await Promise.all(Array.from({ length: C }, async () => { while (next < N) { const i = next++; const r = await pool.request({ path: u.pathname + '/chat/completions', method: 'POST', headers: {'content-type':'application/json'}, body: JSON.stringify({model:'m',messages:[{role:'user',content:'question '+i}], temperature: 0}) }); await r.body.json(); } }));
  const rate = N / ((performance.now() - t0) / 1000); await pool.close(); return rate;
}
async function client() {
  const c = createOpenAIClient({ spec: 'openai:m', model: 'm', baseUrls: [srv.url], timeoutMs: 60000, maxRetries: 0, concurrency: C });
  let next = 0; const t0 = performance.now();
  await Promise.all(Array.from({ length: C }, async () => { while (next < N) { const i = next++; await c.chat({ messages: [{ role: 'user', content: 'question ' + i }], sampling: { temperature: 0 }, n: 1 }); } }));
  const rate = N / ((performance.now() - t0) / 1000); await c.close(); return rate;
}
async function runner(write) {
  const c = createOpenAIClient({ spec: 'openai:m', model: 'm', baseUrls: [srv.url], timeoutMs: 60000, maxRetries: 0, concurrency: C });
  const session = await syntheticBenchmark(N).open({});
  const dir = mkdtempSync('/tmp/ae-w-'); const w = new RecordWriter(dir);
  const r = await runSamples(session, { kind: 'openai', client: c, info: {} }, session.samples, { label: 'x', n: 1, sampling: { temperature: 0 }, concurrency: C, quiet: true, done: new Set(), write: write ? (rec) => w.append(rec) : () => {} });
  w.close(); await c.close();
  return r.written / (r.elapsedMs / 1000);
}
async function cpu(f) { const c0 = process.cpuUsage(); await f(); const c = process.cpuUsage(c0); return ((c.user + c.system) / N).toFixed(1); }
for (let k = 0; k < 3; k++) {
  console.log('cpu µs/req: raw', await cpu(raw), 'client', await cpu(client), 'runner(no write)', await cpu(() => runner(false)), 'runner(write)', await cpu(() => runner(true)));
}
await srv.stop();
