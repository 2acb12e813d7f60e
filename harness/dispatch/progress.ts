// A progress bar on stderr for long runs: done/total, rate, ETA, errors. Silent under --quiet
// or when stderr is not a terminal (CI logs and pipes stay clean).
import cliProgress from 'cli-progress';

export interface Progress {
  tick(error: boolean): void;
  stop(): void;
}

const SILENT: Progress = { tick() {}, stop() {} };

export function createProgress(label: string, total: number, quiet: boolean): Progress {
  if (quiet || !process.stderr.isTTY || total === 0) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted} | errors {errors}`,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let done = 0;
  let errors = 0;
  bar.start(total, 0, { rate: '0.0', errors: 0 });
  return {
    tick(error) {
      done += 1;
      if (error) errors += 1;
      const secs = (Date.now() - started) / 1000;
      bar.update(done, { rate: secs > 0 ? (done / secs).toFixed(1) : '0.0', errors });
    },
    stop() {
      bar.stop();
    },
  };
}
