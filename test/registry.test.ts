// The registry's light entries (name, run options, loader) against the benchmarks they load: every
// benchmark listed, in order, with the options its module declares, and no family module imported
// until a command asks for that benchmark.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benchmarks } from '../harness/all-benchmarks.js';
import { benchmarkEntries, benchmarkNames, loadBenchmark } from '../harness/registry.js';

describe('benchmark registry', () => {
  it('lists every benchmark once, in the order `agenteval list` prints them', () => {
    const names = benchmarkNames();
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(benchmarks().map((b) => b.name));
    expect(names).toEqual(expect.arrayContaining(['spider', 'bird', 'nq', 'hotpotqa', '2wiki', 'triviaqa', 'popqa', 'localsearchbench', 'recrm-bench', 'math500', 'math', 'bfcl']));
  });

  it('loads each entry as the benchmark of that name, whose options are the entry\'s', async () => {
    for (const e of benchmarkEntries()) {
      const b = await e.load();
      expect(b.name).toBe(e.name);
      expect(b.options ?? []).toEqual(e.options);
      // The same object every time (Node caches the module): lookups agree with all-benchmarks.
      expect(await loadBenchmark(e.name)).toBe(b);
      expect(benchmarks().find((x) => x.name === e.name)).toBe(b);
    }
  });

  it('answers undefined for an unknown name', async () => {
    expect(await loadBenchmark('spidr')).toBeUndefined();
  });

  it('imports no benchmark family module statically (they load on demand)', () => {
    const src = readFileSync(new URL('../harness/registry.ts', import.meta.url), 'utf8');
    const staticImports = [...src.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
    expect(staticImports.length).toBeGreaterThan(0);
    for (const spec of staticImports) expect(spec).not.toMatch(/benchmarks\/[^/]+\/index\.js$/);
  });
});
