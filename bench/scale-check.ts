// Whole-process scaling of the commands that read or write big runs (issue 13): the CLI spawned
// as a user types it, under /usr/bin/time for the child's peak RSS (else /proc VmHWM), at N and
// 4N, with growth exponents log(x4N / xN) / log 4 — ≈ 1 for time (linear), ≈ 0 for memory
// (bounded). `run` is nq --protocol direct over a generated FlashRAG file against the mock
// endpoint in its own process; `compare` and `report` read two such runs.
//   node dist/bench/scale-check.js [N=10000] [memory run size=100000]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from './runner-bench.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'harness', 'cli', 'main.js');
const N = Number(process.argv[2] ?? 10_000);
const MEM = Number(process.argv[3] ?? 100_000);

interface Measure {
  wallS: number;
  rssMb: number;
  code: number;
}

/** Spawn the CLI; wall clock and the child's peak RSS (GNU time's %M, in KB). */
function measure(args: string[]): Promise<Measure> {
  const gnuTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const child = gnuTime
    ? spawn('/usr/bin/time', ['-f', 'PEAK_RSS_KB %M', process.execPath, cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  let hwm = 0;
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  // Without GNU time: sample the child's high-water mark while it lives.
  const poll = gnuTime
    ? null
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwm = Math.max(hwm, Number(m[1]));
        } catch {
          /* exited */
        }
      }, 20);
  return new Promise((ok, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const m = /PEAK_RSS_KB (\d+)/.exec(err);
      const kb = m ? Number(m[1]) : hwm;
      if (code !== 0 && code !== 3) return fail(new Error(`agenteval ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      ok({ wallS: (performance.now() - t0) / 1000, rssMb: Math.round(kb / 1024), code: code ?? -1 });
    });
  });
}

function questions(dir: string, n: number): string {
  const file = join(dir, `nq-${n}.jsonl`);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify({ id: `q${i}`, question: `who wrote the song number ${i} of the year`, golden_answers: [`mock answer ${i}`] }));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const exponent = (a: number, b: number) => Math.round((Math.log(b / a) / Math.log(4)) * 100) / 100;

const mock = await startServerProcess(0);
const tmp = mkdtempSync(join(tmpdir(), 'ae-scale-'));
try {
  const run = (n: number, name: string) =>
    measure(['run', 'nq', '--protocol', 'direct', '--data', questions(tmp, n), '--model', 'openai:m', '--base-url', mock.url, '--concurrency', '64',
      '--out', join(tmp, name), '--results-dir', join(tmp, 'results'), '--quiet']);
  const rows: Array<Record<string, string | number>> = [];
  const row = (what: string, a: Measure, b: Measure, sizes: string) =>
    rows.push({ what, sizes, wall_s: `${a.wallS.toFixed(2)} → ${b.wallS.toFixed(2)}`, time_exponent: exponent(a.wallS, b.wallS), peak_rss_mb: `${a.rssMb} → ${b.rssMb}`, rss_exponent: exponent(a.rssMb, b.rssMb) });

  const a1 = await run(N, 'a1');
  const b1 = await run(N, 'b1');
  const a4 = await run(4 * N, 'a4');
  const b4 = await run(4 * N, 'b4');
  row('run nq --protocol direct', a1, a4, `${N} → ${4 * N}`);
  const cmp = (x: string, y: string) => measure(['compare', join(tmp, x), join(tmp, y), '--format', 'json']);
  row('compare (two runs)', await cmp('a1', 'b1'), await cmp('a4', 'b4'), `2×${N} → 2×${4 * N}`);
  const rep = (x: string, y: string) => measure(['report', join(tmp, x), join(tmp, y), '--out', join(tmp, `${x}.html`)]);
  row('report (two runs)', await rep('a1', 'b1'), await rep('a4', 'b4'), `2×${N} → 2×${4 * N}`);
  const big = await run(MEM, 'mem');
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
  process.stdout.write(`${JSON.stringify({ what: `run nq --protocol direct, ${MEM} samples`, wall_s: big.wallS.toFixed(2), peak_rss_mb: big.rssMb, target: '< 200 MB' })}\n`);
  process.stdout.write(`${JSON.stringify({ b1_rss: b1.rssMb, b4_rss: b4.rssMb })}\n`);
} finally {
  await mock.stop();
  rmSync(tmp, { recursive: true, force: true });
}
