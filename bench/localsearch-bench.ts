// `agenteval run localsearchbench` with its LLM judge, as typed, at N and 4N tasks: a scripted agent
// (one <rag> search over the embedded merchant index, then an answer) and a judge, each a mock
// endpoint in its own process. The bare undici loop sends as many requests as both mocks answered.
import { join } from 'node:path';
import { writeLocalSearchCopies } from './gen-data.js';
import { bareUndiciLoop, GROWTH_COLUMNS, growthFigures, POINT_COLUMNS, pointFigures, fixedFigures, runTimeoutMs, spawnRunOk, startMockProcess, type Point, type SectionOptions, type SpawnResult } from './whole-process.js';

const CONCURRENCY = 64;

export async function benchLocalSearch(opts: SectionOptions): Promise<Record<string, number | string>> {
  const copies = opts.quick ? [4, 16] : [16, 64];
  const agent = await startMockProcess('ls-agent');
  const judge = await startMockProcess('ls-judge');
  const out: Record<string, number | string> = { columns: POINT_COLUMNS };
  try {
    const args = (data: string, outDir: string) => [
      'run', 'localsearchbench', '--model', 'openai:agent', '--base-url', agent.url, '--judge', 'openai:judge', '--judge-base-url', judge.url,
      '--data', data, '--concurrency', String(CONCURRENCY), '--out', outDir,
    ];
    const rows: Point[] = [];
    let fixed: SpawnResult | undefined;
    for (const k of copies) {
      const data = join(opts.tmp, `localsearch-x${k}.jsonl`);
      await writeLocalSearchCopies(data, k);
      if (!fixed) {
        fixed = await spawnRunOk([...args(data, join(opts.tmp, `localsearch-run-1`)), '--limit', '1'], {}, { timeoutMs: runTimeoutMs(), cwd: opts.tmp, allowSampleErrors: true });
        out['start-up, one problem (wall s · CPU s · peak RSS MB)'] = fixedFigures(fixed);
      }
      const before = (await agent.count()) + (await judge.count());
      const r = await spawnRunOk(
        args(data, join(opts.tmp, `localsearch-run-${k}`)),
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
    out['growth columns'] = GROWTH_COLUMNS;
    out['growth N→4N'] = growthFigures(rows[0]!, rows[1]!, fixed);
  } finally {
    await agent.stop();
    await judge.stop();
  }
  return out;
}
