// The benchmark registry: the one place the engine learns which benchmarks exist.
// Adding a benchmark = one folder under benchmarks/ + one line here.
import { bird, spider } from '../benchmarks/text2sql/index.js';
import { bamboogle, hotpotqa, musique, nq, popqa, triviaqa, twowiki } from '../benchmarks/searchqa/index.js';
import { recrmBench } from '../benchmarks/recrm/index.js';
import { localsearchbench } from '../benchmarks/localsearch/index.js';
import { aime24, aime25, amc23, MATH_GROUP, math500, mathGeneric, minerva, olympiadbench } from '../benchmarks/math/index.js';
import { bfcl } from '../benchmarks/bfcl/index.js';
import type { BenchmarkGroup } from './report/group-table.js';
import type { Benchmark } from './types.js';

// Each benchmark has its own Sample type; the engine only needs the common contract.
const ALL = [
  spider, bird, hotpotqa, twowiki, musique, bamboogle, nq, triviaqa, popqa, localsearchbench, recrmBench,
  aime24, aime25, amc23, math500, minerva, olympiadbench, mathGeneric, bfcl,
] as unknown as Benchmark[];

export function benchmarks(): readonly Benchmark[] {
  return ALL;
}

export function getBenchmark(name: string): Benchmark | undefined {
  return ALL.find((b) => b.name === name);
}

/** Benchmarks that papers print side by side, as one leaderboard table with an Avg column. */
export function benchmarkGroups(): readonly BenchmarkGroup[] {
  return [MATH_GROUP];
}
