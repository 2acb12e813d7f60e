// The one place that writes run folders: manifest.json and summary.json (atomically), and
// samples.jsonl (append-only, one synchronous write per event-loop turn, so a SIGKILL loses
// at most the requests in flight). No fsync: a killed process loses nothing the kernel has
// accepted; only a machine crash can, and then the run resumes from what reached the disk (a
// torn last line is skipped). fsync of a 100k-sample file cost ~0.25 s of every run.
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SampleRecord } from '../types.js';

export const MANIFEST = 'manifest.json';
export const SAMPLES = 'samples.jsonl';
export const SUMMARY = 'summary.json';

export function recordKey(id: string, sample: number): string {
  return `${id}\u0000${sample}`;
}

/** Write JSON atomically: a reader never sees half a file. */
export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/**
 * Appends records to samples.jsonl as they finish. Records finished within one turn of the
 * event loop go out in one write at the end of that turn (setImmediate), so a burst of 64
 * completions costs one syscall, not 64; a SIGKILL can lose only records of the current turn —
 * requests whose responses are still being handled, i.e. in flight.
 */
export class RecordWriter {
  private fd: number;
  private pending: string[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, SAMPLES);
    const needsNewline = existsSync(path) && endsWithoutNewline(path);
    this.fd = openSync(path, 'a');
    // A run killed mid-write leaves a torn line; start ours on a fresh one.
    if (needsNewline) writeSync(this.fd, '\n');
  }

  append(record: SampleRecord): void {
    this.pending.push(JSON.stringify(record));
    this.scheduled ??= setImmediate(this.flush);
  }

  /** Write what is pending now (also called by close()). */
  readonly flush = (): void => {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (this.pending.length === 0 || this.fd < 0) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    writeSync(this.fd, text);
  };

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
  }
}

function endsWithoutNewline(path: string): boolean {
  const size = statSync(path).size;
  if (size === 0) return false;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1);
    readSync(fd, buf, 0, 1, size - 1);
    return buf[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}
