// `agenteval run recrm-bench` (all four dimensions) as typed, at N and 4N entries, against a mock
// reward model that answers every prompt with a verdict of the type its schema line asks for.
// RecRM-Bench's files are not public here: the data are the bundled synthetic fixtures, copied with
// distinct ids (and questions) to the sizes the bench needs.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from '../harness/paths.js';
import { measureGrowth, startMockProcess, type SectionOptions } from './whole-process.js';

const CONCURRENCY = 64;

/** The synthetic fixtures (data/<sub-database>/*.jsonl), each entry `copies` times with ids `<id>~k`. */
function writeRecrmCopies(dir: string, copies: number): number {
  const src = assetPath('benchmarks', 'recrm', 'data', 'synthetic', 'data');
  let entries = 0;
  for (const sub of readdirSync(src)) {
    mkdirSync(join(dir, 'data', sub), { recursive: true });
    for (const f of readdirSync(join(src, sub))) {
      const rows = readFileSync(join(src, sub, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
      const out: string[] = [];
      for (let k = 0; k < copies; k++) for (const r of rows) out.push(JSON.stringify(k === 0 ? r : { ...r, id: `${String(r.id)}~${k}`, query: `${String(r.query)}（${k}）` }));
      entries += out.length;
      writeFileSync(join(dir, 'data', sub, f), `${out.join('\n')}\n`);
    }
  }
  return entries;
}

export async function benchRecrm(opts: SectionOptions): Promise<Record<string, number | string>> {
  const mock = await startMockProcess('recrm');
  try {
    // Error records are allowed and counted: a verdict the scorer cannot read becomes one.
    return await measureGrowth(
      {
        name: 'recrm',
        sizes: opts.quick ? [25, 100] : [100, 400],
        prepare: (copies, dir) => ({ data: dir, units: writeRecrmCopies(dir, copies) }),
        args: (data) => ['run', 'recrm-bench', '--model', 'openai:rm', '--base-url', mock.url, '--data', data, '--concurrency', String(CONCURRENCY)],
        mocks: [mock],
        concurrency: CONCURRENCY,
        label: (_, entries) => `recrm-bench, ${entries} entries`,
      },
      opts,
    );
  } finally {
    await mock.stop();
  }
}
