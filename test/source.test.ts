import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { HubError } from '../harness/datasets/hub-errors.js';
import { DatasetError } from '../harness/datasets/records.js';
import { resolveDataFiles } from '../harness/datasets/source.js';
import { startMockHub, type MockHub } from '../harness/testing/mock-hub.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const COMMIT = createHash('sha1').update('c').digest('hex');
const DEV = '[{"db_id":"a","question":"q"}]';
const TABLES = '[{"db_id":"a"}]';
const FILES = ['dev.json', 'dev_tables.json'];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agenteval-source-'));
  await writeFile(join(dir, 'dev.json'), DEV);
  await writeFile(join(dir, 'dev_tables.json'), TABLES);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

describe('local data', () => {
  test('a folder: files relative to it, described with sha256 and size', async () => {
    const got = await resolveDataFiles({ data: dir, files: FILES, split: 'dev' });
    expect(got.root).toBe(dir);
    expect(got.files).toEqual({ 'dev.json': join(dir, 'dev.json'), 'dev_tables.json': join(dir, 'dev_tables.json') });
    expect(got.info).toEqual({
      source: `local:${dir}`,
      revision: null,
      split: 'dev',
      files: [
        { path: 'dev.json', sha256: sha256(DEV), bytes: DEV.length },
        { path: 'dev_tables.json', sha256: sha256(TABLES), bytes: TABLES.length },
      ],
    });
    expect(got.warning).toBeUndefined();
  });

  test('a relative --data path is made absolute', async () => {
    const got = await resolveDataFiles({ data: relative(process.cwd(), dir), files: FILES });
    expect(got.info.source).toBe(`local:${dir}`);
  });

  test('one file of the folder stands for the folder; a lone file may have any name', async () => {
    await mkdir(join(dir, 'database'));
    await writeFile(join(dir, 'database', 'a.sqlite'), 'x');
    const viaFile = await resolveDataFiles({ data: join(dir, 'database', 'a.sqlite'), files: ['dev.json', 'database/a.sqlite'] });
    expect(viaFile.root).toBe(dir);
    expect(viaFile.files['dev.json']).toBe(join(dir, 'dev.json'));
    const lone = await resolveDataFiles({ data: join(dir, 'dev_tables.json'), files: ['questions.json'] });
    expect(lone.files).toEqual({ 'questions.json': join(dir, 'dev_tables.json') });
    const err = await rejection(resolveDataFiles({ data: join(dir, 'dev_tables.json'), files: ['a.json', 'b.json'] }));
    expect(err.message).toMatch(/is a file, but this dataset needs a\.json, b\.json/);
  });

  test('a missing file is named together with the folder', async () => {
    const err = await rejection(resolveDataFiles({ data: dir, files: [...FILES, 'tables.json'] }));
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toBe(`tables.json not found in ${dir} (this dataset needs dev.json, dev_tables.json, tables.json)`);
    const nowhere = await rejection(resolveDataFiles({ data: join(dir, 'nope'), files: FILES }));
    expect(nowhere.message).toContain('no such file or folder');
    const none = await rejection(resolveDataFiles({ files: FILES }));
    expect(none.message).toMatch(/no dataset source/);
  });

  test('optional files are used when present', async () => {
    await writeFile(join(dir, 'gold.sql'), 'SELECT 1');
    const got = await resolveDataFiles({ data: dir, files: ['dev.json'], optionalFiles: ['gold.sql', 'extra.json'] });
    expect(Object.keys(got.files)).toEqual(['dev.json', 'gold.sql']);
    expect(got.info.files.map((f) => f.path)).toEqual(['dev.json', 'gold.sql']);
  });
});

describe('Hub data', () => {
  let hub: MockHub;
  beforeAll(async () => {
    hub = await startMockHub({ repos: { 'org/spider': { [COMMIT]: { 'dev.json': DEV, 'dev_tables.json': TABLES } } } });
  });
  afterAll(async () => {
    await hub.close();
  });

  test('downloads at the pinned revision; source hf:<repo>@<sha>', async () => {
    const cacheDir = join(dir, 'cache');
    const spec = { hubRepo: 'org/spider', hubRevision: COMMIT, files: FILES, optionalFiles: ['extra.json'] };
    const got = await resolveDataFiles(spec, { hubUrl: hub.url, cacheDir, env: {} });
    const snap = join(cacheDir, 'datasets--org--spider', 'snapshots', COMMIT);
    expect(got.root).toBe(snap);
    expect(got.files).toEqual({ 'dev.json': join(snap, 'dev.json'), 'dev_tables.json': join(snap, 'dev_tables.json') });
    expect(got.info).toEqual({
      source: `hf:org/spider@${COMMIT}`,
      revision: COMMIT,
      split: null,
      files: [
        { path: 'dev.json', sha256: sha256(DEV), bytes: DEV.length },
        { path: 'dev_tables.json', sha256: sha256(TABLES), bytes: TABLES.length },
      ],
    });
    expect(got.warning).toBeUndefined();

    const branch = await resolveDataFiles({ ...spec, hubRevision: undefined }, { hubUrl: hub.url, cacheDir, env: {} });
    expect(branch.info.revision).toBe(COMMIT);
    expect(branch.warning).toMatch(/"main" .* not reproducible/);
  });

  test('Hub errors come through as HubError', async () => {
    const err = await rejection(
      resolveDataFiles({ hubRepo: 'org/spider', hubRevision: COMMIT, files: ['test.json'] }, { hubUrl: hub.url, cacheDir: join(dir, 'c'), env: {} }),
    );
    expect(err).toBeInstanceOf(HubError);
    expect(err.message).toContain('file "test.json" not found');
  });
});
