import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordWriter, writeJsonAtomic } from '../harness/store/run-store.js';
import { latestRecords } from '../harness/store/current-records.js';
import type { SampleRecord } from '../harness/types.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const rec = (id: string, error: string | null): SampleRecord => ({
  id, sample: 0, output: 'o', trace: [], turns: 1, tool_calls: 0,
  usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, latency_ms: 0, attempts: 1,
  scores: error ? null : { ex: 1 }, error, finished_at: '',
});

describe('run store', () => {
  it('appends records, later lines supersede earlier ones, and a torn last line is skipped then repaired', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ae-store-'));
    const w = new RecordWriter(dir);
    w.append(rec('1', 'boom'));
    w.append(rec('2', null));
    w.close();
    appendFileSync(join(dir, 'samples.jsonl'), '{"id":"3","sam'); // killed mid-write
    let latest = await latestRecords(dir);
    expect([...latest.keys()].map((k) => k.split('\u0000')[0])).toEqual(['1', '2']);
    const w2 = new RecordWriter(dir);
    w2.append(rec('1', null));
    w2.close();
    latest = await latestRecords(dir);
    expect(latest.get('1\u00000')!.error).toBeNull();
    const lines = readFileSync(join(dir, 'samples.jsonl'), 'utf8').split('\n');
    expect(lines[3]).toContain('"id":"1"'); // started on a fresh line after the torn one
  });

  it('writes JSON atomically', () => {
    dir = mkdtempSync(join(tmpdir(), 'ae-store-'));
    writeJsonAtomic(join(dir, 'x.json'), { a: 1 });
    expect(JSON.parse(readFileSync(join(dir, 'x.json'), 'utf8'))).toEqual({ a: 1 });
  });
});
