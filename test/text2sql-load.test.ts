import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../harness/datasets/records.js';
import { startMockHub } from '../harness/testing/mock-hub.js';
import { openText2SqlData } from '../benchmarks/text2sql/data.js';
import { localProbe, questionFileCandidates, resolveLocalLayout } from '../benchmarks/text2sql/layout.js';
import { loadQuestions } from '../benchmarks/text2sql/load.js';
import { bundledDataDir } from '../benchmarks/text2sql/paths.js';
import { schemaOnlyDb } from './helpers/schema-db.js';

const tmp = mkdtempSync(join(tmpdir(), 't2s-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SPIDER = bundledDataDir('spider');
const BIRD = bundledDataDir('bird');
const MINIDEV = bundledDataDir('bird-minidev');
const DEPT = join(SPIDER, 'database', 'department_store', 'department_store.sqlite');

async function load(flavor: 'spider' | 'bird', path: string, split?: string) {
  const layout = resolveLocalLayout(flavor, path, split);
  return { layout, ...(await loadQuestions(layout, localProbe(layout.root))) };
}


describe('Spider layout (bundled sample)', () => {
  it('finds questions.json, tables.json and database/, and loads every record with position ids', async () => {
    const { layout, samples, issues } = await load('spider', SPIDER);
    expect(layout.questionsRel).toBe('questions.json');
    expect(layout.split).toBe('questions');
    expect(layout.tablesRel).toBe('tables.json');
    expect(layout.dbDirRel).toBe('database');
    expect(issues).toEqual([]);
    expect(samples).toHaveLength(45);
    expect(samples.map((s) => s.id)).toEqual(samples.map((_, i) => String(i)));
    expect(samples[0]).toMatchObject({
      dbId: 'department_store',
      question: 'What are the ids of the top three products that were purchased in the largest amount?',
      goldSql: 'SELECT product_id FROM product_suppliers ORDER BY total_amount_purchased DESC LIMIT 3',
      evidence: '',
      dbPath: DEPT,
      suiteDbPaths: [DEPT],
      where: '[0]',
    });
    expect(samples[0]!.groups).toBeUndefined(); // Spider gives no hardness
    expect(new Set(samples.map((s) => s.dbId))).toEqual(new Set(['department_store', 'customers_and_products_contacts']));
  });

  it('prefers dev.json, honours --split (name, file name) and --data naming the questions file', async () => {
    expect(questionFileCandidates('spider')).toEqual(['dev.json', 'questions.json']);
    const dir = join(tmp, 'split');
    mkdirSync(join(dir, 'database', 'department_store'), { recursive: true });
    copyFileSync(DEPT, join(dir, 'database', 'department_store', 'department_store.sqlite'));
    const rec = (q: string) => ({ db_id: 'department_store', question: q, query: 'SELECT count(*) FROM staff' });
    writeFileSync(join(dir, 'dev.json'), JSON.stringify([rec('a'), rec('b')]));
    writeFileSync(join(dir, 'train_spider.json'), JSON.stringify([rec('c')]));
    expect((await load('spider', dir)).layout.split).toBe('dev');
    const train = await load('spider', dir, 'train_spider');
    expect(train.samples.map((s) => s.question)).toEqual(['c']);
    expect((await load('spider', dir, 'train_spider.json')).layout.questionsRel).toBe('train_spider.json');
    const byFile = await load('spider', join(dir, 'train_spider.json'));
    expect(byFile.layout.root).toBe(dir);
    expect(byFile.samples).toHaveLength(1);
    expect(() => resolveLocalLayout('spider', dir, 'test')).toThrow(DatasetError);
    expect(() => resolveLocalLayout('spider', join(tmp, 'nope'))).toThrow(/no such file or folder/);
  });

  it('reports a malformed record and a missing database with file and position, and loads the rest', async () => {
    const dir = join(tmp, 'bad');
    mkdirSync(join(dir, 'database', 'department_store'), { recursive: true });
    copyFileSync(DEPT, join(dir, 'database', 'department_store', 'department_store.sqlite'));
    writeFileSync(join(dir, 'dev.json'), JSON.stringify([
      { db_id: 'department_store', question: 'How many staff?', query: 'SELECT count(*) FROM staff' },
      { db_id: 'department_store', question: 42, query: 'SELECT 1' },
      { db_id: 'concert_singer', question: 'How many singers?', query: 'SELECT count(*) FROM singer' },
      { db_id: 'department_store', question: 'How many products?' },
      { db_id: 'department_store', question: 'How many suppliers?', query: 'SELECT count(*) FROM suppliers' },
    ]));
    const { samples, issues } = await load('spider', dir);
    // Ids are positions among all records, so they do not shift past a bad one.
    expect(samples.map((s) => s.id)).toEqual(['0', '4']);
    const file = join(dir, 'dev.json');
    expect(issues).toHaveLength(3);
    expect(issues).toContainEqual(expect.objectContaining({ file, where: '[1]', message: expect.stringContaining('/question') }));
    expect(issues).toContainEqual(expect.objectContaining({ file, where: '[3]', message: expect.stringContaining('/query') }));
    expect(issues).toContainEqual(expect.objectContaining({
      file, where: '[2]', id: '2', message: expect.stringMatching(/missing database "concert_singer".*database\/concert_singer\/concert_singer\.sqlite/),
    }));
  });

  it('lists every .sqlite of a database folder for test-suite evaluation, the db_id file first', async () => {
    const dir = join(tmp, 'suite');
    const dbDir = join(dir, 'database', 'department_store');
    mkdirSync(dbDir, { recursive: true });
    for (const f of ['department_store.sqlite', 'department_store_2.sqlite', 'a_variant.sqlite']) copyFileSync(DEPT, join(dbDir, f));
    writeFileSync(join(dbDir, 'schema.sql'), '-- not a database');
    writeFileSync(join(dir, 'dev.json'), JSON.stringify([{ db_id: 'department_store', question: 'q', query: 'SELECT 1' }]));
    const { samples } = await load('spider', dir);
    expect(samples[0]!.suiteDbPaths).toEqual(['department_store.sqlite', 'a_variant.sqlite', 'department_store_2.sqlite'].map((f) => join(dbDir, f)));
  });
});

describe('BIRD layout', () => {
  it('loads the bundled BIRD-layout copy (Spider data) with question_id ids', async () => {
    const { layout, samples, issues } = await load('bird', BIRD);
    expect(layout).toMatchObject({ questionsRel: 'dev.json', split: 'dev', tablesRel: 'dev_tables.json', dbDirRel: 'dev_databases' });
    expect(issues).toEqual([]);
    expect(samples).toHaveLength(45);
    expect(samples[3]).toMatchObject({ id: '3', evidence: '', groups: { difficulty: 'unknown' } });
    expect(samples[3]!.dbPath).toBe(join(BIRD, 'dev_databases', 'department_store', 'department_store.sqlite'));
  });

  it('reports every real mini-dev question as a missing database (no BIRD databases here)', async () => {
    const { layout, samples, issues } = await load('bird', MINIDEV);
    expect(layout.questionsRel).toBe('mini_dev_sqlite.json');
    expect(layout.tablesRel).toBe('dev_tables.json');
    expect(samples).toEqual([]);
    expect(issues).toHaveLength(36);
    const first = JSON.parse(readFileSync(join(MINIDEV, 'mini_dev_sqlite.json'), 'utf8'))[0] as { question_id: number; db_id: string };
    expect(issues[0]).toMatchObject({
      file: join(MINIDEV, 'mini_dev_sqlite.json'), where: '[0]', id: String(first.question_id),
      message: expect.stringContaining(`missing database "${first.db_id}"`),
    });
    expect(issues.every((i) => i.message.startsWith('missing database'))).toBe(true);
  });

  it('loads real mini-dev records (evidence, difficulty, question_id) once their database exists', async () => {
    const dir = join(tmp, 'minidev');
    mkdirSync(join(dir, 'dev_databases', 'superhero'), { recursive: true });
    copyFileSync(join(MINIDEV, 'mini_dev_sqlite.json'), join(dir, 'mini_dev_sqlite.json'));
    schemaOnlyDb(join(MINIDEV, 'dev_tables.json'), 'superhero', join(dir, 'dev_databases', 'superhero', 'superhero.sqlite'));
    const { samples, issues } = await load('bird', dir, 'mini_dev_sqlite');
    expect(samples).toHaveLength(12);
    expect(issues).toHaveLength(24); // student_club and toxicology have no database
    expect(samples[0]).toMatchObject({
      id: '717', dbId: 'superhero', question: 'Please list all the superpowers of 3-D Man.',
      evidence: "3-D Man refers to superhero_name = '3-D Man'; superpowers refers to power_name", groups: { difficulty: 'simple' },
    });
    expect(new Set(samples.map((s) => s.groups?.difficulty))).toEqual(new Set(['simple', 'moderate', 'challenging']));
  });

  it('rejects a duplicate question_id and a record without SQL, keeping the rest', async () => {
    const dir = join(tmp, 'birddup');
    mkdirSync(join(dir, 'dev_databases', 'department_store'), { recursive: true });
    copyFileSync(DEPT, join(dir, 'dev_databases', 'department_store', 'department_store.sqlite'));
    const rec = (id: number) => ({ question_id: id, db_id: 'department_store', question: `q${id}`, evidence: '', SQL: 'SELECT 1', difficulty: 'simple' });
    writeFileSync(join(dir, 'dev.json'), JSON.stringify([rec(10), rec(11), rec(10), { ...rec(12), SQL: undefined }]));
    const { samples, issues } = await load('bird', dir);
    expect(samples.map((s) => s.id)).toEqual(['10', '11']);
    expect(issues.map((i) => i.where).sort()).toEqual(['[2]', '[3]']);
    expect(issues.find((i) => i.where === '[2]')!.message).toMatch(/duplicate question_id 10 \(first at \[0\]\)/);
    expect(issues.find((i) => i.where === '[3]')!.message).toMatch(/\/SQL/);
  });
});

describe('dataset info', () => {
  it('hashes the questions file, the schema file and every database used, with dataset-relative paths', async () => {
    const d = await openText2SqlData({ flavor: 'spider', withDescriptions: false });
    expect(d.info.source).toBe(`local:${SPIDER}`);
    expect(d.info.split).toBe('questions');
    expect(d.info.files.map((f) => f.path)).toEqual([
      'questions.json',
      'database/customers_and_products_contacts/customers_and_products_contacts.sqlite',
      'database/department_store/department_store.sqlite',
      'tables.json',
    ]);
    expect(d.info.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.bytes > 0)).toBe(true);
  });

  it('includes BIRD description CSVs when they are shown to the model', async () => {
    const dir = join(tmp, 'desc');
    mkdirSync(join(dir, 'dev_databases', 'superhero', 'database_description'), { recursive: true });
    schemaOnlyDb(join(MINIDEV, 'dev_tables.json'), 'superhero', join(dir, 'dev_databases', 'superhero', 'superhero.sqlite'));
    copyFileSync(join(MINIDEV, 'dev_databases', 'superhero', 'database_description', 'superhero.csv'), join(dir, 'dev_databases', 'superhero', 'database_description', 'superhero.csv'));
    copyFileSync(join(MINIDEV, 'mini_dev_sqlite.json'), join(dir, 'dev.json'));
    const withDesc = await openText2SqlData({ flavor: 'bird', data: dir, withDescriptions: true });
    expect(withDesc.info.files.map((f) => f.path)).toContain('dev_databases/superhero/database_description/superhero.csv');
    const without = await openText2SqlData({ flavor: 'bird', data: dir, withDescriptions: false });
    expect(without.info.files.map((f) => f.path)).not.toContain('dev_databases/superhero/database_description/superhero.csv');
  });
});

describe('Hugging Face Hub', () => {
  it('finds the layout from the repo listing and downloads only the questions and the databases they use', async () => {
    const COMMIT = createHash('sha1').update('spider-sample').digest('hex');
    const questions = JSON.parse(readFileSync(join(SPIDER, 'questions.json'), 'utf8')) as Array<{ db_id: string }>;
    const dev = JSON.stringify(questions.filter((q) => q.db_id === 'department_store').slice(0, 3));
    const hub = await startMockHub({
      repos: {
        'org/spider': {
          [COMMIT]: {
            'dev.json': dev,
            'tables.json': readFileSync(join(SPIDER, 'tables.json'), 'utf8'),
            'database/department_store/department_store.sqlite': new Uint8Array(readFileSync(DEPT)),
            'database/customers_and_products_contacts/customers_and_products_contacts.sqlite': new Uint8Array(
              readFileSync(join(SPIDER, 'database', 'customers_and_products_contacts', 'customers_and_products_contacts.sqlite')),
            ),
          },
        },
      },
    });
    try {
      const cacheDir = join(tmp, 'hf');
      const d = await openText2SqlData({
        flavor: 'spider', hub: { repo: 'org/spider', revision: COMMIT }, withDescriptions: false, hubOptions: { hubUrl: hub.url, cacheDir, env: {} },
      });
      expect(d.issues).toEqual([]);
      expect(d.samples).toHaveLength(3);
      expect(d.info.source).toBe(`hf:org/spider@${COMMIT}`);
      expect(d.info.files.map((f) => f.path)).toEqual(['dev.json', 'database/department_store/department_store.sqlite', 'tables.json']);
      expect(d.samples[0]!.dbPath.startsWith(cacheDir)).toBe(true);
      expect(existsSync(d.samples[0]!.dbPath)).toBe(true);
      expect(readFileSync(d.samples[0]!.dbPath).equals(readFileSync(DEPT))).toBe(true);
      // The unused database was listed but never fetched.
      const unused = d.samples[0]!.dbPath.replace(/department_store/g, 'customers_and_products_contacts');
      expect(existsSync(unused)).toBe(false);
    } finally {
      await hub.close();
    }
  });
});
