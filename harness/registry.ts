// The benchmark registry: the one place the engine learns which benchmarks exist.
// Adding a benchmark = one folder under benchmarks/ + one line here.
import { bird, spider } from '../benchmarks/text2sql/index.js';
import { bamboogle, hotpotqa, musique, nq, twowiki } from '../benchmarks/searchqa/index.js';
import { recrmBench } from '../benchmarks/recrm/index.js';
import { localsearchbench } from '../benchmarks/localsearch/index.js';
import { bfcl } from '../benchmarks/bfcl/index.js';
import type { Benchmark } from './types.js';

// Each benchmark has its own Sample type; the engine only needs the common contract.
const ALL = [spider, bird, hotpotqa, twowiki, musique, bamboogle, nq, localsearchbench, recrmBench, bfcl] as unknown as Benchmark[];

export function benchmarks(): readonly Benchmark[] {
  return ALL;
}

export function getBenchmark(name: string): Benchmark | undefined {
  return ALL.find((b) => b.name === name);
}
