// Whole-process search-QA: `agenteval run hotpotqa --protocol tags` over the embedded BM25 index of a
// realistic 1M-passage corpus (bench/realistic-corpus.ts), spawned exactly as a user types it, against
// a scripted zero-latency agent on a local mock OpenAI endpoint that searches once (the question)
// and then answers. Measures wall time → questions/s end to end (process start, index load, 2
// model calls and 1 search per question, records, summary) and the child's peak RSS. The index is
// built first with `agenteval index` (its rate and peak RSS are reported too).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockOpenAI, type MockRequest, type MockReply } from '../harness/testing/mock-openai.js';
import { writeRealisticCorpus } from './realistic-corpus.js';
import { timedNode } from './retrieval-bench.js';

const CLI = fileURLToPath(new URL('../harness/cli/main.js', import.meta.url));
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

interface Message {
  role: string;
  content: string | null;
}

export async function benchSearchTags(opts: { quick: boolean; passages?: number; questions?: number }): Promise<Record<string, number | string>> {
  const passages = opts.passages ?? (opts.quick ? 50_000 : 1_000_000);
  const nQuestions = opts.questions ?? (opts.quick ? 500 : 2_000);
  const dir = mkdtempSync(join(tmpdir(), 'agenteval-tags-bench-'));
  const answers = new Map<string, string>();
  // Search-R1's agent: one <search> with the question, then an answer once <information> came back.
  const respond = (req: MockRequest): MockReply => {
    const msgs = req.body.messages as Message[];
    const question = /Question: ([\s\S]*?)\n?$/.exec(msgs[0]?.content ?? '')?.[1]?.trim() ?? '';
    if (msgs.length === 1) return { content: `<think>I should search.</think>\n<search> ${question} `, finish_reason: 'stop' };
    return { content: `<think>found it</think><answer> ${answers.get(question) ?? 'unknown'} </answer>` };
  };
  const mock = await startMockOpenAI({ record: false, respond });
  try {
    const corpus = join(dir, 'corpus.jsonl');
    const questions = await writeRealisticCorpus(corpus, passages, nQuestions, 7);
    for (const q of questions) answers.set(q.question, q.answer);
    const data = join(dir, 'hotpotqa.jsonl');
    writeFileSync(data, questions.map((q, i) => JSON.stringify({ id: `q${i}`, question: q.question, golden_answers: [q.answer] })).join('\n') + '\n');

    const index = join(dir, 'index.bm25');
    const built = await timedNode([CLI, 'index', corpus, '--out', index, '--quiet'], dir);
    if (built.code !== 0) throw new Error(`agenteval index failed (${built.code}): ${built.stderr}`);

    const out = join(dir, 'run');
    const args = [CLI, 'run', 'hotpotqa', '--protocol', 'tags', '--index', index, '--data', data, '--model', 'openai:scripted-search-r1'];
    args.push('--base-url', mock.url, '--concurrency', '64', '--max-retries', '0', '--out', out, '--results-dir', dir, '--quiet');
    const before = mock.count;
    const run = await timedNode(args, dir, { ...process.env, OPENAI_API_KEY: 'bench' });
    if (run.code !== 0) throw new Error(`agenteval run failed (${run.code}): ${run.stderr}`);
    const summaryPath = join(out, 'summary.json');
    const summary = existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as { counts?: { scored?: number; errors?: number }; metrics?: Record<string, unknown> }) : {};
    const scored = summary.counts?.scored ?? 0;
    if (scored !== questions.length) throw new Error(`expected ${questions.length} scored questions, got ${scored}: ${run.stderr.slice(-2000)}`);
    return {
      passages,
      questions: questions.length,
      build_s: round(built.wallMs / 1000, 1),
      build_passages_per_s: Math.round(passages / (built.wallMs / 1000)),
      build_peak_rss_mb: built.peakRssMb === null ? 'n/a' : round(built.peakRssMb),
      run_wall_s: round(run.wallMs / 1000, 2),
      questions_per_s: round(questions.length / (run.wallMs / 1000)),
      run_peak_rss_mb: run.peakRssMb === null ? 'n/a' : round(run.peakRssMb),
      run_cpu_s: run.cpuS === null ? 'n/a' : round(run.cpuS, 2),
      // Questions per CPU-second of the child: what the wall rate cannot show on a shared machine.
      questions_per_cpu_s: run.cpuS === null ? 'n/a' : round(questions.length / run.cpuS),
      model_requests: mock.count - before,
    };
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
