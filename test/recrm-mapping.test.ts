// The RecRM-Bench field mapping: schema validation, fail-fast errors that name the missing field
// and list the fields that exist, every label type, and the loader on JSONL / JSON / Parquet.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DatasetError } from '../harness/datasets/records.js';
import { ConfigError } from '../harness/run/options.js';
import { parseDimensions } from '../benchmarks/recrm/dimensions.js';
import { MappingError } from '../benchmarks/recrm/extract.js';
import { loadRecRM } from '../benchmarks/recrm/load.js';
import { loadMapping, parseMapping, type Mapping, type SourceMapping } from '../benchmarks/recrm/mapping.js';
import { oracleText, scoreEntry } from '../benchmarks/recrm/score.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'recrm-map-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(rel: string, content: string): Promise<string> {
  const p = join(dir, ...rel.split('/'));
  await mkdir(dirname(p), { recursive: true });
  await writeFile(p, content);
  return p;
}
const jsonl = (rows: unknown[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

function mappingOf(dim: keyof Mapping['dimensions'], ...sources: SourceMapping[]): Mapping {
  return parseMapping(JSON.stringify({ format: 'recrm-mapping/1', dimensions: { [dim]: { sources } } }), 'test');
}

describe('mapping file validation (ajv)', () => {
  test('the default mapping is valid and maps all four dimensions', () => {
    const m = loadMapping();
    expect(m.name).toBe('default');
    expect(Object.keys(m.mapping.dimensions).sort()).toEqual(parseDimensions('all').sort());
    expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test.each([
    [{ format: 'recrm-mapping/1', dimensions: { 'instruction-following': { sources: [{ name: 'x', files: ['a.jsonl'], fields: { query: 'q' }, label: { type: 'binary' } }] } } },
      /sources\/0\/fields\/label: must have required property 'label'/],
    [{ format: 'recrm-mapping/1', dimensions: { 'style-transfer': { sources: [] } } }, /unknown dimension "style-transfer" \(known: instruction-following, /],
    [{ format: 'recrm-mapping/1', dimensions: { 'query-item-relevance': { sources: [{ name: 'x', files: ['a.jsonl'], fields: { query: 'q', label: 'l' }, label: { type: 'graded' } }] } } },
      /label\/classes: must have required property 'classes'/],
    [{ format: 'recrm-mapping/1', dimensions: { 'user-behavior-prediction': { sources: [{ name: 'x', files: ['a.jsonl'], fields: { query: 'q', label: 'l' }, label: { type: 'ranking', format: 'order' } }] } } },
      /fields\/items: a ranking label needs the candidate items/],
    [{ format: 'recrm-mapping/1', dimensions: { 'instruction-following': { sources: [{ name: 'x', files: ['a.jsonl'], fields: { query: 'q', label: 'l', answer: 'a' }, label: { type: 'binary' } }] } } },
      /must NOT have additional properties/],
  ])('invalid mapping %# is a ConfigError naming the place', (value, pattern) => {
    let err: unknown;
    try {
      parseMapping(JSON.stringify(value), 'bad.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('mapping bad.json is invalid');
    expect((err as Error).message).toMatch(pattern);
  });

  test('malformed JSON and a missing --mapping file fail clearly', async () => {
    expect(() => parseMapping('{', 'x.json')).toThrow(/mapping x.json: malformed JSON/);
    expect(() => loadMapping(join(dir, 'nope.json'))).toThrow(/--mapping .*nope\.json: cannot read \(ENOENT\)/);
    const p = await put('m.json', JSON.stringify({ format: 'recrm-mapping/1', dimensions: { 'instruction-following': { sources: [{ name: 'i', files: ['*.jsonl'], fields: { query: 'q', label: 'l' }, label: { type: 'binary' } }] } } }));
    expect(loadMapping(p).name).toBe('m.json');
  });
});

describe('a wrong mapping fails fast with the field it could not find and the fields that exist', () => {
  test('top-level field', async () => {
    await put('data/instruction_following/part.jsonl', jsonl([{ id: 'a', prompt: '只输出JSON', answer: '{}', label: 1 }]));
    const err = await loadRecRM({ dimensions: ['instruction-following'], mapping: loadMapping().mapping, data: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MappingError);
    const msg = (err as Error).message;
    expect(msg).toContain('instruction-following');
    expect(msg).toContain('data/instruction_following/part.jsonl line 1');
    expect(msg).toMatch(/field "(query|context|response)" is mapped to "(query|instruction|response)", but the record has no "(query|instruction|response)"/);
    expect(msg).toContain('fields that exist: id, prompt, answer, label');
  });

  test('nested path into an array', async () => {
    await put('if.jsonl', jsonl([{ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }], label: 'yes' }]));
    const m = mappingOf('instruction-following', { name: 'chat', files: ['if.jsonl'], fields: { query: 'messages.0.content', response: 'messages.5.content', label: 'label' }, label: { type: 'binary' } });
    const err = await loadRecRM({ dimensions: ['instruction-following'], mapping: m, data: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MappingError);
    expect((err as Error).message).toContain('field "response" is mapped to "messages.5.content", but "messages" has no "5"; fields that exist at "messages": 0…1 (array of 2)');
  });

  test('a label value the mapping does not know, on the first record', async () => {
    await put('fc.jsonl', jsonl([{ q: 'x', r: 'y', verdict: 'maybe' }]));
    const m = mappingOf('factual-consistency', { name: 'fc', files: ['fc.jsonl'], fields: { query: 'q', response: 'r', label: 'verdict' }, label: { type: 'binary', positive: ['grounded'], negative: ['hallucinated'] } });
    const err = await loadRecRM({ dimensions: ['factual-consistency'], mapping: m, data: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MappingError);
    expect((err as Error).message).toContain('label value "maybe" is neither positive ["grounded"] nor negative ["hallucinated"]');
  });

  test('a dimension the mapping lacks, and files that match nothing', async () => {
    await put('data/factual_consistency/x.jsonl', jsonl([{ q: 'x', l: 1 }]));
    const m = mappingOf('factual-consistency', { name: 'fc', files: ['data/factual_consistency/*.parquet'], fields: { query: 'q', label: 'l' }, label: { type: 'binary' } });
    await expect(loadRecRM({ dimensions: ['instruction-following'], mapping: m, data: dir })).rejects.toThrow(/no entry for dimension instruction-following/);
    const err = await loadRecRM({ dimensions: ['factual-consistency'], mapping: m, data: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toContain('no file matches "data/factual_consistency/*.parquet"');
    expect((err as Error).message).toContain('files under data/factual_consistency/: data/factual_consistency/x.jsonl');
  });
});

describe('records after the first: problems are data issues, the run goes on', () => {
  test('missing field, bad label, malformed line, non-object, duplicate id', async () => {
    await put('fc.jsonl', jsonl([
      { id: 1, q: '这家店几点关门？', r: '22点', l: 1 },
      { id: 2, q: 'open late?', l: 0 },
      { id: 3, q: 'x', r: 'y', l: 'perhaps' },
      '{"id": 4, "q": ',
      '[1, 2]',
      { id: 1, q: 'dup', r: 'dup', l: 0 },
      { id: 6, q: 'ok', r: 'ok', l: false },
    ]));
    const m = mappingOf('factual-consistency', { name: 'fc', files: ['fc.jsonl'], fields: { id: 'id', query: 'q', response: 'r', label: 'l' }, label: { type: 'binary' } });
    const got = await loadRecRM({ dimensions: ['factual-consistency'], mapping: m, data: dir });
    expect(got.samples.map((s) => s.id)).toEqual(['factual-consistency/1', 'factual-consistency/6']);
    expect(got.samples[1]!.gold).toEqual({ type: 'binary', value: 'no' });
    const issues = got.issues.map((i) => `${i.file} ${i.where}: ${i.message}`);
    expect(issues).toHaveLength(5);
    expect(issues.join('\n')).toContain('fc.jsonl line 2: field "response" is mapped to "r", but the record has no "r"');
    expect(issues.join('\n')).toContain('line 3: field "label" ("l"): label value "perhaps"');
    expect(issues.join('\n')).toContain('line 4: malformed JSON');
    expect(issues.join('\n')).toContain('line 5: field (record): must be object');
    expect(issues.join('\n')).toContain('line 6: duplicate id factual-consistency/1');
  });

  test('a mapped id the records lack falls back to positions (with a note)', async () => {
    await put('if.jsonl', jsonl([{ q: 'a', r: 'b', l: 1 }, { q: 'c', r: 'd', l: 0 }]));
    const m = mappingOf('instruction-following', { name: 'i', files: ['if.jsonl'], fields: { id: 'uid', query: 'q', response: 'r', label: 'l' }, label: { type: 'binary' } });
    const notes: string[] = [];
    const got = await loadRecRM({ dimensions: ['instruction-following'], mapping: m, data: dir, log: (x) => notes.push(x) });
    expect(got.samples.map((s) => s.id)).toEqual(['instruction-following/0', 'instruction-following/1']);
    expect(notes.join('\n')).toMatch(/no "uid".*using record positions as ids/);
  });
});

describe('label types', () => {
  test('binary with custom values; graded with aliases (Chinese)', async () => {
    await put('if.jsonl', jsonl([{ q: 'a', r: 'b', l: 'good' }, { q: 'c', r: 'd', l: 'BAD ' }]));
    await put('qir.jsonl', jsonl([{ q: '川菜', item: { name: '川府' }, rel: '强相关' }, { q: 'sushi', item: { name: 'Umi' }, rel: 0 }, { q: 'x', item: 'y', rel: 'partial' }]));
    const m = parseMapping(JSON.stringify({
      format: 'recrm-mapping/1',
      dimensions: {
        'instruction-following': { sources: [{ name: 'i', files: ['if.jsonl'], fields: { query: 'q', response: 'r', label: 'l' }, label: { type: 'binary', positive: ['good'], negative: ['bad'] } }] },
        'query-item-relevance': { sources: [{ name: 'q', files: ['qir.jsonl'], fields: { query: 'q', items: 'item', label: 'rel' }, label: { type: 'graded', classes: [{ value: 0, aliases: ['不相关'] }, { value: 'partial' }, { value: 2, description: 'relevant', aliases: ['强相关'] }] } }] },
      },
    }), 't');
    const got = await loadRecRM({ dimensions: ['instruction-following', 'query-item-relevance'], mapping: m, data: dir });
    expect(got.issues).toEqual([]);
    // Round-robin over sources, so --limit covers every dimension.
    expect(got.samples.map((s) => s.id)).toEqual(['instruction-following/0', 'query-item-relevance/0', 'instruction-following/1', 'query-item-relevance/1', 'query-item-relevance/2']);
    expect(got.samples.map((s) => s.gold)).toEqual([
      { type: 'binary', value: 'yes' },
      { type: 'graded', value: '2', index: 2 },
      { type: 'binary', value: 'no' },
      { type: 'graded', value: '0', index: 0 },
      { type: 'graded', value: 'partial', index: 1 },
    ]);
    for (const s of got.samples) expect(scoreEntry(s, oracleText(s)).scores.acc).toBe(1);
  });

  test.each([
    ['order', ['c', 'a'], { a: 1, b: 0, c: 2 }, ['c', 'a', 'b']],
    ['grades', [0, 3, 1], { a: 0, b: 3, c: 1 }, ['b', 'c', 'a']],
    ['chosen', 'b', { a: 0, b: 1, c: 0 }, ['b', 'a', 'c']],
    ['chosen', ['c', 'a'], { a: 1, b: 0, c: 1 }, ['a', 'c', 'b']],
  ] as const)('ranking, format %s', async (format, label, grades, order) => {
    await put('rank.jsonl', jsonl([{ query: '晚饭', cands: [{ pid: 'a', n: 'A店' }, { pid: 'b', n: 'B店' }, { pid: 'c', n: 'C店' }], gold: label }]));
    const m = mappingOf('user-behavior-prediction', { name: 'r', files: ['rank.jsonl'], fields: { query: 'query', items: 'cands', itemId: 'pid', itemText: 'n', label: 'gold' }, label: { type: 'ranking', format, k: 2 } });
    const got = await loadRecRM({ dimensions: ['user-behavior-prediction'], mapping: m, data: dir });
    const s = got.samples[0]!;
    expect(s.items).toEqual([{ id: 'a', text: 'A店' }, { id: 'b', text: 'B店' }, { id: 'c', text: 'C店' }]);
    expect(s.gold).toEqual({ type: 'ranking', grades, order });
    const scored = scoreEntry(s, oracleText(s));
    expect(scored.scores).toEqual({ acc: 1, acc_ubp: 1 });
    expect(scored.extra?.ndcg).toBe(1);
  });

  test('ranking labels naming unknown items are data issues; positional ids when no itemId', async () => {
    await put('rank.jsonl', jsonl([{ c: ['x', 'y'], g: ['2', '1'] }, { c: ['x', 'y'], g: ['9'] }]));
    const m = mappingOf('user-behavior-prediction', { name: 'r', files: ['rank.jsonl'], fields: { items: 'c', label: 'g' }, label: { type: 'ranking', format: 'order' } });
    const got = await loadRecRM({ dimensions: ['user-behavior-prediction'], mapping: m, data: dir });
    expect(got.samples).toHaveLength(1);
    expect(got.samples[0]!.gold).toMatchObject({ order: ['2', '1'] });
    expect(got.issues[0]!.message).toContain('names item id(s) "9" that are not candidates [1, 2]');
  });
});

describe('file formats and --data forms', () => {
  test('JSON array under a key, and Parquet', async () => {
    await put('data/fc/a.json', JSON.stringify({ data: [{ q: 'a', l: 1 }, { q: 'b', l: 0 }] }));
    const parquet = join(dir, 'data', 'qir', 'b.parquet');
    await mkdir(dirname(parquet), { recursive: true });
    parquetWriteFile({
      filename: parquet,
      columnData: [
        { name: 'query', data: ['火锅', 'brunch'], type: 'STRING' },
        { name: 'item', data: ['蜀香火锅', 'Night Owl Bar'], type: 'STRING' },
        { name: 'label', data: [2, 0], type: 'INT32' },
      ],
    });
    const m = parseMapping(JSON.stringify({
      format: 'recrm-mapping/1',
      dimensions: {
        'factual-consistency': { sources: [{ name: 'f', files: ['data/fc/*'], arrayKey: 'data', fields: { query: 'q', label: 'l' }, label: { type: 'binary' } }] },
        'query-item-relevance': { sources: [{ name: 'q', files: ['data/**/*.parquet'], fields: { query: 'query', items: 'item', label: 'label' }, label: { type: 'graded', classes: [{ value: 0 }, { value: 1 }, { value: 2 }] } }] },
      },
    }), 't');
    const got = await loadRecRM({ dimensions: ['factual-consistency', 'query-item-relevance'], mapping: m, data: dir });
    expect(got.issues).toEqual([]);
    expect(got.info.files.map((f) => f.path)).toEqual(['data/fc/a.json', 'data/qir/b.parquet']);
    expect(got.samples.find((s) => s.dimension === 'query-item-relevance')).toMatchObject({ query: '火锅', items: [{ id: '1', text: '蜀香火锅' }], gold: { value: '2' } });
  });

  test('--data FILE for one source; --max-entries streams only the head of a JSONL file', async () => {
    const file = await put('anything.jsonl', jsonl(Array.from({ length: 50 }, (_, i) => ({ q: `q${i}`, l: i % 2 }))));
    const m = mappingOf('instruction-following', { name: 'i', files: ['ignored/*'], fields: { query: 'q', label: 'l' }, label: { type: 'binary' } });
    const all = await loadRecRM({ dimensions: ['instruction-following'], mapping: m, data: file });
    expect(all.samples).toHaveLength(50);
    expect(all.info.source).toBe(`local:${file}`);
    const head = await loadRecRM({ dimensions: ['instruction-following'], mapping: m, data: file, maxEntries: 7 });
    expect(head.samples.map((s) => s.query)).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
    const two = mappingOf('instruction-following', m.dimensions['instruction-following']!.sources[0]!, { ...m.dimensions['instruction-following']!.sources[0]!, name: 'j' });
    await expect(loadRecRM({ dimensions: ['instruction-following'], mapping: two, data: file })).rejects.toThrow(/is one file, but 2 mapping sources are selected/);
  });
});

describe('--dimension', () => {
  test('names, short keys, all, and unknown names', () => {
    expect(parseDimensions(undefined)).toHaveLength(4);
    expect(parseDimensions('ubp,if')).toEqual(['instruction-following', 'user-behavior-prediction']);
    expect(parseDimensions('factual-consistency, query_item_relevance')).toEqual(['factual-consistency', 'query-item-relevance']);
    expect(() => parseDimensions('if,style')).toThrow(ConfigError);
  });
});
