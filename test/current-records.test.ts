import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentRecords, keyOfLine } from '../harness/store/current-records.js';
import { RecordWriter } from '../harness/store/run-store.js';
import type { SampleRecord } from '../harness/types.js';

let dir: string;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rec = (id: string, sample: number, error: string | null = null): SampleRecord => ({
  id, sample, output: 'o', trace: [], turns: 1, tool_calls: 0,
  usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, latency_ms: 0, attempts: 1,
  scores: error ? null : { ex: 1 }, error, finished_at: '',
});

async function all(it: AsyncIterable<SampleRecord>): Promise<SampleRecord[]> {
  const out: SampleRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}

describe('keyOfLine', () => {
  it('reads (id, sample) from the store’s prefix, and anything else through JSON.parse', () => {
    expect(keyOfLine(JSON.stringify(rec('a/1', 12)))).toEqual({ id: 'a/1', sample: 12 });
    expect(keyOfLine(JSON.stringify(rec('say "hi"', 3)))).toEqual({ id: 'say "hi"', sample: 3 });
    expect(keyOfLine('{"sample":2,"id":"x"}')).toEqual({ id: 'x', sample: 2 });
    expect(keyOfLine('{"id":"3","sam')).toBeNull();
  });
});

describe('currentRecords', () => {
  it('yields each (id, sample) once, its last line; skips a torn line; filters on (id, sample)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ae-current-'));
    const w = new RecordWriter(dir);
    for (const r of [rec('p', 0, 'boom'), rec('p', 1), rec('q', 0), rec('q', 3, 'x'), rec('r"', 0, 'e')]) w.append(r);
    w.close();
    appendFileSync(join(dir, 'samples.jsonl'), '{"id":"z","sam'); // killed mid-write
    const w2 = new RecordWriter(dir);
    for (const r of [rec('p', 0), rec('q', 3), rec('r"', 0)]) w2.append(r);
    w2.close();
    const got = await all(currentRecords(dir));
    expect(got.map((r) => `${r.id}/${r.sample}/${r.error ?? 'ok'}`)).toEqual(['p/1/ok', 'q/0/ok', 'p/0/ok', 'q/3/ok', 'r"/0/ok']);
    const few = await all(currentRecords(dir, { accept: (id, sample) => id !== 'q' && sample < 1 }));
    expect(few.map((r) => `${r.id}/${r.sample}`)).toEqual(['p/0', 'r"/0']);
  });

  it('a run folder without samples.jsonl has no records', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ae-current-'));
    expect(await all(currentRecords(dir))).toEqual([]);
  });

  it('streams 100,000 lines with resumed duplicates in linear time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ae-current-'));
    // Lines as the store writes them, built from one template (JSON.stringify per line would
    // dominate the test).
    const tail = JSON.stringify(rec('x', 0)).slice(JSON.stringify(rec('x', 0)).indexOf(',"output"'));
    const errTail = JSON.stringify(rec('x', 0, 'boom')).slice(JSON.stringify(rec('x', 0, 'boom')).indexOf(',"output"'));
    const line = (id: number, sample: number, error: boolean) => `{"id":"${id}","sample":${sample}${error ? errTail : tail}`;
    const lines: string[] = [];
    for (let i = 0; i < 90_000; i++) lines.push(line(i % 30_000, Math.floor(i / 30_000), i < 60_000 && i % 10 === 0));
    // A resume re-ran the errors of the first two segments: every tenth record of samples 0 and 1 again.
    for (let i = 0; i < 60_000; i += 10) lines.push(line(i % 30_000, Math.floor(i / 30_000), false));
    writeFileSync(join(dir, 'samples.jsonl'), `${lines.join('\n')}\n`);
    let count = 0;
    let errors = 0;
    for await (const r of currentRecords(dir)) {
      count++;
      if (r.error !== null) errors++;
    }
    expect(count).toBe(90_000);
    expect(errors).toBe(0);
  });
});
