import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchmarkSession, Episode, OpenOptions } from '../harness/types.js';
import { bird, spider } from '../benchmarks/text2sql/index.js';
import type { SqlSample } from '../benchmarks/text2sql/load.js';
import { bundledDataDir } from '../benchmarks/text2sql/paths.js';

const tmp = mkdtempSync(join(tmpdir(), 't2s-score-'));
const DEPT = join(bundledDataDir('spider'), 'database', 'department_store', 'department_store.sqlite');

function openOpts(options: Record<string, unknown> = {}, data?: string): OpenOptions {
  return { ...(data ? { data } : {}), options, quiet: true, log: () => {}, cacheDir: join(tmp, 'cache') };
}

function episode(output: string): Episode {
  return { output, trace: [], turns: 1, usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, latencyMs: 0, attempts: 1 };
}

// Sessions (each with its SQL pool) are shared by tests with the same settings: spawning pools is the slow part.
const sessions = new Map<string, Promise<BenchmarkSession<SqlSample>>>();
function open(b: typeof spider, options: Record<string, unknown> = {}, data?: string): Promise<BenchmarkSession<SqlSample>> {
  const key = JSON.stringify([b.name, options, data ?? null]);
  let s = sessions.get(key);
  if (!s) {
    s = b.open(openOpts(options, data));
    sessions.set(key, s);
  }
  return s;
}

afterAll(async () => {
  await Promise.all([...sessions.values()].map(async (s) => (await s).close()));
  rmSync(tmp, { recursive: true, force: true });
});

describe('oracle: EX = 100% on the bundled data', () => {
  for (const [b, exMode] of [[spider, undefined], [bird, undefined], [spider, 'bird'], [bird, 'spider']] as const) {
    it(`${b.name} --ex-mode ${exMode ?? b.name}`, async () => {
      const s = await open(b, exMode ? { exMode } : {});
      expect(s.dataIssues).toEqual([]);
      expect(s.samples).toHaveLength(45);
      expect(s.metrics).toEqual([{ key: 'ex', label: 'EX', binary: true, primary: true }]);
      expect(s.settings).toMatchObject({ mode: 'single', exMode: exMode ?? b.name, sqlTimeout: 30 });
      const results = await Promise.all(s.samples.map((sample) => s.score(sample, episode(s.oracle(sample)))));
      s.samples.forEach((sample, i) => {
        expect(s.oracle(sample).startsWith('```sql\n')).toBe(true);
        const r = results[i]!;
        expect(r.scores, `${sample.id}: ${JSON.stringify(r.extra)}`).toEqual({ ex: 1 });
        expect(r.vote).toMatch(/^\d+:[0-9a-f]{32}$/);
        expect(r.extra).toMatchObject({ pred_sql: sample.goldSql, reason: 'match' });
      });
    });
  }
});

describe('scoring', () => {
  let sp: BenchmarkSession<SqlSample>;
  let bd: BenchmarkSession<SqlSample>;
  beforeAll(async () => {
    sp = await open(spider);
    bd = await open(bird);
  });
  const byGold = (s: BenchmarkSession<SqlSample>, sql: string) => s.samples.find((x) => x.goldSql === sql)!;
  const TOP3 = 'SELECT product_id FROM product_suppliers ORDER BY total_amount_purchased DESC LIMIT 3';

  it('a wrong SQL scores 0 and still votes with its result', async () => {
    const r = await sp.score(byGold(sp, TOP3), episode('```sql\nSELECT product_id FROM product_suppliers ORDER BY total_amount_purchased ASC LIMIT 3\n```'));
    expect(r.scores).toEqual({ ex: 0 });
    expect(r.extra).toMatchObject({ reason: 'mismatch', pred_rows: 3, gold_rows: 3 });
    expect(r.vote).toMatch(/^3:/);
  });

  it('an erroring SQL scores 0 with the error recorded and no vote', async () => {
    const r = await bd.score(bd.samples[0]!, episode('The answer:\n```sql\nSELECT nope FROM no_such_table\n```'));
    expect(r.scores).toEqual({ ex: 0 });
    expect(r.vote).toBeNull();
    expect(r.extra).toMatchObject({ pred_sql: 'SELECT nope FROM no_such_table', reason: 'pred_error' });
    expect(String(r.extra!.pred_error)).toMatch(/no such table/);
  });

  it('an answer without SQL scores 0', async () => {
    const r = await sp.score(sp.samples[0]!, episode('I do not know.'));
    expect(r).toEqual({ scores: { ex: 0 }, vote: null, extra: { pred_sql: '', reason: 'no_sql', pred_error: 'no SQL found in the answer' } });
  });

  it('a write is refused (read-only) and scores 0', async () => {
    const r = await sp.score(sp.samples[0]!, episode('```sql\nDELETE FROM staff\n```'));
    expect(r.scores).toEqual({ ex: 0 });
    expect(String(r.extra!.reason)).toMatch(/^pred_/);
  });

  it('takes the SQL from the last statement when there is no fence', async () => {
    const r = await sp.score(byGold(sp, TOP3), episode(`Let me think.\nThe query is:\n${TOP3};`));
    expect(r.scores).toEqual({ ex: 1 });
  });

  it('spider mode forgives column order; bird mode does not', async () => {
    const gold = 'SELECT T1.staff_id ,  T1.staff_gender FROM staff AS T1 JOIN staff_department_assignments AS T2 ON T1.staff_id  =  T2.staff_id WHERE T2.job_title_code  =  "Department Manager"';
    const swapped = '```sql\nSELECT T1.staff_gender, T1.staff_id FROM staff AS T1 JOIN staff_department_assignments AS T2 ON T1.staff_id = T2.staff_id WHERE T2.job_title_code = "Department Manager"\n```';
    expect((await sp.score(byGold(sp, gold), episode(swapped))).scores).toEqual({ ex: 1 });
    expect((await bd.score(byGold(bd, gold), episode(swapped))).scores).toEqual({ ex: 0 });
  });

  it('spider mode cares about row order under ORDER BY; bird mode compares sets', async () => {
    const reversed = '```sql\nSELECT product_id FROM (SELECT product_id, total_amount_purchased FROM product_suppliers ORDER BY total_amount_purchased DESC LIMIT 3) ORDER BY total_amount_purchased ASC\n```';
    expect((await sp.score(byGold(sp, TOP3), episode(reversed))).scores).toEqual({ ex: 0 });
    expect((await bd.score(byGold(bd, TOP3), episode(reversed))).scores).toEqual({ ex: 1 });
  });

  it('a model query over the time limit scores 0 as a timeout', async () => {
    const s = await open(spider, { sqlTimeout: '0.5' });
    const slow = '```sql\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c\n```';
    // The query never ends on its own: without the limit this would hold the test to its timeout.
    const r = await s.score(s.samples[0]!, episode(slow));
    expect(r.scores).toEqual({ ex: 0 });
    expect(r.extra).toMatchObject({ reason: 'pred_timeout' });
  });
});

describe('data problems found at open', () => {
  it('a gold query that fails on its database is a DataIssue with file and position; the run goes on', async () => {
    const dir = join(tmp, 'badgold');
    mkdirSync(join(dir, 'database', 'department_store'), { recursive: true });
    copyFileSync(DEPT, join(dir, 'database', 'department_store', 'department_store.sqlite'));
    writeFileSync(join(dir, 'dev.json'), JSON.stringify([
      { db_id: 'department_store', question: 'How many staff?', query: 'SELECT count(*) FROM staff' },
      { db_id: 'department_store', question: 'Broken gold', query: 'SELECT count(*) FROM no_such_table' },
      { db_id: 'missing_db', question: 'No database', query: 'SELECT 1' },
      { db_id: 'department_store', question: 'How many products?', query: 'SELECT count(*) FROM products' },
    ]));
    const s = await open(spider, {}, dir);
    expect(s.samples.map((x) => x.id)).toEqual(['0', '3']);
    expect(s.dataIssues).toHaveLength(2);
    expect(s.dataIssues).toContainEqual(expect.objectContaining({
      file: join(dir, 'dev.json'), where: '[1]', id: '1', message: expect.stringMatching(/gold SQL fails on database\/department_store\/department_store\.sqlite: .*no such table/),
    }));
    expect(s.dataIssues).toContainEqual(expect.objectContaining({ where: '[2]', message: expect.stringContaining('missing database "missing_db"') }));
    expect((await s.score(s.samples[1]!, episode(s.oracle(s.samples[1]!)))).scores).toEqual({ ex: 1 });
  });

  it('spider test-suite: a prediction must match on every database of the folder', async () => {
    const dir = join(tmp, 'suite');
    const dbDir = join(dir, 'database', 'department_store');
    mkdirSync(dbDir, { recursive: true });
    copyFileSync(DEPT, join(dbDir, 'department_store.sqlite'));
    // A variant database where one more staff member is a "Department Manager".
    copyFileSync(DEPT, join(dbDir, 'department_store_variant.sqlite'));
    const v = new Database(join(dbDir, 'department_store_variant.sqlite'));
    v.exec("INSERT INTO Staff (staff_id, staff_gender, staff_name) VALUES (999, '1', 'Zed')");
    v.exec("INSERT INTO Staff_Department_Assignments (staff_id, department_id, date_assigned_from, job_title_code, date_assigned_to) VALUES (999, 1, '2017-01-01', 'Department Manager', '2018-01-01')");
    v.close();
    const gold = 'SELECT T1.staff_id FROM staff AS T1 JOIN staff_department_assignments AS T2 ON T1.staff_id = T2.staff_id WHERE T2.job_title_code = "Department Manager"';
    writeFileSync(join(dir, 'dev.json'), JSON.stringify([{ db_id: 'department_store', question: 'Ids of department managers?', query: gold }]));
    const main = new Database(join(dbDir, 'department_store.sqlite'), { readonly: true });
    const ids = (main.prepare(gold.replace(/"/g, "'")).all() as Array<{ staff_id: number }>).map((r) => r.staff_id);
    main.close();
    const hardcoded = `\`\`\`sql\nSELECT staff_id FROM staff WHERE staff_id IN (${ids.join(', ')})\n\`\`\``;

    const suite = await open(spider, {}, dir);
    expect(suite.samples[0]!.suiteDbPaths).toHaveLength(2);
    expect((await suite.score(suite.samples[0]!, episode(suite.oracle(suite.samples[0]!)))).scores).toEqual({ ex: 1 });
    const r = await suite.score(suite.samples[0]!, episode(hardcoded));
    expect(r.scores).toEqual({ ex: 0 });
    expect(r.extra).toMatchObject({ reason: 'mismatch', failed_db: join(dbDir, 'department_store_variant.sqlite') });
    // BIRD semantics look at the one database only.
    const one = await open(spider, { exMode: 'bird' }, dir);
    expect((await one.score(one.samples[0]!, episode(hardcoded))).scores).toEqual({ ex: 1 });
  });

  it('bad options are refused at open', async () => {
    await expect(spider.open(openOpts({ mode: 'chat' }))).rejects.toThrow(/--mode/);
  });
});
