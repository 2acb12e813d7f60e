// BFCL loader: BFCL's layout, ids as they are, the category from the file name (a group), and
// bad input (malformed line, entry without ground truth, doc the official code cannot use) as
// data issues naming file and line — never a silent zero.
import { mkdtemp, rm, writeFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATEGORIES, parseCategories } from '../benchmarks/bfcl/categories.js';
import { answerFile, bundledDataDir, dataFiles, entryFile, HUB_DEFAULT_REVISION, HUB_REPO, loadBfcl, loadBfclFromHub } from '../benchmarks/bfcl/load.js';
import { startMockHub } from '../harness/testing/mock-hub.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bfcl-load-'));
  await mkdir(join(dir, 'possible_answer'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const doc = (name: string, props: object, required: string[]) => ({ name, description: 'd', parameters: { type: 'dict', properties: props, required } });
const entry = (id: string, fn: object[]) => JSON.stringify({ id, question: [[{ role: 'user', content: `q ${id}` }]], function: fn });

describe('BFCL loader', () => {
  it('reads every bundled category with its ids and the file category as a group', async () => {
    const { samples, issues, info } = await loadBfcl(CATEGORIES);
    expect(issues).toEqual([]);
    expect(samples).toHaveLength(228);
    expect(info.files.length).toBe(11 + 8);
    const s = samples.find((x) => x.id === 'live_parallel_multiple_2-2-0')!;
    expect(s.groups).toEqual({ category: 'live_parallel_multiple' });
    expect(s.expected!.length).toBeGreaterThan(1);
    const irr = samples.find((x) => x.category === 'live_relevance')!;
    expect(irr.expected).toBeNull();
    expect(bundledDataDir()).toMatch(/benchmarks[/\\]bfcl[/\\]data$/);
  });

  it('takes the category from the file, never from the id', async () => {
    await writeFile(join(dir, 'BFCL_v4_multiple.json'), `${entry('weird_id_7', [doc('f', { a: { type: 'integer' } }, ['a'])])}\n`);
    await writeFile(join(dir, 'possible_answer', 'BFCL_v4_multiple.json'), `${JSON.stringify({ id: 'weird_id_7', ground_truth: [{ f: { a: [1] } }] })}\n`);
    const { samples } = await loadBfcl(['multiple'], dir);
    expect(samples.map((s) => [s.id, s.category])).toEqual([['weird_id_7', 'multiple']]);
  });

  it('reports malformed lines, missing ground truth and unusable docs with file and line, and keeps the rest', async () => {
    const good = doc('f', { a: { type: 'integer' } }, ['a']);
    const lines = [
      entry('simple_python_0', [good]),
      '{not json',
      entry('simple_python_2', [good]),
      entry('simple_python_3', [doc('g', { a: { type: 'array', items: { type: 'complex' } } }, ['a'])]),
      entry('simple_python_4', [doc('h', { a: { type: 'widget' } }, ['a'])]),
    ];
    await writeFile(join(dir, 'BFCL_v4_simple_python.json'), `${lines.join('\n')}\n`);
    const answers = [
      { id: 'simple_python_0', ground_truth: [{ f: { a: [1] } }] },
      { id: 'simple_python_3', ground_truth: [{ g: { a: [[1]] } }] },
      { id: 'simple_python_4', ground_truth: [{ h: { a: ['x'] } }] },
    ];
    await writeFile(join(dir, 'possible_answer', 'BFCL_v4_simple_python.json'), `${answers.map((a) => JSON.stringify(a)).join('\n')}\n`);
    const { samples, issues } = await loadBfcl(['simple_python'], dir);
    expect(samples.map((s) => s.id)).toEqual(['simple_python_0']);
    const f = join(dir, 'BFCL_v4_simple_python.json');
    expect(issues.map((i) => [i.file, i.where, i.id ?? null])).toEqual([
      [f, 'line 2', null],
      [f, 'line 3', 'simple_python_2'],
      [f, 'line 4', 'simple_python_3'],
      [f, 'line 5', 'simple_python_4'],
    ]);
    expect(issues[1]!.message).toMatch(/no ground truth/);
    expect(issues[2]!.message).toMatch(/items/);
    expect(issues[3]!.message).toMatch(/widget/);
  });

  it('keeps int and float ground truth apart (JSON.parse would not)', async () => {
    await writeFile(join(dir, 'BFCL_v4_simple_python.json'), `${entry('simple_python_0', [doc('f', { a: { type: 'array', items: { type: 'float' } } }, ['a'])])}\n`);
    await writeFile(join(dir, 'possible_answer', 'BFCL_v4_simple_python.json'), '{"id": "simple_python_0", "ground_truth": [{"f": {"a": [[1.0, 2]]}}]}\n');
    const { samples } = await loadBfcl(['simple_python'], dir);
    const vals = (samples[0]!.expected![0]!.params.v[0]![1] as { v: Array<{ v: Array<{ t: string }> }> }).v[0]!.v.map((x) => x.t);
    expect(vals).toEqual(['float', 'int']);
  });

  it('parses --category lists and refuses multi-turn categories', () => {
    expect(parseCategories(undefined)).toEqual([...CATEGORIES]);
    expect(parseCategories('live_simple,simple_python')).toEqual(['simple_python', 'live_simple']);
    expect(parseCategories('non_live')).toEqual(['simple_python', 'multiple', 'parallel', 'parallel_multiple', 'irrelevance']);
    expect(() => parseCategories('multi_turn_base')).toThrow(/not supported/);
    expect(() => parseCategories('simple_java')).toThrow(/unknown category/);
  });

  it('names the missing possible-answer file', async () => {
    await writeFile(join(dir, 'BFCL_v4_parallel.json'), `${entry('parallel_0', [])}\n`);
    await expect(loadBfcl(['parallel'], dir)).rejects.toThrow(/possible_answer/);
    expect((await readFile(join(dir, 'BFCL_v4_parallel.json'), 'utf8')).length).toBeGreaterThan(0);
  });

  it('reads the v3 files (simple for simple_python) from the Hub at the pinned revision', async () => {
    const files: Record<string, string> = {};
    const cats = ['simple_python', 'live_irrelevance'] as const;
    for (const c of cats) {
      files[dataFiles([c], 'v3')[0]!] = await readFile(entryFile(bundledDataDir(), c), 'utf8');
      if (c === 'simple_python') files['possible_answer/BFCL_v3_simple.json'] = await readFile(answerFile(bundledDataDir(), c), 'utf8');
    }
    expect(Object.keys(files).sort()).toEqual(['BFCL_v3_live_irrelevance.json', 'BFCL_v3_simple.json', 'possible_answer/BFCL_v3_simple.json']);
    const hub = await startMockHub({ repos: { [HUB_REPO]: { [HUB_DEFAULT_REVISION]: files } } });
    try {
      const loaded = await loadBfclFromHub([...cats], { options: { hubUrl: hub.url, cacheDir: join(dir, 'hf') } });
      expect(loaded.issues).toEqual([]);
      expect(loaded.samples).toHaveLength(50);
      expect(loaded.info.source).toBe(`hf:${HUB_REPO}@${HUB_DEFAULT_REVISION}`);
      expect(loaded.samples[0]!.category).toBe('simple_python');
    } finally {
      await hub.close();
    }
  });
});
