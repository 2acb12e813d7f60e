// End-to-end cost of a math run as a user types it: `agenteval run math500 --preset rlvr-math -n 16`
// spawned from dist/ against a scripted endpoint in its own process, on a full-size problem file
// (N problems built from the bundled rows) and on 4N: wall time, samples/s and the child's peak RSS
// (VmHWM from /proc, polled), with growth exponents (1 = linear).
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetPath } from '../harness/paths.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const INSTRUCTION = 'Please reason step by step, and put your final answer within \\boxed{}.';

/** N problems cycling through the bundled rows of all six benchmarks, each made unique by a prefix. */
export function writeProblems(file: string, count: number): void {
  const dir = assetPath('benchmarks', 'math', 'data');
  const rows: Array<{ problem: string; answer: string }> = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) if (line.trim()) rows.push(JSON.parse(line) as { problem: string; answer: string });
  }
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = rows[i % rows.length]!;
    const body = r.problem.endsWith(INSTRUCTION) ? r.problem.slice(0, -INSTRUCTION.length).trimEnd() : r.problem;
    out.push(JSON.stringify({ id: String(i), problem: `Problem ${i}: ${body}\n${INSTRUCTION}`, answer: r.answer }));
  }
  writeFileSync(file, `${out.join('\n')}\n`);
}

async function startMathMock(file: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(join(here, 'math-mock-process.js'), [file], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (c) => reject(new Error(`math mock exited ${c}`)));
  });
  return { url, stop: () => new Promise((resolve) => { child.once('exit', () => resolve()); child.send('stop'); }) };
}

function vmHwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** One whole-process run; wall seconds and peak RSS (MB) of the agenteval process. */
async function runOnce(problems: number, tmp: string): Promise<{ secs: number; peakMb: number; samples: number; errors: number }> {
  const file = join(tmp, `math500-${problems}.jsonl`);
  writeProblems(file, problems);
  const mock = await startMathMock(file);
  const out = join(tmp, `run-${problems}`);
  try {
    const cli = assetPath('dist', 'harness', 'cli', 'main.js');
    const args = ['run', 'math500', '--data', file, '--preset', 'rlvr-math', '-n', '16', '--model', 'openai:bench', '--base-url', mock.url,
      '--out', out, '--results-dir', tmp, '--quiet', '--concurrency', '64'];
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, vmHwmKb(child.pid!))), 50);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearInterval(poll);
    const secs = (performance.now() - t0) / 1000;
    if (code !== 0 && code !== 3) throw new Error(`agenteval run exited ${code}: ${stderr.slice(-500)}`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { counts: { scored: number; errors: number } };
    return { secs, peakMb: peak / 1024, samples: summary.counts.scored + summary.counts.errors, errors: summary.counts.errors };
  } finally {
    await mock.stop();
  }
}

export async function benchMath(opts: { quick: boolean }): Promise<Record<string, number | string>> {
  const n = opts.quick ? 125 : 500;
  const tmp = mkdtempSync(join(tmpdir(), 'ae-math-bench-'));
  try {
    const small = await runOnce(n, tmp);
    const large = await runOnce(4 * n, tmp);
    const exp = (a: number, b: number) => (Math.log(b / a) / Math.log(4)).toFixed(2);
    return {
      [`math500 -n 16, ${n} problems: wall s`]: small.secs.toFixed(1),
      [`math500 -n 16, ${n} problems: samples/s`]: Math.round(small.samples / small.secs),
      [`math500 -n 16, ${n} problems: peak RSS MB`]: Math.round(small.peakMb),
      [`math500 -n 16, ${4 * n} problems: wall s`]: large.secs.toFixed(1),
      [`math500 -n 16, ${4 * n} problems: samples/s`]: Math.round(large.samples / large.secs),
      [`math500 -n 16, ${4 * n} problems: peak RSS MB`]: Math.round(large.peakMb),
      'growth exponent, wall time (1 = linear)': exp(small.secs, large.secs),
      'growth exponent, peak RSS': exp(small.peakMb, large.peakMb),
      'error records (small, large)': `${small.errors}, ${large.errors}`,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
