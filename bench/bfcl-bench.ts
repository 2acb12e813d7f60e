// BFCL bench: (1) checker throughput — decode + check of the bundled entries' reference answers
// in both modes, cases/s on one core; (2) a whole-process run — `agenteval run bfcl --mode fc`
// spawned as a user types it, over all single-turn categories at full size (~3,500 entries made in
// BFCL's layout from the bundled sample) against a local endpoint (own process) returning tool
// calls: wall time and the child's peak RSS (VmHWM polled from /proc/<pid>/status).
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, FULL_SIZES, isRelevance } from '../benchmarks/bfcl/categories.js';
import { answerFile, bundledDataDir, entryFile, loadBfcl } from '../benchmarks/bfcl/load.js';
import { oracleText, oracleToolCalls } from '../benchmarks/bfcl/oracle.js';
import { evaluate } from '../scorers/bfcl/evaluate.js';

const here = dirname(fileURLToPath(import.meta.url));

function checkerThroughput(samples: Awaited<ReturnType<typeof loadBfcl>>['samples'], seconds: number): Record<string, number> {
  const cases = samples.flatMap((s) => {
    const c = { category: s.category, docs: s.docs, expected: s.expected };
    const text = oracleText(s);
    const calls = oracleToolCalls(s);
    return [() => evaluate(c, 'prompt', text, []), () => evaluate(c, 'fc', '', calls)];
  });
  let n = 0;
  let valid = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const f of cases) {
      if (f().result.valid) valid++;
      n++;
    }
  }
  const secs = (performance.now() - t0) / 1000;
  return { 'checker.cases_per_s (decode + check, 1 core)': Math.round(n / secs), 'checker.valid_fraction': Math.round((valid / n) * 1000) / 1000 };
}

/** Full-size copies of each category, in BFCL's layout, from the bundled lines (ids made unique). */
function makeFullSizeData(dir: string): number {
  mkdirSync(join(dir, 'possible_answer'), { recursive: true });
  const src = bundledDataDir();
  let total = 0;
  for (const c of CATEGORIES) {
    const lines = readFileSync(entryFile(src, c), 'utf8').split('\n').filter(Boolean);
    const answers = isRelevance(c) ? [] : readFileSync(answerFile(src, c), 'utf8').split('\n').filter(Boolean);
    const outE: string[] = [];
    const outA: string[] = [];
    for (let i = 0; i < FULL_SIZES[c]; i++) {
      const k = i % lines.length;
      const e = JSON.parse(lines[k]!) as { id: string };
      const id = `${e.id}__${Math.floor(i / lines.length)}`;
      outE.push(JSON.stringify({ ...e, id }));
      if (answers.length) outA.push(JSON.stringify({ ...(JSON.parse(answers[k]!) as object), id }));
    }
    writeFileSync(entryFile(dir, c), `${outE.join('\n')}\n`);
    if (outA.length) writeFileSync(answerFile(dir, c), `${outA.join('\n')}\n`);
    total += outE.length;
  }
  return total;
}

async function startEndpoint(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = fork(join(here, 'bfcl-endpoint.js'), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = await new Promise<string>((res, rej) => {
    child.stdout!.once('data', (d: Buffer) => res(d.toString().trim()));
    child.once('exit', (code) => rej(new Error(`endpoint exited (${code})`)));
  });
  return { url, stop: () => new Promise<void>((res) => (child.once('exit', () => res()), child.send('stop'))) };
}

function vmHwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of a live process in seconds (/proc/<pid>/stat fields 14 and 15, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

async function wholeRun(quick: boolean): Promise<Record<string, number | string>> {
  const tmp = mkdtempSync(join(tmpdir(), 'ae-bfcl-bench-'));
  const endpoint = await startEndpoint();
  try {
    const data = join(tmp, 'data');
    const entries = makeFullSizeData(data);
    const cli = join(here, '..', 'harness', 'cli', 'main.js');
    const args = [cli, 'run', 'bfcl', '--mode', 'fc', '--model', 'openai:bench', '--base-url', endpoint.url, '--data', data, '--out', join(tmp, 'run'), '--results-dir', tmp, '--quiet', '--concurrency', '32'];
    if (quick) args.push('--limit', '500');
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, OPENAI_API_KEY: 'bench' } });
    let peak = 0;
    let cpu = 0;
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      peak = Math.max(peak, vmHwmKb(child.pid!));
      cpu = Math.max(cpu, cpuSeconds(child.pid!));
    }, 20);
    const code = await new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
    clearInterval(poll);
    const secs = (performance.now() - t0) / 1000;
    if (code !== 0 && code !== 3) throw new Error(`agenteval run exited ${code}: ${stderr.slice(-500)}`);
    const summaryPath = join(tmp, 'run', 'summary.json');
    const summary = existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as { counts: { scored: number; errors: number } }) : null;
    return {
      'run.entries (generated, BFCL layout)': entries,
      'run.samples_scored': summary?.counts.scored ?? 0,
      'run.errors': summary?.counts.errors ?? 0,
      'run.wall_s (process start → exit)': Math.round(secs * 100) / 100,
      'run.samples_per_s': Math.round((summary?.counts.scored ?? 0) / secs),
      'run.child_cpu_s (last poll before exit)': Math.round(cpu * 100) / 100,
      'run.child_peak_rss_mb (VmHWM)': Math.round(peak / 1024),
    };
  } finally {
    await endpoint.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function benchBfcl(opts: { quick: boolean }): Promise<Record<string, number | string>> {
  const { samples } = await loadBfcl(CATEGORIES);
  return { ...checkerThroughput(samples, opts.quick ? 1 : 3), ...(await wholeRun(opts.quick)) };
}
