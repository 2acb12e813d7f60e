// `npm run bench`: performance figures measured on this machine, printed as ratios and growth
// exponents where a baseline exists. Not part of the test suite.
//   --quick           smaller sizes
//   --only <names>    comma-separated section names (see SECTIONS; `--list` prints them)
// Whole-process sections spawn `node dist/harness/cli/main.js …` exactly as a user types
// `agenteval …` (bench/whole-process.ts); the mock endpoints run in processes of their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCompareReport } from './compare-report-bench.js';
import { benchLocalSearch } from './localsearch-bench.js';
import { benchNqDirect } from './nq-direct-bench.js';
import { benchRecrm } from './recrm-bench.js';
import { benchRetrieval } from './retrieval-bench.js';
import { benchRunner } from './runner-bench.js';
import { benchSpiderN16 } from './spider-bench.js';
import { benchSearchTags } from './searchqa-tags-bench.js';
import { benchSql } from './sql-bench.js';
import { benchBfcl } from './bfcl-bench.js';
import { benchMath } from './math-bench.js';
import { benchMathCheck } from './math-check-bench.js';
import type { BenchSection } from './whole-process.js';

/**
 * The sections, in run order: name → (opts) => figures. Families added later register one line
 * here (e.g. `'hotpotqa-tags': benchSearchQaTags`, `'math500-n16'`, `'bfcl'`), using the helpers of
 * bench/whole-process.ts.
 */
export const SECTIONS: Record<string, BenchSection> = {
  'nq-direct': benchNqDirect,
  'compare-report': benchCompareReport,
  'spider-n16': benchSpiderN16,
  localsearch: benchLocalSearch,
  recrm: benchRecrm,
  runner: (o) => benchRunner({ requests: o.quick ? 4000 : 20_000 }),
  sql: () => benchSql(),
  retrieval: (o) => benchRetrieval({ passages: o.quick ? 50_000 : 1_000_000 }),
  'searchqa-tags': benchSearchTags,
  'math-check': benchMathCheck,
  math: benchMath,
  bfcl: benchBfcl,
};

const args = process.argv.slice(2);
if (args.includes('--list')) {
  process.stdout.write(`${Object.keys(SECTIONS).join('\n')}\n`);
  process.exit(0);
}
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;
for (const name of only ?? []) {
  if (!(name in SECTIONS)) {
    process.stderr.write(`unknown section "${name}"; sections: ${Object.keys(SECTIONS).join(', ')}\n`);
    process.exit(2);
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'ae-bench-'));
let failed = 0;
try {
  process.stdout.write(`agenteval bench${quick ? ' --quick' : ''} · node ${process.version} · ${new Date().toISOString()}\n`);
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (only && !only.includes(name)) continue;
    process.stdout.write(`\n== ${name}\n`);
    const t0 = performance.now();
    try {
      const figures = await run({ quick, tmp });
      for (const [k, v] of Object.entries(figures)) process.stdout.write(`  ${k}: ${v}\n`);
    } catch (err) {
      // One failing section (e.g. a run over its time limit) does not hide the others' figures.
      failed++;
      process.stdout.write(`  FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.stdout.write(`  (section took ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
