// `agenteval run localsearchbench` with its LLM judge, as typed, at N and 4N tasks: a scripted agent
// (one <rag> search over the embedded merchant index, then an answer) and a judge, each a mock
// endpoint in its own process. The bare undici loop sends as many requests as both mocks answered.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeLocalSearchCopies } from './gen-data.js';
import { measureGrowth, startMockProcess, type SectionOptions } from './whole-process.js';

const CONCURRENCY = 64;

export async function benchLocalSearch(opts: SectionOptions): Promise<Record<string, number | string>> {
  const agent = await startMockProcess('ls-agent');
  const judge = await startMockProcess('ls-judge');
  try {
    return await measureGrowth(
      {
        name: 'localsearch',
        sizes: opts.quick ? [4, 16] : [16, 64],
        prepare: async (copies, dir) => {
          mkdirSync(dir, { recursive: true });
          const data = join(dir, 'tasks.jsonl');
          await writeLocalSearchCopies(data, copies);
          return { data, units: 16 * copies };
        },
        args: (data) => [
          'run', 'localsearchbench', '--model', 'openai:agent', '--base-url', agent.url, '--judge', 'openai:judge', '--judge-base-url', judge.url,
          '--data', data, '--concurrency', String(CONCURRENCY),
        ],
        mocks: [agent, judge],
        concurrency: CONCURRENCY,
        label: (_, tasks) => `localsearchbench + judge, ${tasks} tasks`,
      },
      opts,
    );
  } finally {
    await agent.stop();
    await judge.stop();
  }
}
