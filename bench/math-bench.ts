// End-to-end cost of a math run as a user types it: `agenteval run math500 --preset rlvr-math -n 16`
// spawned from dist/ against a scripted endpoint in its own process (bench/math-mock-process.ts), on a
// full-size problem file (N problems built from the bundled rows) and on 4N, beside a bare undici loop:
// the figures of every whole-process section (bench/whole-process.ts measureGrowth).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from '../harness/paths.js';
import { forkMockProcess, measureGrowth, type SectionOptions } from './whole-process.js';

const INSTRUCTION = 'Please reason step by step, and put your final answer within \\boxed{}.';
const CONCURRENCY = 64;

/** N problems cycling through the bundled rows of all six benchmarks, each made unique by a prefix. */
export function writeProblems(file: string, count: number): void {
  const dir = assetPath('benchmarks', 'math', 'data');
  const rows: Array<{ problem: string; answer: string }> = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) if (line.trim()) rows.push(JSON.parse(line) as { problem: string; answer: string });
  }
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = rows[i % rows.length]!;
    const body = r.problem.endsWith(INSTRUCTION) ? r.problem.slice(0, -INSTRUCTION.length).trimEnd() : r.problem;
    out.push(JSON.stringify({ id: String(i), problem: `Problem ${i}: ${body}\n${INSTRUCTION}`, answer: r.answer }));
  }
  writeFileSync(file, `${out.join('\n')}\n`);
}

export async function benchMath(opts: SectionOptions): Promise<Record<string, number | string>> {
  const n = opts.quick ? 125 : 500;
  // Problem i is the same line in every file, so the mock answers both sizes from the larger one.
  const answers = join(opts.tmp, 'math-answers.jsonl');
  writeProblems(answers, 4 * n);
  const mock = await forkMockProcess('math-mock-process.js', [answers], 'math');
  try {
    return await measureGrowth(
      {
        name: 'math',
        sizes: [n, 4 * n],
        prepare: (problems, dir) => {
          mkdirSync(dir, { recursive: true });
          const data = join(dir, 'math500.jsonl');
          writeProblems(data, problems);
          return { data, units: 16 * problems };
        },
        args: (data) => ['run', 'math500', '--data', data, '--preset', 'rlvr-math', '-n', '16', '--model', 'openai:bench', '--base-url', mock.url, '--quiet', '--concurrency', String(CONCURRENCY)],
        mocks: [mock],
        bare: { body: (i) => ({ model: 'bench', n: 16, temperature: 1, messages: [{ role: 'user', content: `Problem ${i % (4 * n)}: What is ${i} + 1?\n${INSTRUCTION}` }] }) },
        concurrency: CONCURRENCY,
        label: (problems, samples) => `math500 -n 16, ${problems} problems (${samples} samples)`,
      },
      opts,
    );
  } finally {
    await mock.stop();
  }
}
