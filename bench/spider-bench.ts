// `agenteval run spider -n 16` (single-turn EX, Spider test-suite mode) as typed, at N and 4N problems,
// beside a bare undici loop sending the same number of requests (n = 16 in one request each, as the
// runner asks endpoints that support `n`). The mock answers one SQL statement that runs on every
// database, so every sample is executed and scored (0: it is not the gold query).
import { writeSpiderCopies } from './gen-data.js';
import { measureGrowth, startMockProcess, type SectionOptions } from './whole-process.js';

const CONCURRENCY = 64;

export async function benchSpiderN16(opts: SectionOptions): Promise<Record<string, number | string>> {
  const mock = await startMockProcess('sql');
  try {
    return await measureGrowth(
      {
        name: 'spider',
        sizes: opts.quick ? [1, 4] : [4, 16],
        // The bundled sample has 45 questions; units are samples (16 per problem).
        prepare: (copies, dir) => (writeSpiderCopies(dir, copies), { data: dir, units: 45 * copies * 16 }),
        // As typed: agenteval run spider --model … --base-url … --data DIR -n 16 --concurrency 64 --out …
        args: (data) => ['run', 'spider', '--model', 'openai:m', '--base-url', mock.url, '--data', data, '-n', '16', '--concurrency', String(CONCURRENCY)],
        mocks: [mock],
        bare: { body: (i) => ({ model: 'm', n: 16, temperature: 1, messages: [{ role: 'user', content: `Write SQL for question ${i}.` }] }) },
        concurrency: CONCURRENCY,
        label: (_, samples) => `spider n=16, ${samples / 16} problems (${samples} samples)`,
      },
      opts,
    );
  } finally {
    await mock.stop();
  }
}
