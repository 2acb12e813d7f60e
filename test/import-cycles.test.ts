// No import circles: the runtime import graph of the compiled build (dist/, where `import type` is
// gone) has no cycle. A cycle makes module evaluation order matter (a half-initialised export seen as
// undefined) and usually means two modules should be one, or a third should hold what they share.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = join(import.meta.dirname, '..', 'dist');

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? jsFiles(p) : e.name.endsWith('.js') ? [p] : [];
  });
}

/** Relative static imports and re-exports of each file (dynamic `import()` is lazy by design: not an edge). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  const edge = /^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?'(\.{1,2}\/[^']+)'/gm;
  for (const f of files) {
    const deps = [...readFileSync(f, 'utf8').matchAll(edge)].map((m) => resolve(dirname(f), m[1]!));
    graph.set(f, deps.filter((d) => known.has(d)));
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the path that closes it. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (u: string): void => {
    state.set(u, 'open');
    stack.push(u);
    for (const v of graph.get(u) ?? []) {
      if (state.get(v) === 'open') found.push([...stack.slice(stack.indexOf(v)), v]);
      else if (!state.has(v)) visit(v);
    }
    stack.pop();
    state.set(u, 'done');
  };
  for (const u of graph.keys()) if (!state.has(u)) visit(u);
  return found;
}

describe('import graph', () => {
  it('finds a cycle when there is one', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(cycles(g)).toEqual([['a', 'b', 'c', 'a']]);
    expect(cycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('dist/ has no import cycle', () => {
    const files = jsFiles(dist);
    const graph = importGraph(files);
    // The graph is real: the CLI entry reaches its command modules.
    expect(graph.get(join(dist, 'harness', 'cli', 'main.js'))?.length).toBeGreaterThan(3);
    expect(cycles(graph).map((c) => c.map((f) => relative(dist, f)).join(' → '))).toEqual([]);
  });
});
