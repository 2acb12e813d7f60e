import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { openMathData, pickMathFile } from '../benchmarks/math/data.js';
import { answerText, loadMathFile } from '../benchmarks/math/load.js';
import { parseOptions, STANDARD_INSTRUCTION } from '../benchmarks/math/options.js';
import { mathMessages, problemPrompt } from '../benchmarks/math/prompt.js';
import { MATH_SIX, SPECS } from '../benchmarks/math/specs.js';

const tmp = mkdtempSync(join(tmpdir(), 'agenteval-math-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function jsonl(name: string, lines: string[]): string {
  const file = join(tmp, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('math loader', () => {
  it('reads every bundled sample with stable ids and the instruction already present', async () => {
    const sizes: Record<string, number> = {};
    for (const name of MATH_SIX) {
      const d = await openMathData(SPECS[name], { fields: {} });
      expect(d.issues).toEqual([]);
      sizes[name] = d.samples.length;
      for (const s of d.samples) expect(s.problem.endsWith(STANDARD_INSTRUCTION)).toBe(true);
      expect(d.info.source).toMatch(/^local:.*benchmarks[/\\]math[/\\]data[/\\]/);
      expect(d.info.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(sizes).toEqual({ aime24: 15, aime25: 15, amc23: 20, math500: 20, minerva: 20, olympiadbench: 20 });
    const aime = await openMathData(SPECS.aime24, { fields: {} });
    // Even rows of the 30-problem source file: ids are source positions.
    expect(aime.samples.slice(0, 3).map((s) => [s.id, s.answer])).toEqual([['0', '204'], ['2', '371'], ['4', '110']]);
  });

  it('takes the id field when present, else the 0-based line position; reports rows without an answer with file and line', async () => {
    const file = jsonl('mixed.jsonl', [
      '{"problem": "1+1?", "answer": "2"}',
      '{"problem": "2+2?", "answer": 4, "id": "p-two"}',
      '',
      '{"problem": "no answer here"}',
      '{"problem": "empty answer", "answer": "  "}',
      '{"question": "3+3?", "final_answer": ["$6$"]}',
      'not json',
      '{"problem": "dup", "answer": "1", "id": "p-two"}',
    ]);
    const { samples, issues } = await loadMathFile(file, SPECS.math);
    expect(samples.map((s) => [s.id, s.problem, s.answer])).toEqual([
      ['0', '1+1?', '2'],
      ['p-two', '2+2?', '4'],
      ['4', '3+3?', '$6$'],
    ]);
    expect(issues.map((i) => [i.file, i.where, i.message.slice(0, 30)])).toEqual([
      [file, 'line 4', 'no answer (field answer|final_'],
      [file, 'line 5', 'empty or unreadable answer in '],
      [file, 'line 7', 'malformed JSON: Unexpected tok'],
      [file, 'line 8', 'duplicate problem id p-two: le'],
    ]);
    expect(issues[0]!.message).toMatch(/left out, not scored/);
    expect(issues[0]!.message).toMatch(/the row has problem/);
  });

  it('maps fields with --problem-field/--answer-field/--id-field and names the missing field', async () => {
    const file = jsonl('mapped.jsonl', ['{"q": "x?", "gt": "1", "uid": "a"}', '{"q": "y?", "uid": "b"}']);
    const fields = parseOptions({ problemField: 'q', answerField: 'gt', idField: 'uid' }).fields;
    const { samples, issues } = await loadMathFile(file, SPECS.math, fields);
    expect(samples).toEqual([{ id: 'a', problem: 'x?', answer: '1' }]);
    expect(issues).toEqual([{ file, where: 'line 2', id: 'b', message: 'no answer (field gt; the row has q, uid): left out, not scored' }]);
  });

  it('reads Parquet rows (numeric answers as text, groups from MATH-500 fields)', async () => {
    const file = join(tmp, 'test.parquet');
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'problem', data: ['a?', 'b?', 'c?'], type: 'STRING' },
        { name: 'answer', data: ['\\frac{1}{2}', null, '7'], type: 'STRING' },
        { name: 'subject', data: ['Algebra', 'Geometry', 'Algebra'], type: 'STRING' },
        { name: 'level', data: [3, 5, 1], type: 'INT32' },
      ],
    });
    writeFileSync(file, Buffer.from(buf));
    const { samples, issues } = await loadMathFile(file, SPECS.math500);
    expect(samples).toEqual([
      { id: '0', problem: 'a?', answer: '\\frac{1}{2}', groups: { subject: 'Algebra', level: '3' } },
      { id: '2', problem: 'c?', answer: '7', groups: { subject: 'Algebra', level: '1' } },
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file, where: 'row 1' });
  });

  it('answer text: numbers printed as JSON does (27.0 → 27), lists joined', () => {
    expect(answerText(27.0)).toBe('27');
    expect(answerText(0.5)).toBe('0.5');
    expect(answerText(['$1$', '$2$'])).toBe('$1$, $2$');
    expect(answerText([])).toBeNull();
    expect(answerText(null)).toBeNull();
  });

  it('local folders: picks the split file; the generic math needs data', async () => {
    expect(pickMathFile(['README.md', 'test.jsonl'], undefined, 'test')).toBe('test.jsonl');
    expect(pickMathFile(['data/train-00000-of-00001.parquet', 'data/test-00000-of-00001.parquet'], 'test', 'test')).toBe('data/test-00000-of-00001.parquet');
    expect(() => pickMathFile(['a.jsonl', 'b.jsonl'], undefined, 'test')).toThrow(/no file for split "test"/);
    await expect(openMathData(SPECS.math, { fields: {} })).rejects.toThrow(/--data FILE/);
    await expect(openMathData(SPECS.amc23, { fields: {}, hub: { revision: 'a'.repeat(40) } })).rejects.toThrow(/no default Hub repo/);
    await expect(openMathData(SPECS.math500, { fields: {}, hub: { repo: 'HuggingFaceH4/MATH-500' } })).rejects.toThrow(/--hub-revision/);
    const dir = join(tmp, 'folder');
    rmSync(dir, { recursive: true, force: true });
    jsonl('x.jsonl', []);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'test.jsonl'), '{"problem": "p", "answer": "1"}\n');
    const d = await openMathData(SPECS.math, { data: dir, fields: {} });
    expect(d.samples).toHaveLength(1);
    expect(d.info.split).toBe('test');
  });
});

describe('math prompt', () => {
  it('appends the instruction once, on its own line', () => {
    expect(problemPrompt('What is 1+1?  ', STANDARD_INSTRUCTION)).toBe(`What is 1+1?\n${STANDARD_INSTRUCTION}`);
    const already = `What is 1+1?\n${STANDARD_INSTRUCTION}`;
    expect(problemPrompt(already, STANDARD_INSTRUCTION)).toBe(already);
    expect(problemPrompt('x', '')).toBe('x');
    expect(mathMessages('x', parseOptions({ instruction: 'none' }).instruction)).toEqual([{ role: 'user', content: 'x' }]);
  });
});
