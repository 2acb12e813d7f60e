import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DatasetError, describeAjvErrors, forEachRecord, formatOf, loadRecords } from '../harness/datasets/records.js';

interface Q {
  db_id: string;
  question: string;
}
const SCHEMA = {
  type: 'object',
  required: ['db_id', 'question'],
  properties: { db_id: { type: 'string' }, question: { type: 'string' } },
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agenteval-records-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, text: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, text);
  return p;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DatasetError);
  return err as Error;
}

describe('JSONL', () => {
  test('malformed lines and invalid records become issues with file and line; blank lines are skipped', async () => {
    const file = await put('dev.jsonl', [
      '{"db_id":"a","question":"q1"}',
      '',
      '{"db_id":"b", oops}',
      '   ',
      '{"db_id":7,"question":"q3"}',
      '{"question":"q4"}',
      '{"db_id":"e","question":"q5"}',
    ].join('\n') + '\n');
    const { records, issues } = await loadRecords<Q>(file, SCHEMA);
    expect(records.map((r) => [r.value.db_id, r.where, r.index])).toEqual([['a', 'line 1', 0], ['e', 'line 7', 4]]);
    expect(issues.map((i) => [i.file, i.where])).toEqual([[file, 'line 3'], [file, 'line 5'], [file, 'line 6']]);
    expect(issues[0]!.message).toMatch(/^malformed JSON/);
    expect(issues[1]!.message).toBe('field /db_id: must be string');
    expect(issues[2]!.message).toBe("field /db_id: must have required property 'db_id'");
  });

  test('CRLF line ends and a UTF-8 byte-order mark are read as plain lines', async () => {
    const file = await put('bom.jsonl', '\uFEFF{"db_id":"a","question":"q"}\r\n{"db_id":"b","question":"r"}\r\n');
    const { records, issues } = await loadRecords<Q>(file, SCHEMA);
    expect(issues).toEqual([]);
    expect(records.map((r) => r.value.db_id)).toEqual(['a', 'b']);
  });

  test('line ends as readline reads them: a lone CR, CRLF split across read chunks, no final newline', async () => {
    // A first line of exactly 64 KiB (the read stream's chunk size) puts the next CRLF across a chunk boundary.
    const pad = 'x'.repeat(65536 - '{"db_id":"a","question":""}'.length);
    const text = `{"db_id":"a","question":"${pad}"}` + '\r\n{"db_id":"b","question":"q"}\r{"db_id":"c","question":"r"}\n\n{"db_id":"d","question":"s"}';
    expect(text.indexOf('\r\n')).toBe(65536);
    const file = await put('ends.jsonl', text);
    const { records, issues } = await loadRecords<Q>(file, SCHEMA);
    expect(issues).toEqual([]);
    expect(records.map((r) => [r.value.db_id, r.where, r.index])).toEqual([['a', 'line 1', 0], ['b', 'line 2', 1], ['c', 'line 3', 2], ['d', 'line 5', 3]]);
  });

  test('forEachRecord hands each parsed line over in order and returns the malformed ones', async () => {
    const file = await put('each.jsonl', '{"a":1}\nnot json\n{"a":2}\n');
    const seen: Array<[unknown, string, number]> = [];
    const issues = await forEachRecord(file, (r) => seen.push([r.value, r.where, r.index]));
    expect(seen).toEqual([[{ a: 1 }, 'line 1', 0], [{ a: 2 }, 'line 3', 2]]);
    expect(issues.map((i) => i.where)).toEqual(['line 2']);
  });

  test('.ndjson is JSONL; a format option overrides the extension', async () => {
    expect(formatOf('x.NDJSON')).toBe('jsonl');
    expect(formatOf('x.parquet')).toBe('parquet');
    expect(formatOf('x.json')).toBe('json');
    const file = await put('data.txt', '{"db_id":"a","question":"q"}\n');
    expect((await loadRecords<Q>(file, SCHEMA, { format: 'jsonl' })).records).toHaveLength(1);
  });
});

describe('JSON', () => {
  test('array positions are [i], 0-based', async () => {
    const file = await put('dev.json', JSON.stringify([{ db_id: 'a', question: 'q' }, { db_id: 'b' }, { db_id: 'c', question: 'r' }]));
    const { records, issues } = await loadRecords<Q>(file, SCHEMA);
    expect(records.map((r) => [r.where, r.index])).toEqual([['[0]', 0], ['[2]', 2]]);
    expect(issues).toEqual([{ file, where: '[1]', message: "field /question: must have required property 'question'" }]);
  });

  test('arrayKey reads the records under a key', async () => {
    const file = await put('wrapped.json', JSON.stringify({ version: 1, data: [{ db_id: 'a', question: 'q' }] }));
    const { records } = await loadRecords<Q>(file, SCHEMA, { arrayKey: 'data' });
    expect(records[0]?.value).toEqual({ db_id: 'a', question: 'q' });
    const err = await rejection(loadRecords(file, SCHEMA, { arrayKey: 'rows' }));
    expect(err.message).toBe(`${file}: expected a JSON array of records under "rows"`);
  });

  test('a file that is not an array, not JSON, or not there is a DatasetError naming it', async () => {
    const obj = await put('obj.json', '{"db_id":"a"}');
    expect((await rejection(loadRecords(obj, SCHEMA))).message).toBe(`${obj}: expected a JSON array of records`);
    const bad = await put('bad.json', '[{"db_id":');
    expect((await rejection(loadRecords(bad, SCHEMA))).message).toMatch(new RegExp(`^${bad}: malformed JSON`));
    for (const name of ['none.json', 'none.jsonl', 'none.parquet']) {
      expect((await rejection(loadRecords(join(dir, name), SCHEMA))).message).toBe(`${join(dir, name)}: no such file`);
    }
    expect((await rejection(loadRecords(dir, SCHEMA))).message).toBe(`${dir}: not a file`);
  });

  test('describeAjvErrors joins every error with its field path', () => {
    expect(describeAjvErrors(null)).toBe('invalid record');
    expect(describeAjvErrors([
      { keyword: 'type', instancePath: '/a/0', schemaPath: '', params: {}, message: 'must be string' },
      { keyword: 'required', instancePath: '', schemaPath: '', params: { missingProperty: 'b' }, message: "must have required property 'b'" },
      { keyword: 'type', instancePath: '', schemaPath: '', params: {}, message: 'must be object' },
    ])).toBe("field /a/0: must be string; field /b: must have required property 'b'; field (record): must be object");
  });
});

describe('Parquet', () => {
  test('nested list and struct columns and int64 ids read back as JSON values, with row positions', async () => {
    const file = join(dir, 'train.parquet');
    // verl-style rows: a chat `prompt` list of structs and a `reward_model` struct.
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'id', data: [10n, 11n, 12n] },
        { name: 'prompt', data: [[{ role: 'user', content: 'hi' }], [{ role: 'system', content: 's' }, { role: 'user', content: 'q' }], []] },
        { name: 'reward_model', data: [{ ground_truth: 'x', style: 'rule' }, { ground_truth: 'y', style: 'rule' }, { ground_truth: null, style: 'rule' }] },
        { name: 'tags', data: [['a', 'b'], [], null] },
      ],
      schema: [
        { name: 'root', num_children: 4 },
        { name: 'id', type: 'INT64', repetition_type: 'REQUIRED' },
        { name: 'prompt', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'role', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'content', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'reward_model', repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'ground_truth', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'style', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      ],
    });
    const schema = {
      type: 'object',
      required: ['id', 'prompt', 'reward_model'],
      properties: {
        id: { type: 'integer' },
        prompt: { type: 'array', items: { type: 'object', required: ['role', 'content'] } },
        reward_model: { type: 'object', required: ['ground_truth'], properties: { ground_truth: { type: 'string' } } },
      },
    };
    const { records, issues } = await loadRecords<{ id: number }>(file, schema);
    expect(records.map((r) => [r.where, r.index])).toEqual([['row 0', 0], ['row 1', 1]]);
    expect(records[0]!.value).toEqual({
      id: 10, prompt: [{ role: 'user', content: 'hi' }], reward_model: { ground_truth: 'x', style: 'rule' }, tags: ['a', 'b'],
    });
    expect(records[1]!.value).toMatchObject({ id: 11, prompt: [{ role: 'system', content: 's' }, { role: 'user', content: 'q' }], tags: [] });
    expect(issues).toEqual([{ file, where: 'row 2', message: 'field /reward_model/ground_truth: must be string' }]);
  });
});
