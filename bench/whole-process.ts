// Whole-process measurement helpers for `npm run bench` sections (and for other helpers' sections):
// spawn `node dist/harness/cli/main.js …` exactly as a user types `agenteval …`, time its wall clock
// and its peak RSS, and compare with a bare undici Pool loop sending the same requests.
//
// Peak RSS: with /usr/bin/time present (GNU time), the child runs under `/usr/bin/time -f %M -o FILE`,
// the kernel's max resident set of the process (getrusage ru_maxrss) — exact, including the last
// milliseconds before exit. Without it, /proc/<pid>/status VmHWM (the kernel's high-water mark) is
// polled every 20 ms, which can miss growth in the final poll interval. `rssMethod` says which.
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Compiled files beside this one (dist/bench/), or — imported from source by a test — under dist/. */
const compiled = (...rel: string[]): string => {
  const beside = join(here, '..', ...rel);
  return existsSync(beside) ? beside : join(here, '..', 'dist', ...rel);
};
/** dist/harness/cli/main.js, the `agenteval` bin. */
export const CLI = compiled('harness', 'cli', 'main.js');
const GNU_TIME = '/usr/bin/time';

export type RssMethod = '/usr/bin/time %M' | '/proc VmHWM polled';

export interface SpawnResult {
  wallMs: number;
  /** Peak resident set of the agenteval process, MB (MiB). */
  peakRssMb: number;
  rssMethod: RssMethod;
  /** User + system CPU time of the agenteval process (from /usr/bin/time; NaN without it). On a
   * shared machine this moves less than wall time when other processes compete for the cores. */
  cpuMs: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Killed after `timeoutMs`. */
  timedOut: boolean;
}

/** `VmHWM:   123456 kB` of a /proc/<pid>/status text, in MiB; null when absent. */
export function parseVmHwmMb(status: string): number | null {
  const m = /^VmHWM:\s+(\d+)\s*kB/m.exec(status);
  return m ? Number(m[1]) / 1024 : null;
}

/** The kernel's peak-RSS high-water mark of a live process, MiB; null once it has gone. */
export function readPeakRssMb(pid: number | 'self'): number | null {
  try {
    return parseVmHwmMb(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Growth exponent between a measurement at N and at 4N: log(x4N / xN) / log 4. Wall time of a
 * linear workload gives ≈ 1, a quadratic one ≈ 2; peak RSS that does not grow with the run ≈ 0.
 */
export function growthExponent(xN: number, x4N: number, factor = 4): number {
  if (!(xN > 0) || !(x4N > 0)) return Number.NaN;
  return Math.log(x4N / xN) / Math.log(factor);
}

/** Per-run limit of whole-process runs: $AE_BENCH_RUN_TIMEOUT_S seconds, default 600. */
export function runTimeoutMs(): number {
  const s = Number(process.env.AE_BENCH_RUN_TIMEOUT_S ?? 600);
  return (Number.isFinite(s) && s > 0 ? s : 600) * 1000;
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

/**
 * Run `agenteval <args>` in a child process as a user would (`node dist/harness/cli/main.js`), with
 * the caller's environment plus `env`. Never rejects on a non-zero exit: the caller decides.
 */
export async function spawnRun(args: readonly string[], env: Record<string, string> = {}, opts: { timeoutMs?: number; cwd?: string } = {}): Promise<SpawnResult> {
  const gnu = hasGnuTime();
  const tmp = gnu ? mkdtempSync(join(tmpdir(), 'ae-time-')) : null;
  const timeFile = tmp ? join(tmp, 'maxrss') : null;
  const argv = [CLI, ...args];
  // A process group of its own, so a timeout kills agenteval and not only /usr/bin/time.
  const spawnOpts = { env: { ...process.env, ...env }, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'], detached: true };
  const child = gnu ? spawn(GNU_TIME, ['-f', '%M %U %S', '-o', timeFile!, process.execPath, ...argv], spawnOpts) : spawn(process.execPath, argv, spawnOpts);
  const t0 = performance.now();
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-20_000)));
  let polled = 0;
  const poll = gnu ? null : setInterval(() => (polled = Math.max(polled, readPeakRssMb(child.pid!) ?? 0)), 20);
  let timedOut = false;
  const killer = opts.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, opts.timeoutMs)
    : null;
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const wallMs = performance.now() - t0;
  if (poll) clearInterval(poll);
  if (killer) clearTimeout(killer);
  let peakRssMb = polled;
  let cpuMs = Number.NaN;
  if (timeFile) {
    // GNU time writes "Command exited with non-zero status N" before the figures on failures.
    const lines = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n') : [];
    const [maxKb, user, sys] = (lines[lines.length - 1] ?? '').trim().split(/\s+/).map(Number);
    peakRssMb = (maxKb ?? Number.NaN) / 1024;
    cpuMs = ((user ?? Number.NaN) + (sys ?? Number.NaN)) * 1000;
    rmSync(tmp!, { recursive: true, force: true });
  }
  return { wallMs, peakRssMb, rssMethod: gnu ? '/usr/bin/time %M' : '/proc VmHWM polled', cpuMs, exitCode, stdout, stderr, timedOut };
}

/** A spawned run that must succeed (exit 0, or 3 when `allowSampleErrors`): else an error with its stderr tail. */
export async function spawnRunOk(args: readonly string[], env: Record<string, string> = {}, opts: { timeoutMs?: number; cwd?: string; allowSampleErrors?: boolean } = {}): Promise<SpawnResult> {
  const r = await spawnRun(args, env, opts);
  const ok = r.exitCode === 0 || (opts.allowSampleErrors === true && r.exitCode === 3);
  if (!ok) throw new Error(`agenteval ${args.join(' ')} → ${r.timedOut ? 'timed out' : `exit ${r.exitCode}`}\n${r.stderr.slice(-2000)}`);
  return r;
}

export interface BareLoopOptions {
  /** Requests to send. */
  requests: number;
  concurrency: number;
  /** Request body i (default: a one-message chat request). */
  body?: (i: number) => Record<string, unknown>;
  /** Path under the base URL (default chat/completions). */
  path?: string;
}

/**
 * The baseline: the same number of requests through a bare undici Pool (keep-alive, one connection
 * per slot), bodies parsed, nothing else. Returns wall ms.
 */
export async function bareUndiciLoop(baseUrl: string, o: BareLoopOptions): Promise<number> {
  const u = new URL(baseUrl);
  const pool = new Pool(u.origin, { connections: o.concurrency, pipelining: 1 });
  const path = `${u.pathname.replace(/\/$/, '')}/${o.path ?? 'chat/completions'}`;
  const body = o.body ?? ((i: number) => ({ model: 'm', messages: [{ role: 'user', content: `question ${i}` }], temperature: 0 }));
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next < o.requests) {
        const i = next++;
        const res = await pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body(i)) });
        await res.body.json();
      }
    }),
  );
  const ms = performance.now() - t0;
  await pool.close();
  return ms;
}

export type MockMode = 'echo' | 'sql' | 'ls-agent' | 'ls-judge' | 'recrm';

export interface MockProcess {
  /** `http://127.0.0.1:PORT/v1` */
  url: string;
  /** Requests the endpoint has answered so far. */
  count(): Promise<number>;
  /** CPU time (user + system) the endpoint process has used so far, ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** The mock OpenAI endpoint in a process of its own (bench/mock-server-process.ts), scripted by `mode`. */
export function startMockProcess(mode: MockMode = 'echo', latencyMs = 0): Promise<MockProcess> {
  return forkMockProcess('mock-server-process.js', [String(latencyMs), mode], mode);
}

/**
 * A mock endpoint script of dist/bench/ in a process of its own: it prints its URL on stdout and
 * answers the IPC messages 'count' (with `{ count }`) and 'stop'.
 */
export async function forkMockProcess(script: string, argv: readonly string[], label = script): Promise<MockProcess> {
  const child = fork(compiled('bench', script), [...argv], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (c) => reject(new Error(`mock server (${label}) exited ${c}`)));
  });
  const ask = () =>
    new Promise<{ count: number; cpuMs: number }>((resolve) => {
      child.once('message', (m: { count: number; cpuMs: number }) => resolve(m));
      child.send('count');
    });
  return {
    url,
    count: async () => (await ask()).count,
    cpuMs: async () => (await ask()).cpuMs,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

/** What every section gets from bench/main.ts. */
export interface SectionOptions {
  /** Smaller sizes (`--quick`). */
  quick: boolean;
  /** A temp folder of the bench run, removed at the end; sections may share files through it. */
  tmp: string;
}

/** A bench section: figures by name, printed in order. */
export type BenchSection = (opts: SectionOptions) => Promise<Record<string, number | string>>;

/** Numbers for the printed table: fixed decimals, NaN as "n/a". */
export function fmt(x: number, digits = 2): number | string {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : 'n/a';
}

/** One measured size of a workload: the spawned run and, when measured, the bare loop's wall ms. */
export interface Point {
  /** Work items (questions, samples, tasks) the run did. */
  units: number;
  run: SpawnResult;
  bareMs?: number;
}

/** Column headings of `pointFigures`, for the printed key. */
export const POINT_COLUMNS = 'wall s · CPU s · per s · ÷ bare undici (rate ratio) · peak RSS MB';

/** "wall s · CPU s · units/s · rate ratio to the bare loop · peak RSS MB" of one point. */
export function pointFigures(p: Point): string {
  const r = p.run;
  const ratio = p.bareMs === undefined ? 'n/a' : fmt(p.bareMs / r.wallMs);
  return `${fmt(r.wallMs / 1000, 1)} · ${fmt(r.cpuMs / 1000, 1)} · ${Math.round(p.units / (r.wallMs / 1000))} · ${ratio} · ${Math.round(r.peakRssMb)}`;
}

export const GROWTH_COLUMNS = 'exponents: wall (≈1) · CPU · CPU above start-up (≈1) · bare undici wall · peak RSS (≈0)';

/**
 * Growth exponents between a point at N and one at 4N (same workload, 4× the units). A process's
 * fixed cost (start-up: module loading, opening the benchmark, summary, history) flattens the raw
 * exponents at small N; `fixed`, the same command on one problem, is subtracted from the CPU times
 * for the "above startup" exponent, the one a superlinear loop shows up in.
 */
export function growthFigures(a: Point, b: Point, fixed?: SpawnResult): string {
  const f = b.units / a.units;
  const bare = a.bareMs !== undefined && b.bareMs !== undefined ? fmt(growthExponent(a.bareMs, b.bareMs, f)) : 'n/a';
  const marginal = fixed ? fmt(growthExponent(a.run.cpuMs - fixed.cpuMs, b.run.cpuMs - fixed.cpuMs, f)) : 'n/a';
  return `${fmt(growthExponent(a.run.wallMs, b.run.wallMs, f))} · ${fmt(growthExponent(a.run.cpuMs, b.run.cpuMs, f))} · ${marginal} · ${bare} · ${fmt(growthExponent(a.run.peakRssMb, b.run.peakRssMb, f))}`;
}

/** "wall s · CPU s · peak RSS MB" of the one-problem run a section subtracts as start-up cost. */
export function fixedFigures(r: SpawnResult): string {
  return `${fmt(r.wallMs / 1000, 1)} · ${fmt(r.cpuMs / 1000, 1)} · ${Math.round(r.peakRssMb)}`;
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** One workload measured at two sizes by `measureGrowth`. */
export interface GrowthSpec {
  /** Prefix of the temp folders (`<name>-x<size>`, `<name>-run-<size>`). */
  name: string;
  /** The two size parameters (copies, problems…), the second 4× the first. */
  sizes: readonly [number, number];
  /** Writes the data of one size under `dir`; returns the `--data` path and the work units it holds. */
  prepare(size: number, dir: string): { data: string; units: number } | Promise<{ data: string; units: number }>;
  /** `agenteval` arguments as typed, without `--out`. */
  args(data: string): string[];
  /** Every endpoint the run talks to: their request counts size the bare loop. */
  mocks: readonly MockProcess[];
  /** The bare undici loop's endpoint and body (default: the first mock, a one-message chat request). */
  bare?: { url?: string; body?: (i: number) => Record<string, unknown> };
  concurrency: number;
  /** Row label of a size: "<what>, <units…>" (requests and error records are appended). */
  label(size: number, units: number): string;
  env?: Record<string, string>;
}

/** `counts` of a run folder's summary.json, or null when the run wrote none. */
function summaryCounts(outDir: string): { scored: number; errors: number } | null {
  const file = join(outDir, 'summary.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { counts: { scored: number; errors: number } }).counts : null;
}

/**
 * The N → 4N measurement most whole-process sections share: the start-up cost (the same command on
 * one problem, `--limit 1`), then each size as typed beside a bare undici loop sending as many
 * requests as the mocks answered, then the growth exponents. Exit 3 (some error records) is allowed
 * and the error records are printed with each row.
 */
export async function measureGrowth(spec: GrowthSpec, opts: SectionOptions): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = { columns: POINT_COLUMNS };
  const run = (data: string, outDir: string, extra: string[] = []) =>
    spawnRunOk([...spec.args(data), '--out', outDir, ...extra], spec.env ?? {}, { timeoutMs: runTimeoutMs(), cwd: opts.tmp, allowSampleErrors: true });
  const served = async () => (await Promise.all(spec.mocks.map((m) => m.count()))).reduce((a, b) => a + b, 0);
  const rows: Point[] = [];
  let fixed: SpawnResult | undefined;
  for (const size of spec.sizes) {
    const { data, units } = await spec.prepare(size, join(opts.tmp, `${spec.name}-x${size}`));
    if (!fixed) {
      fixed = await run(data, join(opts.tmp, `${spec.name}-run-1`), ['--limit', '1']);
      out['start-up, one problem (wall s · CPU s · peak RSS MB)'] = fixedFigures(fixed);
    }
    const before = await served();
    const outDir = join(opts.tmp, `${spec.name}-run-${size}`);
    const r = await run(data, outDir);
    const requests = (await served()) - before;
    const bareMs = await bareUndiciLoop(spec.bare?.url ?? spec.mocks[0]!.url, { requests, concurrency: spec.concurrency, ...(spec.bare?.body ? { body: spec.bare.body } : {}) });
    const p: Point = { units, run: r, bareMs };
    out[`${spec.label(size, units)} (${requests} requests, ${summaryCounts(outDir)?.errors ?? 'n/a'} error records)`] = pointFigures(p);
    rows.push(p);
  }
  out['growth columns'] = GROWTH_COLUMNS;
  out['growth N→4N'] = growthFigures(rows[0]!, rows[1]!, fixed);
  return out;
}
