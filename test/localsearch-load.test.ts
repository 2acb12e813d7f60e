import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractAnswerSection, extractGroundTruth, parseTagCalls, referenceBody } from '../benchmarks/localsearch/answer.js';
import { bundledDataDir, loadTasks } from '../benchmarks/localsearch/load.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ae-lsb-load-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (over: Record<string, unknown> = {}) => ({
  'Hop Count': 3,
  Difficulty: 'L3',
  City: '北京',
  Question: '西单附近住一晚？',
  'Multi-hop search path': '第一跳: 搜索"西单附近有哪些酒店"\n得到的信息：西西友谊宾馆（西城区西单北大街86号，评分4.8）',
  Answer: '参考答案：西西友谊宾馆。最终参考答案：\\boxed{西西友谊宾馆}',
  ...over,
});

describe('loadTasks', () => {
  it('loads the 16 bundled real rows with _row_id ids, groups and the boxed ground truth', async () => {
    const t = await loadTasks({});
    expect(t.samples).toHaveLength(16);
    expect(t.issues).toEqual([]);
    expect(t.bundled).toBe(true);
    const first = t.samples[0]!;
    expect(first.id).toBe('lsb_0001');
    expect(first.city).toBe('北京');
    expect(first.groups).toEqual({ difficulty: 'L3', hops: '3', city: '北京' });
    expect(first.groundTruth).toBe('西西友谊宾馆→局气·烤鸭·京味坊→稻香阁');
    expect(first.question).toMatch(/^我想找个西单附近地方过夜/);
    expect(t.samples.map((s) => s.difficulty).filter((d) => d === 'L4')).toHaveLength(4);
    expect(t.info.source).toBe(`local:${bundledDataDir()}`);
    expect(t.info.files).toEqual([expect.objectContaining({ path: 'localsearchbench_sample.jsonl', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    // Every row's Hop Count matches its search path, and every Answer has a box.
    for (const s of t.samples) expect(s.groundTruth).toBeTruthy();
  });

  it('uses 0-based positions without _row_id, keeps going past bad rows, and flags duplicate ids', async () => {
    const file = join(dir, 'tasks.jsonl');
    const lines = [row(), { ...row(), Question: 42 }, 'not json', row({ City: null }), row({ _row_id: 'x' }), row({ _row_id: 'x' })];
    writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
    const t = await loadTasks({ data: file });
    expect(t.samples.map((s) => s.id)).toEqual(['0', '3', 'x']);
    expect(t.samples[1]!.city).toBeNull();
    expect(t.samples[1]!.groups).toEqual({ difficulty: 'L3', hops: '3' });
    expect(t.issues.map((i) => i.where)).toEqual(['line 2', 'line 3', 'line 6']);
    expect(t.issues[0]!.message).toContain('/Question');
    expect(t.issues[2]!.message).toContain('duplicate id x');
    expect(t.info.files[0]!.path).toBe('tasks.jsonl');
  });

  it('reads the Hub layout (data/train-00000-of-00001.parquet) from a local folder', async () => {
    const root = join(dir, 'hub');
    const file = join(root, 'data', 'train-00000-of-00001.parquet');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(root, 'data'), { recursive: true });
    const rows = [row(), row({ Difficulty: 'L4', 'Hop Count': 4, City: '武汉' })];
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'Hop Count', data: rows.map((r) => BigInt(r['Hop Count'] as number)), type: 'INT64' },
        { name: 'Difficulty', data: rows.map((r) => r.Difficulty as string), type: 'STRING' },
        { name: 'City', data: rows.map((r) => r.City as string), type: 'STRING' },
        { name: 'Question', data: rows.map((r) => r.Question as string), type: 'STRING' },
        { name: 'Multi-hop search path', data: rows.map((r) => r['Multi-hop search path'] as string), type: 'STRING' },
        { name: 'Answer', data: rows.map((r) => r.Answer as string), type: 'STRING' },
      ],
    });
    const t = await loadTasks({ data: root });
    expect(t.issues).toEqual([]);
    expect(t.samples.map((s) => [s.id, s.difficulty, s.hopCount, s.city])).toEqual([
      ['0', 'L3', 3, '北京'],
      ['1', 'L4', 4, '武汉'],
    ]);
    expect(t.info.files[0]!.path).toBe('data/train-00000-of-00001.parquet');
  });

  it('rejects a folder with no known data file', async () => {
    await expect(loadTasks({ data: dir })).rejects.toThrow(/expected data\/train-00000-of-00001.parquet/);
  });
});

describe('answer conventions', () => {
  it('extracts the boxed reference like _extract_ground_truth', () => {
    expect(extractGroundTruth('参考答案：A。最终参考答案：\\boxed{ A→B }')).toBe('A→B');
    expect(extractGroundTruth('no box here ')).toBe('no box here');
    expect(extractGroundTruth('')).toBeNull();
    const bundled = readFileSync(join(bundledDataDir(), 'localsearchbench_sample.jsonl'), 'utf8').split('\n')[0]!;
    expect(referenceBody(JSON.parse(bundled).Answer)).toMatch(/^西西友谊宾馆（地址/);
  });

  it('extracts the 【答案】 part like _extract_answer_from_output', () => {
    expect(extractAnswerSection('【思考过程】\n想想\n\n【答案】\n推荐A\n\n【补充信息】\n营业时间')).toBe('推荐A');
    expect(extractAnswerSection('【答案】 推荐A\n第二行\n')).toBe('推荐A\n第二行');
    expect(extractAnswerSection('【答案】推荐A\n\n<rag>x</rag>')).toBe('推荐A');
    expect(extractAnswerSection('没有标记的回答')).toBe('没有标记的回答');
  });

  it('parses tool tags: web_search first, then rag, empty ones dropped', () => {
    const calls = parseTagCalls('先查<rag> 北京 西单 酒店 </rag>再<web_search>今天天气</web_search><rag></rag><rag>北京 西单\n餐厅</rag>');
    expect(calls).toEqual([
      { tool: 'web_search', query: '今天天气' },
      { tool: 'rag', query: '北京 西单 酒店' },
      { tool: 'rag', query: '北京 西单\n餐厅' },
    ]);
  });
});
