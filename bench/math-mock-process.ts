// A scripted math "model" in its own process for the math bench: it reads the problem file the run
// reads and answers each problem's n choices in a fixed mix — correct after a <think> block,
// correct, wrong, an unboxed sentence — so the checker sees realistic gold/prediction pairs.
import { readFileSync } from 'node:fs';
import { startMockOpenAI, type MockChoice } from '../harness/testing/mock-openai.js';
import { serveToParent } from './mock-ipc.js';

const file = process.argv[2];
if (!file) throw new Error('usage: math-mock-process.js <problems.jsonl>');
const answers = new Map<string, string>();
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const row = JSON.parse(line) as { problem: string; answer: string };
  answers.set(/^Problem (\d+):/.exec(row.problem)?.[1] ?? '', row.answer);
}

const mock = await startMockOpenAI({
  record: false,
  respond: (req) => {
    const messages = req.body.messages as Array<{ content: string }>;
    const id = /^Problem (\d+):/.exec(messages[messages.length - 1]!.content)?.[1] ?? '';
    const gold = answers.get(id) ?? '0';
    const n = typeof req.body.n === 'number' ? req.body.n : 1;
    const choices: MockChoice[] = Array.from({ length: n }, (_, j) => {
      switch (j % 4) {
        case 0: return { content: `<think>Let me compute this carefully. First try \\boxed{1}.</think>Therefore the answer is $\\boxed{${gold}}$.` };
        case 1: return { content: `We obtain \\boxed{${gold}}.` };
        case 2: return { content: 'After simplifying, the result is \\boxed{\\frac{3}{7}}.' };
        default: return { content: 'I could not finish the computation.' };
      }
    });
    return { choices, usage: { prompt_tokens: 120, completion_tokens: 400 * n } };
  },
});
serveToParent(mock);
