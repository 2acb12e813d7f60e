// The current records of a run folder, streamed: samples.jsonl line by line, each (id, sample)
// once — its LAST line (a resumed run appends a retried sample's new record after the old one).
// Two passes when needed: the first reads only each line's (id, sample) to find superseded
// lines, the second parses and yields the rest. Memory: the first pass's index, one small array
// of line numbers per problem, dropped before the second pass — which keeps only the numbers of
// superseded lines (usually none). Nothing else grows with the run.
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SampleRecord } from '../types.js';
import { SAMPLES, recordKey } from './run-store.js';

/**
 * The lines of a file, a chunk's worth at a time (reads split on newlines): one await per chunk
 * rather than per line. Chunks stay at 32 KB: a string over V8's regular-object limit (~128 KB)
 * is allocated in large-object space, which only a full GC frees — 1 MB chunks made the heap,
 * and peak RSS, grow with the file.
 */
async function* lineBatches(path: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 15 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    yield lines;
  }
  if (rest !== '') yield [rest];
}

const PREFIX = '{"id":"';

/**
 * (id, sample) of a line without parsing the whole record: the store writes `{"id":"…","sample":N,`
 * first. Anything else (escaped ids, other writers) goes through JSON.parse. Null: not a record
 * (a torn last line).
 */
export function keyOfLine(line: string): { id: string; sample: number } | null {
  if (line.startsWith(PREFIX)) {
    const end = line.indexOf('"', PREFIX.length);
    const id = line.slice(PREFIX.length, end);
    if (end > 0 && !id.includes('\\') && line.startsWith(',"sample":', end + 1)) {
      let i = end + 11;
      let sample = 0;
      let digits = 0;
      for (let ch = line.charCodeAt(i); ch >= 48 && ch <= 57; ch = line.charCodeAt(++i), digits++) sample = sample * 10 + (ch - 48);
      if (digits > 0 && digits < 10 && (line[i] === ',' || line[i] === '}')) return { id, sample };
    }
  }
  try {
    const r = JSON.parse(line) as SampleRecord;
    return r && typeof r === 'object' && typeof r.id === 'string' ? { id: r.id, sample: r.sample } : null;
  } catch {
    return null;
  }
}

/** Line numbers (0-based, blank lines counted) of records a later line supersedes. */
async function supersededLines(path: string): Promise<Set<number>> {
  // id → last line of each sample index (a number for sample 0 alone, the common n = 1 case).
  const last = new Map<string, number | number[]>();
  const superseded = new Set<number>();
  let no = -1;
  for await (const batch of lineBatches(path)) {
    for (const line of batch) {
      no++;
      const key = line.length > 1 ? keyOfLine(line) : null;
      if (!key) continue;
      const prev = last.get(key.id);
      let before: number | undefined;
      if (typeof prev === 'number' && key.sample === 0) {
        before = prev;
        last.set(key.id, no);
      } else {
        const arr = Array.isArray(prev) ? prev : typeof prev === 'number' ? [prev] : [];
        before = arr[key.sample];
        arr[key.sample] = no;
        last.set(key.id, arr.length === 1 && key.sample === 0 ? no : arr);
      }
      if (before !== undefined) superseded.add(before);
    }
  }
  return superseded;
}

export interface CurrentRecordsOptions {
  /** Which records to parse and yield, judged on (id, sample) alone (e.g. sample < n). */
  accept?: (id: string, sample: number) => boolean;
}

/**
 * Every current record of a run folder, in file order. A torn last line (a kill mid-write) is
 * skipped.
 */
export async function* currentRecords(dir: string, opts: CurrentRecordsOptions = {}): AsyncGenerator<SampleRecord> {
  const path = join(dir, SAMPLES);
  if (!existsSync(path)) return;
  const superseded = await supersededLines(path);
  let no = -1;
  for await (const batch of lineBatches(path)) {
    for (const line of batch) {
      no++;
      if (line.length <= 1 || superseded.has(no)) continue;
      if (opts.accept) {
        const key = keyOfLine(line);
        if (!key || !opts.accept(key.id, key.sample)) continue;
      }
      let r: SampleRecord;
      try {
        r = JSON.parse(line) as SampleRecord;
      } catch {
        continue; // only the last line can be torn (the store writes whole lines)
      }
      yield r;
    }
  }
}

/**
 * The current record of every (id, sample) in one Map: the whole run in memory, for tests and
 * small tools. Commands stream `currentRecords` instead.
 */
export async function latestRecords(dir: string): Promise<Map<string, SampleRecord>> {
  const out = new Map<string, SampleRecord>();
  for await (const r of currentRecords(dir)) out.set(recordKey(r.id, r.sample), r);
  return out;
}
