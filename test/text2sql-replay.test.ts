// Published prediction files scored through `replay:` exactly as the official scripts score them:
// BIRD (bird-bench evaluation_ex.py: set(pred) == set(gold), error/timeout ⇒ 0) and Spider
// test-suite (exec_eval.py: multiset up to column permutation, row order only under ORDER BY).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import { latestRecords } from '../harness/store/current-records.js';
import { bird, spider } from '../benchmarks/text2sql/index.js';
import type { Benchmark } from '../harness/types.js';

// Bundled spider/ and bird/ hold the same questions in the same order, so ids coincide.
const CASES: Array<{ name: string; id: number; sql: string; bird: number; spider: number }> = [
  { name: 'gold verbatim', id: 31, sql: 'SELECT state_province_county ,  count(*) FROM addresses GROUP BY state_province_county', bird: 1, spider: 1 },
  { name: 'wrong', id: 30, sql: "SELECT count(*) FROM addresses WHERE country = 'Canada'", bird: 0, spider: 0 },
  {
    name: 'rows reordered, gold without ORDER BY',
    id: 31,
    sql: 'SELECT state_province_county, count(*) FROM addresses GROUP BY state_province_county ORDER BY state_province_county DESC',
    bird: 1,
    spider: 1,
  },
  {
    name: 'rows reordered, gold with ORDER BY',
    id: 0,
    sql: 'SELECT product_id FROM (SELECT product_id, total_amount_purchased FROM product_suppliers ORDER BY total_amount_purchased DESC LIMIT 3) ORDER BY total_amount_purchased ASC',
    bird: 1,
    spider: 0,
  },
  {
    name: 'rows duplicated',
    id: 31,
    sql: 'SELECT state_province_county, count(*) FROM addresses GROUP BY state_province_county UNION ALL SELECT state_province_county, count(*) FROM addresses GROUP BY state_province_county',
    bird: 1,
    spider: 0,
  },
  { name: 'columns swapped', id: 24, sql: 'SELECT customer_id, customer_name FROM customers WHERE customer_address LIKE "%TN%"', bird: 0, spider: 1 },
  { name: 'erroring', id: 30, sql: 'SELECT no_such_column FROM addresses', bird: 0, spider: 0 },
  {
    name: 'slow (over the time limit)',
    id: 30,
    sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM (SELECT x FROM c LIMIT 3000000000)',
    bird: 0,
    spider: 0,
  },
];

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ae-replay-sql-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function scoreCases(benchmark: Benchmark, name: string): Promise<number[]> {
  // One run per case: a replay file holds one output per (id, sample); sample i = case i.
  const file = join(tmp, `${name}.jsonl`);
  writeFileSync(file, CASES.map((c, i) => JSON.stringify({ id: c.id, sample: i, output: `\`\`\`sql\n${c.sql}\n\`\`\`` })).join('\n'));
  const out = join(tmp, name);
  const config = buildRunConfig([benchmark.name], {
    model: `replay:${file}`,
    out,
    quiet: true,
    samples: String(CASES.length),
    temperature: '0',
    sqlTimeout: '1',
    resultsDir: tmp,
  });
  await runBenchmark(benchmark, config, () => {});
  const records = await latestRecords(out);
  return CASES.map((c, i) => {
    const r = records.get(`${c.id}\u0000${i}`);
    if (!r || r.error !== null) throw new Error(`case "${c.name}": ${r?.error ?? 'no record'}`);
    return r.scores!.ex!;
  });
}

describe('replay scoring of text-to-SQL predictions', () => {
  it('BIRD: set comparison, column order matters, errors and timeouts score 0', async () => {
    const got = await scoreCases(bird as unknown as Benchmark, 'bird');
    expect(Object.fromEntries(CASES.map((c, i) => [c.name, got[i]]))).toEqual(Object.fromEntries(CASES.map((c) => [c.name, c.bird])));
  }, 60_000);

  it('Spider test-suite: multiset up to column order, row order only under ORDER BY', async () => {
    const got = await scoreCases(spider as unknown as Benchmark, 'spider');
    expect(Object.fromEntries(CASES.map((c, i) => [c.name, got[i]]))).toEqual(Object.fromEntries(CASES.map((c) => [c.name, c.spider])));
  }, 60_000);
});

describe('official prediction file formats', () => {
  it("reads BIRD's predict_dev.json and Spider's one-SQL-per-line file", async () => {
    const birdFile = join(tmp, 'predict_dev.json');
    writeFileSync(
      birdFile,
      JSON.stringify({
        '0': 'SELECT product_id FROM product_suppliers ORDER BY total_amount_purchased DESC LIMIT 3\t----- bird -----\tdepartment_store',
        '1': 'SELECT 1\t----- bird -----\tdepartment_store',
      }),
    );
    const b = await runBenchmark(bird as unknown as Benchmark, buildRunConfig(['bird'], { model: `replay:${birdFile}`, out: join(tmp, 'bf'), quiet: true, limit: '2', resultsDir: tmp }), () => {});
    expect(b.summary.metrics.ex!.value).toBe(0.5);
    expect(b.summary.counts.errors).toBe(0);
    const spiderFile = join(tmp, 'pred.sql');
    writeFileSync(spiderFile, 'SELECT 1\nSELECT product_id FROM product_suppliers ORDER BY total_amount_purchased DESC LIMIT 3\n');
    const s = await runBenchmark(spider as unknown as Benchmark, buildRunConfig(['spider'], { model: `replay:${spiderFile}`, out: join(tmp, 'sf'), quiet: true, limit: '2', resultsDir: tmp }), () => {});
    expect(s.summary.metrics.ex!.value).toBe(0.5);
  }, 60_000);
});

describe('replay keys', () => {
  it("accepts a copy's own `id` field as an alias of the positional Spider id", async () => {
    const { cpSync, readFileSync } = await import('node:fs');
    const data = join(tmp, 'spider-with-ids');
    cpSync(join(import.meta.dirname, '..', 'benchmarks', 'text2sql', 'data', 'spider'), data, { recursive: true });
    const qs = JSON.parse(readFileSync(join(data, 'questions.json'), 'utf8')) as Array<Record<string, unknown>>;
    writeFileSync(join(data, 'questions.json'), JSON.stringify(qs.map((q, i) => ({ id: `spider_local_${String(i).padStart(3, '0')}`, ...q }))));
    const file = join(tmp, 'by-alias.jsonl');
    writeFileSync(file, [JSON.stringify({ id: 'spider_local_000', output: String(qs[0]!.query) }), JSON.stringify({ id: '1', output: 'SELECT 1' })].join('\n'));
    const r = await runBenchmark(spider as unknown as Benchmark, buildRunConfig(['spider'], { model: `replay:${file}`, data, out: join(tmp, 'alias'), quiet: true, limit: '2', resultsDir: tmp }), () => {});
    expect(r.summary.counts.errors).toBe(0);
    expect(r.summary.metrics.ex!.value).toBe(0.5);
    const recs = await latestRecords(join(tmp, 'alias'));
    expect([...recs.values()].map((x) => x.id).sort()).toEqual(['0', '1']);
  }, 60_000);
});
