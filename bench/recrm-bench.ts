// `agenteval run recrm-bench` (all four dimensions) as typed, at N and 4N entries, against a mock
// reward model that answers every prompt with a verdict of the type its schema line asks for.
// RecRM-Bench's files are not public here: the data are the bundled synthetic fixtures, copied with
// distinct ids (and questions) to the sizes the bench needs.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from '../harness/paths.js';
import { bareUndiciLoop, GROWTH_COLUMNS, growthFigures, POINT_COLUMNS, pointFigures, fixedFigures, runTimeoutMs, spawnRunOk, startMockProcess, type Point, type SectionOptions, type SpawnResult } from './whole-process.js';

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
  const copies = opts.quick ? [25, 100] : [100, 400];
  const mock = await startMockProcess('recrm');
  const out: Record<string, number | string> = { columns: POINT_COLUMNS };
  try {
    const args = (data: string, outDir: string) =>
      ['run', 'recrm-bench', '--model', 'openai:rm', '--base-url', mock.url, '--data', data, '--concurrency', String(CONCURRENCY), '--out', outDir];
    const rows: Point[] = [];
    let fixed: SpawnResult | undefined;
    for (const k of copies) {
      const data = join(opts.tmp, `recrm-x${k}`);
      const entries = writeRecrmCopies(data, k);
      if (!fixed) {
        fixed = await spawnRunOk([...args(data, join(opts.tmp, `recrm-run-1`)), '--limit', '1'], {}, { timeoutMs: runTimeoutMs(), cwd: opts.tmp, allowSampleErrors: true });
        out['start-up, one problem (wall s · CPU s · peak RSS MB)'] = fixedFigures(fixed);
      }
      const before = await mock.count();
      // Exit 3 is allowed: a verdict the scorer cannot read becomes an error record (counted below).
      const r = await spawnRunOk(
        args(data, join(opts.tmp, `recrm-run-${k}`)),
        {},
        { timeoutMs: runTimeoutMs(), cwd: opts.tmp, allowSampleErrors: true },
      );
      const requests = (await mock.count()) - before;
      const bareMs = await bareUndiciLoop(mock.url, { requests, concurrency: CONCURRENCY });
      const summary = JSON.parse(readFileSync(join(opts.tmp, `recrm-run-${k}`, 'summary.json'), 'utf8')) as { counts: { errors: number } };
      const p: Point = { units: entries, run: r, bareMs };
      out[`recrm-bench, ${entries} entries (${requests} requests, ${summary.counts.errors} error records)`] = pointFigures(p);
      rows.push(p);
    }
    out['growth columns'] = GROWTH_COLUMNS;
    out['growth N→4N'] = growthFigures(rows[0]!, rows[1]!, fixed);
  } finally {
    await mock.stop();
  }
  return out;
}
