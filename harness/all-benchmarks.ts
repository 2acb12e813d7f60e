// Every benchmark of the registry, loaded (top-level await), for the commands that need them all at
// once (`list`, `demo`, `merge`, `rescore`, `suite`) and for tests: the registry's order.
import { benchmarkEntries } from './registry.js';
import type { Benchmark } from './types.js';

const ALL: readonly Benchmark[] = await Promise.all(benchmarkEntries().map((e) => e.load()));

export function benchmarks(): readonly Benchmark[] {
  return ALL;
}

export function getBenchmark(name: string): Benchmark | undefined {
  return ALL.find((b) => b.name === name);
}
