// BFCL bench: (1) checker throughput — decode + check of the bundled entries' reference answers
// in both modes, cases/s on one core; (2) whole-process runs — `agenteval run bfcl --mode fc`
// spawned as a user types it, over all single-turn categories at ¼ and full size (873 and 3,491
// entries made in BFCL's layout from the bundled sample; --quick: 1/16 and ¼) against a local
// endpoint (bench/bfcl-endpoint.ts, own process) returning tool calls, with the figures and growth
// exponents of every whole-process section (bench/whole-process.ts measureGrowth).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORIES, FULL_SIZES, isRelevance } from '../benchmarks/bfcl/categories.js';
import { answerFile, bundledDataDir, entryFile, loadBfcl } from '../benchmarks/bfcl/load.js';
import { oracleText, oracleToolCalls } from '../benchmarks/bfcl/oracle.js';
import { evaluate } from '../scorers/bfcl/evaluate.js';
import { forkMockProcess, measureGrowth, type SectionOptions } from './whole-process.js';

const CONCURRENCY = 32;

function checkerThroughput(samples: Awaited<ReturnType<typeof loadBfcl>>['samples'], seconds: number): Record<string, number> {
  const cases = samples.flatMap((s) => {
    const c = { category: s.category, docs: s.docs, expected: s.expected };
    const text = oracleText(s);
    const calls = oracleToolCalls(s);
    return [() => evaluate(c, 'prompt', text, []), () => evaluate(c, 'fc', '', calls)];
  });
  let n = 0;
  let valid = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const f of cases) {
      if (f().result.valid) valid++;
      n++;
    }
  }
  const secs = (performance.now() - t0) / 1000;
  return { 'checker.cases_per_s (decode + check, 1 core)': Math.round(n / secs), 'checker.valid_fraction': Math.round((valid / n) * 1000) / 1000 };
}

/** `sixteenths`/16 of each category's full size (at least one entry), in BFCL's layout, from the bundled lines (ids made unique). */
function makeScaledData(dir: string, sixteenths: number): number {
  mkdirSync(join(dir, 'possible_answer'), { recursive: true });
  const src = bundledDataDir();
  let total = 0;
  for (const c of CATEGORIES) {
    const lines = readFileSync(entryFile(src, c), 'utf8').split('\n').filter(Boolean);
    const answers = isRelevance(c) ? [] : readFileSync(answerFile(src, c), 'utf8').split('\n').filter(Boolean);
    const outE: string[] = [];
    const outA: string[] = [];
    const size = Math.max(1, Math.round((FULL_SIZES[c] * sixteenths) / 16));
    for (let i = 0; i < size; i++) {
      const k = i % lines.length;
      const e = JSON.parse(lines[k]!) as { id: string };
      const id = `${e.id}__${Math.floor(i / lines.length)}`;
      outE.push(JSON.stringify({ ...e, id }));
      if (answers.length) outA.push(JSON.stringify({ ...(JSON.parse(answers[k]!) as object), id }));
    }
    writeFileSync(entryFile(dir, c), `${outE.join('\n')}\n`);
    if (outA.length) writeFileSync(answerFile(dir, c), `${outA.join('\n')}\n`);
    total += outE.length;
  }
  return total;
}

async function wholeRuns(opts: SectionOptions): Promise<Record<string, number | string>> {
  const endpoint = await forkMockProcess('bfcl-endpoint.js', [], 'bfcl');
  try {
    return await measureGrowth(
      {
        name: 'bfcl',
        sizes: opts.quick ? [1, 4] : [4, 16],
        prepare: (sixteenths, dir) => ({ data: dir, units: makeScaledData(dir, sixteenths) }),
        args: (data) => ['run', 'bfcl', '--mode', 'fc', '--model', 'openai:bench', '--base-url', endpoint.url, '--data', data, '--quiet', '--concurrency', String(CONCURRENCY)],
        mocks: [endpoint],
        concurrency: CONCURRENCY,
        label: (sixteenths, entries) => `bfcl --mode fc, ${sixteenths}/16 of full size (${entries} entries)`,
        env: { OPENAI_API_KEY: 'bench' },
      },
      opts,
    );
  } finally {
    await endpoint.stop();
  }
}

export async function benchBfcl(opts: SectionOptions): Promise<Record<string, number | string>> {
  const { samples } = await loadBfcl(CATEGORIES);
  return { ...checkerThroughput(samples, opts.quick ? 1 : 3), ...(await wholeRuns(opts)) };
}
