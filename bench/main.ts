// `npm run bench`: performance figures, measured on this machine, printed as ratios where a
// baseline exists. Not part of the test suite. Options: --quick (smaller sizes), --only <name>.
import { benchMemory, benchRunner } from './runner-bench.js';
import { benchRetrieval } from './retrieval-bench.js';
import { benchSearchTags } from './searchqa-tags-bench.js';
import { benchSql } from './sql-bench.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

const sections: Array<[string, () => Promise<Record<string, number | string>>]> = [
  ['runner', () => benchRunner({ requests: quick ? 4000 : 20_000 })],
  ['memory', () => benchMemory(quick ? 20_000 : 100_000)],
  ['sql', () => benchSql()],
  ['retrieval', () => benchRetrieval({ passages: quick ? 50_000 : 1_000_000 })],
  ['searchqa-tags', () => benchSearchTags({ quick })],
];

for (const [name, run] of sections) {
  if (only && only !== name) continue;
  process.stdout.write(`\n== ${name}\n`);
  const t0 = performance.now();
  const figures = await run();
  for (const [k, v] of Object.entries(figures)) process.stdout.write(`  ${k}: ${v}\n`);
  process.stdout.write(`  (section took ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
}
