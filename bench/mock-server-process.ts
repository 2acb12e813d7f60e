// The mock endpoint in its own process, so the bench measures the client side on one core while the
// server uses the other — the same for agenteval and the bare undici baseline.
// argv: [latencyMs, mode]. Modes script what the "model" answers:
//   echo        `mock answer <i>` (the mock's default; a wrong answer for QA, fine for timing)
//   sql         one fenced SQL statement that runs on every SQLite database (EX scores it 0)
//   ls-agent    LocalSearchBench agent: round 1 a <rag> search, round 2 a 【答案】 answer
//   ls-judge    LocalSearchBench judge: a valid verdict JSON for the five criteria
//   recrm       RecRM-Bench: a verdict of the label type the prompt's schema line asks for
import { startMockOpenAI, type MockReply, type MockRequest } from '../harness/testing/mock-openai.js';
import { serveToParent } from './mock-ipc.js';

const latencyMs = Number(process.argv[2] ?? 0);
const mode = process.argv[3] ?? 'echo';

function lastUser(req: MockRequest): string {
  const msgs = (req.body.messages as Array<{ role: string; content: unknown }> | undefined) ?? [];
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i]!.role === 'user') return String(msgs[i]!.content);
  return String(req.body.prompt ?? '');
}

const VERDICT = JSON.stringify({
  答案正确性: { score: 1, reason: 'ok' },
  输出完整性: { score: 8, reason: 'ok' },
  内容流畅度: { score: 7, reason: 'ok' },
  安全性: { score: 9, reason: 'ok' },
  幻觉检测: { score: 6, reason: 'ok' },
});

function recrmVerdict(prompt: string): string {
  const graded = /<one of: ([^>]+)>/.exec(prompt);
  if (graded) return JSON.stringify({ verdict: graded[1]!.split(',')[0]!.trim() });
  if (prompt.includes('<yes or no>')) return JSON.stringify({ verdict: 'yes', score: 0.9 });
  // A ranking: the candidate ids as they are listed (ids of the form `"id": "…"` in the prompt).
  const ids = [...new Set([...prompt.matchAll(/"(?:item_)?id"\s*:\s*"([^"]+)"/g)].map((m) => m[1]!))];
  return JSON.stringify({ verdict: ids });
}

const respond: Record<string, ((req: MockRequest) => MockReply) | undefined> = {
  echo: undefined,
  sql: () => ({ content: '```sql\nSELECT count(*) FROM sqlite_master\n```' }),
  'ls-agent': (req) => {
    const msgs = (req.body.messages as unknown[] | undefined) ?? [];
    return msgs.length <= 2 ? { content: '我先检索。<rag>西单 酒店</rag>' } : { content: '【思考过程】\n检索了酒店。\n\n【答案】\n推荐西西友谊宾馆（西城区西单北大街86号）。' };
  },
  'ls-judge': () => ({ content: `<think>评估</think>\n${VERDICT}` }),
  recrm: (req) => ({ content: recrmVerdict(lastUser(req)) }),
};
if (!(mode in respond)) throw new Error(`unknown mock mode ${mode}`);

// Every model name the bench sections run with: preflight refuses a model /models does not list.
const MODELS = ['m', 'agent', 'judge', 'rm'];
const fn = respond[mode];
const mock = await startMockOpenAI({ latencyMs, record: false, models: MODELS, ...(fn ? { respond: fn } : {}) });
serveToParent(mock);
