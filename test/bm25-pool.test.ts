// The worker-thread BM25 retriever: concurrent queries from many callers give exactly the results
// of the same index searched on the calling thread; batches keep their order; one index opened
// twice shares its workers; closing rejects later searches and lets the process exit.
// Workers run the compiled dist/harness/retrieval/bm25-worker.js (built by `npx tsc`, as for the CLI tests).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath } from '../benchmarks/searchqa/specs.js';
import { buildBm25Index } from '../harness/retrieval/bm25-build.js';
import { openBm25Retriever } from '../harness/retrieval/bm25-pool.js';
import type { Retriever } from '../harness/retrieval/types.js';

const dir = mkdtempSync(join(tmpdir(), 'bm25-pool-test-'));
const index = join(dir, 'combined.bm25');
const corpusLines = readFileSync(dataPath('combined-corpus.jsonl'), 'utf8').split('\n').filter(Boolean);
const titles = corpusLines.map((l) => (JSON.parse(l) as { contents: string }).contents.split('\n')[0]!.replace(/"/g, ''));
const questions = titles.flatMap((t, i) => [t, `what is the ${t} known for`, `who founded ${titles[(i * 7) % titles.length]} and when`]);

let local: Retriever;
beforeAll(async () => {
  await buildBm25Index(dataPath('combined-corpus.jsonl'), index);
  local = openBm25Retriever(index, { workers: 0 });
});
afterAll(async () => {
  await local.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openBm25Retriever with workers', () => {
  it('answers hundreds of concurrent searches exactly as the calling-thread searcher does', async () => {
    const pool = openBm25Retriever(index, { workers: 2 });
    try {
      expect(pool.describe()).toMatchObject({ backend: 'bm25', workers: 2, passages: 304 });
      const got = await Promise.all(questions.map((q, i) => pool.search(q, 1 + (i % 5))));
      const want = await Promise.all(questions.map((q, i) => local.search(q, 1 + (i % 5))));
      expect(got).toEqual(want);
      expect(got.filter((r) => r.length > 0).length).toBeGreaterThan(questions.length * 0.9);
      const batch = await pool.searchBatch(questions.slice(0, 100), 3);
      expect(batch).toEqual(await local.searchBatch(questions.slice(0, 100), 3));
    } finally {
      await pool.close();
    }
  });

  it('shares one pool between two opens of an index; close rejects later searches only for the closed handle', async () => {
    const a = openBm25Retriever(index, { workers: 1 });
    const b = openBm25Retriever(index, { workers: 1 });
    const pending = a.search(titles[3]!, 2);
    await a.close();
    await a.close();
    await expect(a.search('x', 1)).rejects.toThrow(/closed/);
    expect((await pending).map((p) => p.title)).toContain(titles[3]);
    expect(await b.search(titles[4]!, 3)).toEqual(await local.search(titles[4]!, 3));
    await b.close();
  });

  it('rejects an aborted search and keeps serving the others', async () => {
    const pool = openBm25Retriever(index, { workers: 1 });
    try {
      const ctl = new AbortController();
      ctl.abort(new Error('user gave up'));
      await expect(pool.search(titles[0]!, 3, ctl.signal)).rejects.toThrow('user gave up');
      expect((await pool.search(titles[0]!, 3)).map((p) => p.title)).toContain(titles[0]);
    } finally {
      await pool.close();
    }
  });

  // A hang would hit spawnSync's limit; room for a loaded 2-core machine.
  it('does not keep a process alive when idle, even if never closed', { timeout: 90_000 }, () => {
    const script = `
      const { openBm25Retriever } = await import(${JSON.stringify(join(import.meta.dirname, '..', 'dist', 'harness', 'retrieval', 'bm25-pool.js'))});
      const r = openBm25Retriever(${JSON.stringify(index)}, { workers: 2 });
      const hits = await r.search(${JSON.stringify(titles[1])}, 3);
      console.log(hits.map((h) => h.title).join('|'));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('|')).toContain(titles[1]);
  });

  it('reports a missing or foreign index clearly', () => {
    expect(() => openBm25Retriever(join(dir, 'nope'), { workers: 1 })).toThrow(/index not found/);
    expect(() => openBm25Retriever(dataPath('combined-corpus.jsonl'), { workers: 1 })).toThrow(/not an agenteval BM25 index/);
  });
});
