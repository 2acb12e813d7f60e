// Loading search-QA questions in all four formats (FlashRAG JSONL, verl JSONL/Parquet, HotpotQA and
// MuSiQue official), from the bundled data, --data files/folders and a mock Hub.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { openQaData, pickSplitFile } from '../benchmarks/searchqa/data.js';
import { loadQaFile, verlQuestion } from '../benchmarks/searchqa/load.js';
import { SEARCH_R1_HUB_REPO, SPECS, dataPath } from '../benchmarks/searchqa/specs.js';
import { startMockHub } from '../harness/testing/mock-hub.js';

const tmp = mkdtempSync(join(tmpdir(), 'searchqa-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SEARCH_R1_PREFIX = (q: string) =>
  'Answer the given question. You must conduct reasoning inside <think> and </think> first every time you get new information. ' +
  'After reasoning, … For example, <answer> Beijing </answer>. Question: ' + q + '\n';

describe('bundled samples', () => {
  it('HotpotQA official JSON: _id ids, the answer as gold, type/level groups', async () => {
    const { samples, issues } = await loadQaFile(dataPath(SPECS.hotpotqa.bundledFile));
    expect(issues).toEqual([]);
    expect(samples).toHaveLength(26);
    expect(samples[0]).toEqual({
      id: '5a8b57f25542995d1e6f1371', question: 'Were Scott Derrickson and Ed Wood of the same nationality?', golds: ['yes'],
      format: 'hotpotqa', groups: { type: 'comparison', level: 'hard' },
    });
  });

  it('FlashRAG JSONL: MuSiQue ids, aliases and hop counts; Bamboogle', async () => {
    const mu = await loadQaFile(dataPath(SPECS.musique.bundledFile));
    expect(mu.issues).toEqual([]);
    expect(mu.samples).toHaveLength(22);
    expect(mu.samples[0]).toMatchObject({ id: 'dev_0', golds: ['Miquette Giraudy'], format: 'flashrag', groups: { hops: '2hop' } });
    const bb = await loadQaFile(dataPath(SPECS.bamboogle.bundledFile));
    expect(bb.samples).toHaveLength(40);
    expect(bb.samples[0]).toMatchObject({ id: 'test_0', golds: ['james madison'] });
  });

  it('verl JSONL (NQ): golds from extra_info.answer, not the joined ground_truth string; ids from extra_info.index', async () => {
    const { samples, issues } = await loadQaFile(dataPath(SPECS.nq.bundledFile), SPECS.nq.dataSource);
    expect(issues).toEqual([]);
    expect(samples).toHaveLength(20);
    expect(samples[0]).toEqual({
      id: '0', question: 'when was the last time anyone was on the moon', golds: ['14 December 1972 UTC', 'December 1972'],
      format: 'verl', dataSource: 'google-research-datasets/nq_open',
    });
  });

  it.each(['triviaqa', 'popqa'] as const)('%s: FlashRAG JSONL and Search-R1 test.parquet rows load to the same ids and golds', async (name) => {
    const flashrag = await loadQaFile(dataPath(SPECS[name].bundledFile), SPECS[name].dataSource);
    const searchR1 = await loadQaFile(dataPath(`${name}/test_searchr1_subset.jsonl`), SPECS[name].dataSource);
    expect(flashrag.issues).toEqual([]);
    expect(searchR1.issues).toEqual([]);
    expect(flashrag.samples).toHaveLength(30);
    expect(searchR1.samples.map((s) => [s.id, s.golds])).toEqual(flashrag.samples.map((s) => [s.id, s.golds]));
    expect(flashrag.samples[0]!.id).toMatch(/^test_\d+$/);
    expect(searchR1.samples.every((s) => s.format === 'verl' && s.dataSource === name)).toBe(true);
    // Search-R1 strips the question and appends "?" when missing (qa_search_test_merge.py process_fn).
    searchR1.samples.forEach((s, i) => {
      const q = flashrag.samples[i]!.question.trim();
      expect(s.question).toBe(q.endsWith('?') ? q : `${q}?`);
    });
  });

  it('TriviaQA keeps every alias; PopQA golds are the object and its aliases', async () => {
    const tq = await loadQaFile(dataPath(SPECS.triviaqa.bundledFile));
    expect(tq.samples[0]).toMatchObject({ id: 'test_6233', format: 'flashrag' });
    expect(tq.samples[0]!.golds).toHaveLength(22);
    expect(tq.samples[0]!.golds.slice(0, 2)).toEqual(['Mark Twain', 'Thomas Jefferson Snodgrass']);
    const pq = await loadQaFile(dataPath(SPECS.popqa.bundledFile));
    expect(pq.samples[0]).toEqual({ id: 'test_10207', question: 'Who was the composer of Easy Living?', golds: ['Ralph Rainger', 'Ralph Reichenthal'], format: 'flashrag' });
  });

  it('2Wiki {test_id, question, answer}: alias lists and single strings', async () => {
    const { samples } = await loadQaFile(dataPath(SPECS['2wiki'].bundledFile));
    expect(samples).toHaveLength(25);
    expect(samples[0]).toMatchObject({ id: '0', golds: ['Małgorzata Braunek'], format: 'qa' });
    expect(samples[1]).toMatchObject({ id: '2', golds: ['12 June 1516'] });
    expect(samples[2]!.golds).toEqual(['Missoula', 'Missoula, Montana']);
  });
});

describe('other formats', () => {
  it('verl Parquet with nested columns, as Search-R1 writes it: mixed data sources filtered, questions from the prompt', async () => {
    const file = join(tmp, 'test.parquet');
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'data_source', data: ['nq', 'hotpotqa', 'hotpotqa', 'musique'], type: 'STRING' },
        { name: 'prompt', data: ['who wrote it', 'Which is older, A or B', 'Where is C?', 'Who?'].map((q) => [{ role: 'user', content: SEARCH_R1_PREFIX(q) }]) },
        { name: 'ability', data: ['fact-reasoning', 'fact-reasoning', 'fact-reasoning', 'fact-reasoning'], type: 'STRING' },
        { name: 'reward_model', data: [['x'], ['A', 'a.'], ['C town'], ['y']].map((t) => ({ style: 'rule', ground_truth: { target: t } })) },
        { name: 'extra_info', data: [0, 0, 1, 0].map((index) => ({ split: 'test', index })) },
      ],
    });
    const { samples, issues, otherSources } = await loadQaFile(file, SPECS.hotpotqa.dataSource);
    expect(issues).toEqual([]);
    expect(otherSources).toBe(2);
    expect(samples).toEqual([
      { id: '0', question: 'Which is older, A or B', golds: ['A', 'a.'], format: 'verl', dataSource: 'hotpotqa' },
      { id: '1', question: 'Where is C?', golds: ['C town'], format: 'verl', dataSource: 'hotpotqa' },
    ]);
  });

  it('verl question: own column, extra_info.question, the prompt after "Question:" (RAG prompts cut at " Context: ")', () => {
    const p = (content: string) => ({ prompt: [{ role: 'user', content }], reward_model: { ground_truth: 'x' } });
    expect(verlQuestion({ ...p('ignored'), question: 'own?' })).toBe('own?');
    expect(verlQuestion({ ...p('ignored'), extra_info: { question: 'extra?' } })).toBe('extra?');
    expect(verlQuestion(p(SEARCH_R1_PREFIX('templated?')))).toBe('templated?');
    expect(verlQuestion(p('… Question: rag q? Context: Doc 1(Title: t) x\n \n'))).toBe('rag q?');
    expect(verlQuestion(p('plain question'))).toBe('plain question');
  });

  it('MuSiQue official JSONL: answer + answer_aliases, hops from the decomposition', async () => {
    const file = join(tmp, 'musique_ans_v1.0_dev.jsonl');
    const rec = {
      id: '2hop__460946_294723', paragraphs: [{ idx: 0, title: 'T', paragraph_text: 'p', is_supporting: true }],
      question: 'Who is the spouse of the Green performer?', question_decomposition: [{ id: 1 }, { id: 2 }],
      answer: 'Miquette Giraudy', answer_aliases: ['M. Giraudy'], answerable: true,
    };
    writeFileSync(file, `${JSON.stringify(rec)}\n`);
    const { samples } = await loadQaFile(file);
    expect(samples).toEqual([{ id: '2hop__460946_294723', question: rec.question, golds: ['Miquette Giraudy', 'M. Giraudy'], format: 'musique', groups: { hops: '2hop' } }]);
  });

  it('names the file and line of malformed and invalid records, keeps positional ids stable, drops duplicates', async () => {
    const file = join(tmp, 'bad.jsonl');
    writeFileSync(file, [
      '{"question": "q0", "golden_answers": ["a"]}',
      '{"question": "q1", "golden_answers": [',
      '{"question": "q2"}',
      '{"question": "q3", "golden_answers": []}',
      '{"question": "q4", "golden_answers": ["  "]}',
      '{"id": "x", "question": "q5", "golden_answers": ["b"]}',
      '{"id": "x", "question": "q6", "golden_answers": ["c"]}',
      '{"question": "q7", "golden_answers": [7]}',
    ].join('\n'));
    const { samples, issues } = await loadQaFile(file);
    expect(samples.map((s) => [s.id, s.golds])).toEqual([['0', ['a']], ['x', ['b']], ['7', ['7']]]);
    expect(issues.map((i) => [i.file, i.where])).toEqual([[file, 'line 2'], [file, 'line 3'], [file, 'line 4'], [file, 'line 5'], [file, 'line 7']]);
    expect(issues[0]!.message).toMatch(/malformed JSON/);
    expect(issues[1]!.message).toMatch(/unrecognised record/);
    expect(issues[2]!.message).toMatch(/flashrag record: field \/golden_answers: must NOT have fewer than 1 items/);
    expect(issues[3]!.message).toMatch(/no non-empty gold answer/);
    expect(issues[4]!.message).toMatch(/duplicate id x \(first at line 6\)/);
  });
});

describe('data sources', () => {
  it('picks the split file of a folder', () => {
    const files = ['corpus.jsonl', 'dev.jsonl', 'train.jsonl', 'README.md', 'test.parquet'];
    expect(pickSplitFile(files, undefined, 'dev')).toBe('dev.jsonl');
    expect(pickSplitFile(files, 'test', 'dev')).toBe('test.parquet');
    expect(pickSplitFile(['hotpot_dev_distractor_v1.json', 'hotpot_train_v1.1.json'], 'dev', 'dev')).toBe('hotpot_dev_distractor_v1.json');
    expect(pickSplitFile(['only.json', 'corpus.jsonl'], undefined, 'dev')).toBe('only.json');
    expect(() => pickSplitFile(['a.json', 'b.json'], undefined, 'dev')).toThrow(/pass --split/);
    expect(pickSplitFile(['hotpotqa/dev.jsonl', 'nq/dev.jsonl'], undefined, 'dev', 'nq')).toBe('nq/dev.jsonl');
  });

  it('--data folder or file, hashed into the dataset info; bundled by default', async () => {
    const dir = join(tmp, 'flashrag-hotpot');
    mkdirSync(dir);
    writeFileSync(join(dir, 'dev.jsonl'), '{"id": "dev_0", "question": "q?", "golden_answers": ["a"]}\n');
    writeFileSync(join(dir, 'train.jsonl'), '{"id": "train_0", "question": "t?", "golden_answers": ["b"]}\n');
    const fromDir = await openQaData(SPECS.hotpotqa, { data: dir });
    expect(fromDir.samples.map((s) => s.id)).toEqual(['dev_0']);
    expect(fromDir.info).toMatchObject({ source: `local:${join(dir, 'dev.jsonl')}`, split: 'dev', files: [{ path: 'dev.jsonl', bytes: 59 }] });
    expect(fromDir.bundled).toBe(false);
    const train = await openQaData(SPECS.hotpotqa, { data: dir, split: 'train' });
    expect(train.samples.map((s) => s.id)).toEqual(['train_0']);
    const bundled = await openQaData(SPECS.musique, {});
    expect(bundled.bundled).toBe(true);
    expect(bundled.samples).toHaveLength(22);
    expect(bundled.info.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(openQaData(SPECS.musique, { split: 'train' })).rejects.toThrow(/bundled musique sample is the dev split/);
    await expect(openQaData(SPECS.musique, { data: join(tmp, 'nope') })).rejects.toThrow(/no such file or folder/);
  });

  it('the Hub: FlashRAG_datasets layout at a pinned revision', async () => {
    const sha = 'a'.repeat(40);
    const hub = await startMockHub({
      repos: {
        'RUC-NLPIR/FlashRAG_datasets': {
          [sha]: {
            'bamboogle/test.jsonl': '{"id": "test_0", "question": "Who?", "golden_answers": ["Me"]}\n',
            'nq/test.jsonl': '{"id": "test_0", "question": "nq?", "golden_answers": ["x"]}\n',
          },
        },
      },
    });
    try {
      const got = await openQaData(SPECS.bamboogle, { hub: { revision: sha }, hubOptions: { hubUrl: hub.url, cacheDir: join(tmp, 'hf'), env: {} } });
      expect(got.samples).toEqual([{ id: 'test_0', question: 'Who?', golds: ['Me'], format: 'flashrag' }]);
      expect(got.info).toMatchObject({ source: `hf:RUC-NLPIR/FlashRAG_datasets@${sha}`, revision: sha, split: 'test', files: [{ path: 'bamboogle/test.jsonl' }] });
    } finally {
      await hub.close();
    }
  });

  it("the Hub: Search-R1's test.parquet (seven data sources in one file), this benchmark's rows only", async () => {
    const sha = 'b'.repeat(40);
    const file = join(tmp, 'searchr1-test.parquet');
    const rows = [['nq', 'who?', ['x'], 0], ['triviaqa', 'Which band?', ['Queen', 'queen band'], 0], ['popqa', 'Who is the father of Y?', ['Z'], 0], ['triviaqa', 'What year?', ['1999'], 1]] as const;
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'data_source', data: rows.map((r) => r[0]), type: 'STRING' },
        { name: 'prompt', data: rows.map((r) => [{ role: 'user', content: SEARCH_R1_PREFIX(r[1]) }]) },
        { name: 'reward_model', data: rows.map((r) => ({ style: 'rule', ground_truth: { target: [...r[2]] } })) },
        { name: 'extra_info', data: rows.map((r) => ({ split: 'test', index: r[3] })) },
      ],
    });
    const hub = await startMockHub({ repos: { [SEARCH_R1_HUB_REPO]: { [sha]: { 'test.parquet': new Uint8Array(readFileSync(file)), 'train.parquet': new Uint8Array(readFileSync(file)) } } } });
    try {
      const got = await openQaData(SPECS.triviaqa, { split: 'test', hub: { repo: SEARCH_R1_HUB_REPO, revision: sha }, hubOptions: { hubUrl: hub.url, cacheDir: join(tmp, 'hf2'), env: {} } });
      expect(got.otherSources).toBe(2);
      expect(got.samples.map((s) => [s.id, s.question, s.golds])).toEqual([['0', 'Which band?', ['Queen', 'queen band']], ['1', 'What year?', ['1999']]]);
      expect(got.info).toMatchObject({ source: `hf:${SEARCH_R1_HUB_REPO}@${sha}`, split: 'test', files: [{ path: 'test.parquet' }] });
    } finally {
      await hub.close();
    }
  });
});
