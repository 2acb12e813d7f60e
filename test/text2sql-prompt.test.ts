import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDescriptions, parseCsv, readDescriptionCsv } from '../benchmarks/text2sql/descriptions.js';
import { localProbe, resolveLocalLayout } from '../benchmarks/text2sql/layout.js';
import { loadQuestions, type SqlSample } from '../benchmarks/text2sql/load.js';
import { parseOptions } from '../benchmarks/text2sql/options.js';
import { bundledDataDir, promptPath } from '../benchmarks/text2sql/paths.js';
import { buildSchemaPrompt, SchemaCache } from '../benchmarks/text2sql/schema-prompt.js';
import { mtirPrompt, singlePrompt } from '../benchmarks/text2sql/solvers.js';
import { loadTemplate, render } from '../benchmarks/text2sql/templates.js';
import { schemaOnlyDb } from './helpers/schema-db.js';

const tmp = mkdtempSync(join(tmpdir(), 't2s-prompt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SPIDER = bundledDataDir('spider');
const MINIDEV = bundledDataDir('bird-minidev');
const DEPT = join(SPIDER, 'database', 'department_store', 'department_store.sqlite');
const HERO_DIR = join(tmp, 'minidev', 'dev_databases', 'superhero');
const HERO = join(HERO_DIR, 'superhero.sqlite');


let spiderSamples: SqlSample[] = [];
let birdSamples: SqlSample[] = [];

beforeAll(async () => {
  const sl = resolveLocalLayout('spider', SPIDER);
  spiderSamples = (await loadQuestions(sl, localProbe(sl.root))).samples;
  mkdirSync(join(HERO_DIR, 'database_description'), { recursive: true });
  schemaOnlyDb(join(MINIDEV, 'dev_tables.json'), 'superhero', HERO);
  for (const f of ['superhero.csv', 'hero_power.csv', 'superpower.csv']) {
    copyFileSync(join(MINIDEV, 'dev_databases', 'superhero', 'database_description', f), join(HERO_DIR, 'database_description', f));
  }
  copyFileSync(join(MINIDEV, 'mini_dev_sqlite.json'), join(tmp, 'minidev', 'dev.json'));
  const bl = resolveLocalLayout('bird', join(tmp, 'minidev'));
  birdSamples = (await loadQuestions(bl, localProbe(bl.root))).samples;
});

describe('schema prompt', () => {
  it('is the real CREATE TABLE text of every table, from sqlite_master, in creation order', () => {
    const text = buildSchemaPrompt(DEPT, { sampleRows: 0 });
    const db = new Database(DEPT, { readonly: true });
    const ddl = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid").all() as Array<{ name: string; sql: string }>;
    db.close();
    expect(ddl.length).toBe(14);
    let at = -1;
    for (const t of ddl) {
      const i = text.indexOf(t.sql.trim());
      expect(i, t.name).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toContain('CREATE TABLE `Staff_Department_Assignments` (');
    expect(text).not.toContain('sqlite_autoindex');
    expect(text).not.toContain('example rows');
  });

  it('adds N example rows per table in BIRD\'s comment-block layout', () => {
    const text = buildSchemaPrompt(DEPT, { sampleRows: 2 });
    expect(text).toContain('/*\n2 example rows:\nSELECT * FROM "Addresses" LIMIT 2;\n');
    const db = new Database(DEPT, { readonly: true });
    const first = db.prepare('SELECT * FROM Staff LIMIT 1').get() as { staff_name: string };
    db.close();
    expect(text).toContain(first.staff_name);
    expect(text.match(/example rows:/g)).toHaveLength(14);
  });

  it("appends BIRD's column descriptions from database_description CSVs when asked", () => {
    const text = buildSchemaPrompt(HERO, { sampleRows: 0, descriptionsDir: join(HERO_DIR, 'database_description') });
    expect(text).toContain('-- Column descriptions for superhero:');
    expect(text).toContain('--   full_name (full name): the full name of the superhero Values: commonsense evidence: The full name of a person');
    expect(text).toContain('--   superhero_name (superhero name): the name of the superhero');
    expect(buildSchemaPrompt(HERO, { sampleRows: 0 })).not.toContain('Column descriptions');
  });

  it('parses RFC 4180 CSV (quotes, escaped quotes, multi-line values, CRLF) and Windows-1252 files', () => {
    expect(parseCsv('a,b\r\n"x, y","he said ""hi""\nthen left"\r\n,\n')).toEqual([['a', 'b'], ['x, y', 'he said "hi"\nthen left']]);
    const f = join(tmp, 'cp1252.csv');
    writeFileSync(f, Buffer.concat([Buffer.from('original_column_name,column_name,column_description,data_format,value_description\nname,,caf'), Buffer.from([0xe9]), Buffer.from(' owner,text,\n')]));
    const d = readDescriptionCsv(f);
    expect(d).toEqual([{ column: 'name', name: '', description: 'café owner', format: 'text', values: '' }]);
    expect(formatDescriptions('t', d)).toBe('-- Column descriptions for t:\n--   name: café owner');
  });

  it('reads each schema once per database', () => {
    let calls = 0;
    const cache = new SchemaCache(() => {
      calls += 1;
      return { sampleRows: 0 };
    });
    expect(cache.get(DEPT)).toBe(cache.get(DEPT));
    expect(calls).toBe(1);
  });
});

describe('templates', () => {
  it('hash the file bytes, stably', () => {
    for (const f of ['single.md', 'mtir-system.md', 'mtir-user.md']) {
      const t = loadTemplate(f);
      expect(t.name).toBe(`text2sql/${f}`);
      expect(t.sha256).toBe(createHash('sha256').update(readFileSync(promptPath(f))).digest('hex'));
      expect(loadTemplate(f).sha256).toBe(t.sha256);
    }
  });

  it('drop the leading doc comment and refuse unknown placeholders', () => {
    const path = join(tmp, 't.md');
    writeFileSync(path, '<!-- doc {{x}} -->\nHello {{name}}.\n\n\n\n{{opt}}\nBye {{ other }}');
    const t = loadTemplate('t.md', path);
    expect(render(t, { name: 'A', opt: '', other: 'B' })).toBe('Hello A.\n\nBye B');
    expect(() => render(t, { name: 'A', opt: '' })).toThrow(/no value for \{\{other\}\}/);
  });
});

describe('single and mtir prompts', () => {
  const spiderSettings = parseOptions('spider', {});
  const birdSettings = parseOptions('bird', {});

  it('Spider: schema DDL, question, no evidence, fenced-SQL instruction', () => {
    const p = singlePrompt(spiderSettings, new SchemaCache(() => ({ sampleRows: 0 })));
    expect(p.templates.map((t) => t.name)).toEqual(['text2sql/single.md']);
    const msgs = p.messages(spiderSamples[0]!);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.role).toBe('user');
    const text = msgs[0]!.content!;
    expect(text).toContain('Database: department_store\nCREATE TABLE `Addresses` (');
    expect(text).toContain('Question: What are the ids of the top three products that were purchased in the largest amount?');
    expect(text).toContain('```sql');
    expect(text).not.toContain('External knowledge');
    expect(text).not.toMatch(/\n\n\n/);
    expect(text).not.toContain('{{');
  });

  it('BIRD: the evidence is in the prompt, unless --no-evidence', () => {
    const sample = birdSamples.find((s) => s.id === '717')!;
    const schemas = new SchemaCache(() => ({ sampleRows: 0 }));
    const withEv = singlePrompt(birdSettings, schemas).messages(sample)[0]!.content!;
    expect(withEv).toContain("External knowledge: 3-D Man refers to superhero_name = '3-D Man'; superpowers refers to power_name\n\nQuestion: Please list all the superpowers of 3-D Man.");
    expect(withEv).toContain('CREATE TABLE "superhero" (');
    const noEv = singlePrompt(parseOptions('bird', { evidence: false }), schemas).messages(sample)[0]!.content!;
    expect(noEv).not.toContain('External knowledge');
    expect(noEv).toContain('Question: Please list all the superpowers of 3-D Man.');
  });

  it('mtir: a system prompt with the turn and row budget, then the question', () => {
    const s = parseOptions('bird', { mode: 'mtir', maxTurns: '4', maxRows: '7' });
    const p = mtirPrompt(s, new SchemaCache(() => ({ sampleRows: 0 })));
    expect(p.templates.map((t) => t.name)).toEqual(['text2sql/mtir-system.md', 'text2sql/mtir-user.md']);
    const [sys, user] = p.messages(birdSamples[0]!);
    expect(sys!.role).toBe('system');
    expect(sys!.content).toContain('`execute_sql`');
    expect(sys!.content).toContain('first 7 rows');
    expect(sys!.content).toContain('at most 4 rounds');
    expect(user!.content).toContain('External knowledge:');
  });
});

describe('options', () => {
  it('default per benchmark', () => {
    expect(parseOptions('spider', {})).toEqual({
      mode: 'single', exMode: 'spider', sqlTimeoutSec: 30, maxTurns: 5, maxRows: 10, sampleRows: 0, useEvidence: false, columnDescriptions: false,
    });
    expect(parseOptions('bird', {})).toMatchObject({ exMode: 'bird', useEvidence: true, columnDescriptions: false });
    expect(parseOptions('bird', { exMode: 'spider', sqlTimeout: '0.5', sampleRows: '3', columnDescriptions: true }))
      .toMatchObject({ exMode: 'spider', sqlTimeoutSec: 0.5, sampleRows: 3, columnDescriptions: true });
  });

  it('reject bad values with the flag name', () => {
    expect(() => parseOptions('spider', { mode: 'agent' })).toThrow(/--mode: expected one of single, mtir/);
    expect(() => parseOptions('spider', { exMode: 'strict' })).toThrow(/--ex-mode/);
    expect(() => parseOptions('spider', { sqlTimeout: '0' })).toThrow(/--sql-timeout/);
    expect(() => parseOptions('spider', { maxTurns: '2.5' })).toThrow(/--max-turns: expected an integer/);
    expect(() => parseOptions('spider', { maxRows: 'ten' })).toThrow(/--max-rows/);
    expect(() => parseOptions('spider', { sampleRows: '-1' })).toThrow(/--sample-rows/);
  });
});
