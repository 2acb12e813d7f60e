// Progress of a run on stderr: done/total, rate, errors, ETA. On a terminal a bar (cli-progress);
// piped (CI logs) a plain line every N seconds (AGENTEVAL_PROGRESS_INTERVAL, default 10; 0 turns
// the lines off), so a log shows a long run advancing. Silent under --quiet. When the run's signal
// aborts (Ctrl-C) the display stops first, so the interrupt message printed after it stays visible.
import { createRequire } from 'node:module';
import { onAbort } from '../abort-fanout.js';

export interface Progress {
  tick(error: boolean): void;
  stop(): void;
}

export interface ProgressOptions {
  quiet: boolean;
  signal?: AbortSignal;
  /** Default: process.stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Seconds between lines when the stream is not a terminal (default: env AGENTEVAL_PROGRESS_INTERVAL, else 10). */
  intervalS?: number;
  now?: () => number;
}

const SILENT: Progress = { tick() {}, stop() {} };

/** `42s`, `3m05s`, `1h02m`. */
export function formatDuration(s: number): string {
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
}

/** Time left at the mean rate so far; never `0s` while work remains. */
export function eta(done: number, total: number, elapsedS: number): string {
  const left = total - done;
  if (left <= 0) return '0s';
  if (done === 0 || elapsedS <= 0) return '?';
  const s = (left * elapsedS) / done;
  return s < 1 ? '<1s' : formatDuration(Math.max(1, s));
}

function intervalFromEnv(): number {
  const raw = process.env.AGENTEVAL_PROGRESS_INTERVAL;
  const x = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(x) && x >= 0 ? x : 10;
}

export function progressLine(label: string, done: number, total: number, errors: number, elapsedS: number): string {
  const rate = elapsedS > 0 ? done / elapsedS : 0;
  const pct = total > 0 ? ((100 * done) / total).toFixed(1) : '100.0';
  return `${label}: ${done}/${total} (${pct}%) · ${rate.toFixed(1)}/s · errors ${errors} · ETA ${eta(done, total, elapsedS)}`;
}

export function createProgress(label: string, total: number, opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || total === 0) return SILENT;
  const now = opts.now ?? Date.now;
  const started = now();
  let done = 0;
  let errors = 0;
  let stopped = false;
  const elapsed = () => (now() - started) / 1000;
  let unsubscribe = (): void => {};

  if (stream.isTTY) {
    // Loaded for a terminal only: piped and --quiet runs (nightlies, the bench) never need it.
    const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {value}/{total} | {rate}/s | ETA {left} | errors {errors}`,
        hideCursor: true,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: '0.0', errors: 0, left: '?' });
    const stop = () => {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      bar.stop();
    };
    if (opts.signal) unsubscribe = onAbort(opts.signal, stop);
    return {
      tick(error) {
        done += 1;
        if (error) errors += 1;
        if (stopped) return;
        const secs = elapsed();
        bar.update(done, { rate: secs > 0 ? (done / secs).toFixed(1) : '0.0', errors, left: eta(done, total, secs) });
      },
      stop,
    };
  }

  const intervalS = opts.intervalS ?? intervalFromEnv();
  if (intervalS === 0) return SILENT;
  let lines = 0;
  const timer = setInterval(() => {
    lines += 1;
    stream.write(`${progressLine(label, done, total, errors, elapsed())}\n`);
  }, intervalS * 1000);
  timer.unref();
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    unsubscribe();
    // A run long enough to have printed lines ends with one, so the log shows where it stopped.
    if (lines > 0) stream.write(`${progressLine(label, done, total, errors, elapsed())}${done < total ? ' (stopped)' : ' (done)'}\n`);
  };
  if (opts.signal) unsubscribe = onAbort(opts.signal, stop);
  return {
    tick(error) {
      done += 1;
      if (error) errors += 1;
    },
    stop,
  };
}
