// The benchmark registry: the one place the engine learns which benchmarks exist.
// Adding a benchmark = one folder under benchmarks/ + one line here.
//
// Entries are light: a name, the benchmark's `run` options (from the family's own options module)
// and a loader. A family's module (data loaders, scorers, SQL, retrieval, judges) is imported only
// when a command needs that benchmark, so `agenteval run nq` does not load text-to-SQL or the math
// checker, and `--help` loads no benchmark at all. `all-benchmarks.ts` loads every one.
import { benchmarkOptions as text2sqlOptions } from '../benchmarks/text2sql/options.js';
import { OPTIONS as SEARCHQA_OPTIONS } from '../benchmarks/searchqa/options.js';
import { SPECS as QA, type SearchQaName } from '../benchmarks/searchqa/specs.js';
import { RECRM_OPTIONS } from '../benchmarks/recrm/options.js';
import { LOCALSEARCH_OPTIONS } from '../benchmarks/localsearch/options.js';
import { OPTIONS as MATH_OPTIONS } from '../benchmarks/math/options.js';
import { MATH_GROUP, SPECS as MATH, type MathName } from '../benchmarks/math/specs.js';
import { BFCL_OPTIONS } from '../benchmarks/bfcl/options.js';
import type { BenchmarkGroup } from './report/group-table.js';
import type { QaSample } from '../benchmarks/searchqa/load.js';
import type { MathSample } from '../benchmarks/math/load.js';
import type { Benchmark, BenchmarkOption, Sample } from './types.js';

export interface BenchmarkEntry {
  readonly name: string;
  /** The benchmark's `agenteval run` options, as its loaded `Benchmark.options` (a test checks they agree). */
  readonly options: readonly BenchmarkOption[];
  /** Imports the benchmark's family module (once; Node caches it) and returns the benchmark. */
  load(): Promise<Benchmark>;
}

type SearchQaModule = typeof import('../benchmarks/searchqa/index.js');
type MathModule = typeof import('../benchmarks/math/index.js');

// Each benchmark has its own Sample type; the engine only needs the common contract.
const erase = <S extends Sample>(b: Benchmark<S>): Benchmark => b as unknown as Benchmark;

const searchQa = (key: SearchQaName, pick: (m: SearchQaModule) => Benchmark<QaSample>): BenchmarkEntry => ({
  name: QA[key].name,
  options: SEARCHQA_OPTIONS,
  load: async () => erase(pick(await import('../benchmarks/searchqa/index.js'))),
});

const math = (key: MathName, pick: (m: MathModule) => Benchmark<MathSample>): BenchmarkEntry => ({
  name: MATH[key].name,
  options: MATH_OPTIONS,
  load: async () => erase(pick(await import('../benchmarks/math/index.js'))),
});

// In `agenteval list` order.
const ENTRIES: readonly BenchmarkEntry[] = [
  { name: 'spider', options: text2sqlOptions('spider'), load: async () => erase((await import('../benchmarks/text2sql/index.js')).spider) },
  { name: 'bird', options: text2sqlOptions('bird'), load: async () => erase((await import('../benchmarks/text2sql/index.js')).bird) },
  searchQa('hotpotqa', (m) => m.hotpotqa),
  searchQa('2wiki', (m) => m.twowiki),
  searchQa('musique', (m) => m.musique),
  searchQa('bamboogle', (m) => m.bamboogle),
  searchQa('nq', (m) => m.nq),
  searchQa('triviaqa', (m) => m.triviaqa),
  searchQa('popqa', (m) => m.popqa),
  { name: 'localsearchbench', options: LOCALSEARCH_OPTIONS, load: async () => erase((await import('../benchmarks/localsearch/index.js')).localsearchbench) },
  { name: 'recrm-bench', options: RECRM_OPTIONS, load: async () => erase((await import('../benchmarks/recrm/index.js')).recrmBench) },
  math('aime24', (m) => m.aime24),
  math('aime25', (m) => m.aime25),
  math('amc23', (m) => m.amc23),
  math('math500', (m) => m.math500),
  math('minerva', (m) => m.minerva),
  math('olympiadbench', (m) => m.olympiadbench),
  math('math', (m) => m.mathGeneric),
  { name: 'bfcl', options: BFCL_OPTIONS, load: async () => erase((await import('../benchmarks/bfcl/index.js')).bfcl) },
];

export function benchmarkEntries(): readonly BenchmarkEntry[] {
  return ENTRIES;
}

export function benchmarkNames(): string[] {
  return ENTRIES.map((e) => e.name);
}

/** The benchmark of that name, its family module loaded; undefined for an unknown name. */
export async function loadBenchmark(name: string): Promise<Benchmark | undefined> {
  return ENTRIES.find((e) => e.name === name)?.load();
}

/** Benchmarks that papers print side by side, as one leaderboard table with an Avg column. */
export function benchmarkGroups(): readonly BenchmarkGroup[] {
  return [MATH_GROUP];
}
