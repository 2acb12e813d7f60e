// Loading postings into shared memory: the off-event-loop reader (concurrent pieces) gives exactly
// the file's bytes, as the synchronous one does, and both refuse a file of the wrong size.
import { randomFillSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readShared, readSharedAsync } from '../harness/retrieval/bm25-io.js';

const dir = mkdtempSync(join(tmpdir(), 'bm25-io-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readShared / readSharedAsync', () => {
  it('read a file spanning several pieces byte for byte', async () => {
    // 16 MB pieces: 40 MB + 3 bytes makes three of them, the last partial.
    const bytes = randomFillSync(Buffer.alloc((40 << 20) + 3));
    const file = join(dir, 'p.bin');
    writeFileSync(file, bytes);
    const a = await readSharedAsync(file, bytes.length);
    expect(a).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(a).equals(bytes)).toBe(true);
    expect(Buffer.from(readShared(file, bytes.length)).equals(bytes)).toBe(true);
  });

  it('refuse a file whose size is not the expected one', async () => {
    const file = join(dir, 'q.bin');
    writeFileSync(file, Buffer.alloc(10));
    await expect(readSharedAsync(file, 11)).rejects.toThrow(/10 bytes, expected 11/);
    expect(() => readShared(file, 9)).toThrow(/10 bytes, expected 9/);
  });
});
