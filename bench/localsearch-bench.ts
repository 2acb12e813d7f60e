// `agenteval run localsearchbench` with its LLM judge, as typed, at N and 4N tasks: a scripted agent
// (one <rag> search over the embedded merchant index, then an answer) and a judge, each a mock
// endpoint in its own process. The bare undici loop sends as many requests as both mocks answered.
import { join } from 'node:path';
import { writeLocalSearchCopies } from './gen-data.js';
import { bareUndiciLoop, GROWTH_COLUMNS, growthFigures, POINT_COLUMNS, pointFigures, runTimeoutMs, spawnRunOk, startMockProcess, type Point, type SectionOptions } from './whole-process.js';

const CONCURRENCY = 64;

export async function benchLocalSearch(opts: SectionOptions): Promise<Record<string, number | string>> {
  const copies = opts.quick ? [4, 16] : [16, 64];
  const agent = await startMockProcess('ls-agent');
  const judge = await startMockProcess('ls-judge');
  const out: Record<string, number | string> = { columns: POINT_COLUMNS };
  try {
    const rows: Point[] = [];
    for (const k of copies) {
      const data = join(opts.tmp, `localsearch-x${k}.jsonl`);
      await writeLocalSearchCopies(data, k);
      const before = (await agent.count()) + (await judge.count());
      const r = await spawnRunOk(
        ['run', 'localsearchbench', '--model', 'openai:agent', '--base-url', agent.url, '--judge', 'openai:judge', '--judge-base-url', judge.url,
          '--data', data, '--concurrency', String(CONCURRENCY), '--out', join(opts.tmp, `localsearch-run-${k}`)],
        {},
        { timeoutMs: runTimeoutMs(), cwd: opts.tmp },
      );
      const requests = (await agent.count()) + (await judge.count()) - before;
      const bareMs = await bareUndiciLoop(agent.url, { requests, concurrency: CONCURRENCY });
      const tasks = 16 * k;
      const p: Point = { units: tasks, run: r, bareMs };
      out[`localsearchbench + judge, ${tasks} tasks (${requests} agent + judge requests)`] = pointFigures(p);
      rows.push(p);
    }
    out[`growth N→4N: ${GROWTH_COLUMNS}`] = growthFigures(rows[0]!, rows[1]!);
  } finally {
    await agent.stop();
    await judge.stop();
  }
  return out;
}
