// The streaming summary, benchmark aggregates and run readers give the same numbers, to the last
// digit, as the whole-array code they replaced: test/fixtures/summary-parity holds real runs of
// bundled benchmarks (oracle, replay with n > 1, a resumed search agent) with the summary.json,
// comparisons and report rows that code wrote (generate.mjs; made before the rewrite).
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getBenchmark } from '../harness/all-benchmarks.js';
import { compareRuns } from '../harness/report/compare.js';
import { sampleRows } from '../harness/report/html/samples.js';
import { loadRun } from '../harness/report/runs.js';
import { runBenchmark, summarizeRun } from '../harness/run/execute.js';
import { buildRunConfig } from '../harness/run/options.js';
import type { Manifest } from '../harness/store/manifest.js';
import { ERROR_POLICY } from '../harness/summary/summarize.js';
import type { SampleRecord } from '../harness/types.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'summary-parity');
const cases = readdirSync(FIXTURES).filter((d) => statSync(join(FIXTURES, d)).isDirectory());
const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
/** As written to disk (NaN → null). */
const disk = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

// Deliberate output changes made after the fixtures were written, applied to what they expect (the
// numbers themselves are untouched): the error policy names --max-error-rate; search QA's
// `questions` counts problems (the old sample count is `scored_samples`); compare leaves out
// pass@1 at n = 1 (it is the mean); report rows carry the problem's reference (`ref`, none here).
const SEARCH_QA = new Set(['hotpotqa', '2wiki', 'musique', 'bamboogle', 'nq', 'triviaqa', 'popqa']);
type Obj = Record<string, unknown>;
function intendedSummary(want: Obj): Obj {
  const out: Obj = { ...want, error_policy: ERROR_POLICY };
  if (SEARCH_QA.has(String(want.benchmark))) {
    const extra = want.extra as Obj;
    const counts = want.counts as Obj;
    const { questions, ...rest } = extra;
    const entries = Object.entries(rest);
    const at = Object.keys(extra).indexOf('questions');
    out.extra = Object.fromEntries([...entries.slice(0, at), ['questions', counts.problems_scored], ['scored_samples', questions], ...entries.slice(at)]);
  }
  return out;
}
function intendedComparison(want: Obj, n: number): Obj {
  const metrics = (want.metrics as Obj[]).filter((m) => !(n === 1 && String(m.key).endsWith('/pass@1')));
  return { ...want, metrics };
}
function intendedRows(want: { rows: Obj[]; omitted: unknown }): unknown {
  return { ...want, rows: want.rows.map((r) => {
    const entries = Object.entries(r);
    const at = entries.findIndex(([k]) => k === 'reasoning');
    return Object.fromEntries([...entries.slice(0, at), ['ref', null], ...entries.slice(at)]);
  }) };
}

const tmp = mkdtempSync(join(tmpdir(), 'ae-parity-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('summary parity with the pre-streaming code', () => {
  it('has the fixtures', () => expect(cases.length).toBeGreaterThanOrEqual(12));

  it.each(cases)('%s: summarizeRun streams samples.jsonl to the same summary.json', async (name) => {
    const dir = join(FIXTURES, name);
    const manifest = json<Manifest>(join(dir, 'manifest.json'));
    const summary = await summarizeRun(dir, manifest, getBenchmark(manifest.benchmark));
    expect(disk(summary)).toEqual(intendedSummary(json(join(dir, 'summary.json'))));
  });

  // The run command folds records as it writes them: replaying a fixture's outputs through a real
  // run must land on the fixture's summary (all but the model path, fingerprint and wall time).
  it.each(['spider-replay-n4', 'nq-replay-n4', 'recrm-bench-replay-n3', 'localsearchbench-replay-n2', 'bird-replay-n3'])(
    '%s: a run replaying the same outputs writes the same summary',
    async (name) => {
      const dir = join(FIXTURES, name);
      const manifest = json<Manifest>(join(dir, 'manifest.json'));
      const records = readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SampleRecord);
      const file = join(tmp, `${name}.jsonl`);
      writeFileSync(file, records.filter((r) => r.output !== null).map((r) => JSON.stringify({ id: r.id, sample: r.sample, output: r.output })).join('\n'));
      const cfg = manifest.config as Record<string, unknown>;
      const options = (cfg.benchmarkOptions ?? {}) as Record<string, unknown>;
      const out = join(tmp, name);
      const r = await runBenchmark(
        getBenchmark(manifest.benchmark)!,
        buildRunConfig([manifest.benchmark], {
          ...options,
          model: `replay:${file}`,
          out,
          resultsDir: join(tmp, 'results'),
          quiet: true,
          samples: String(manifest.n),
          k: manifest.ks.join(','),
          temperature: String(manifest.sampling.temperature),
          ...(manifest.limit !== null ? { limit: String(manifest.limit) } : {}),
        }),
        () => {},
        { history: false },
      );
      const want = intendedSummary(json<Record<string, unknown>>(join(dir, 'summary.json')));
      const strip = (s: unknown) => {
        const { model: _m, fingerprint: _f, wall_time_s: _w, ...rest } = disk(s) as Record<string, unknown>;
        return rest;
      };
      expect(strip(r.summary)).toEqual(strip(want));
      expect(strip(json(join(out, 'summary.json')))).toEqual(strip(want));
    },
  );

  const readers = json<Record<string, unknown>>(join(FIXTURES, 'readers.json'));
  const pairs = Object.keys(readers).filter((k) => k.startsWith('compare ')).map((k) => k.split(' ').slice(1) as [string, string]);

  it.each(pairs)('compare %s %s: the same deltas, CIs, flips and error accounting', async (a, b) => {
    const c = await compareRuns(await loadRun(join(FIXTURES, a)), await loadRun(join(FIXTURES, b)));
    c.baseline.dir = a;
    c.candidate.dir = b;
    const n = Math.min(json<Manifest>(join(FIXTURES, a, 'manifest.json')).n, json<Manifest>(join(FIXTURES, b, 'manifest.json')).n);
    expect(disk(c)).toEqual(intendedComparison(readers[`compare ${a} ${b}`] as Obj, n));
  });

  it.each(pairs)('report rows %s %s: the same rows, caps and flips', async (a, b) => {
    const rows = await sampleRows([await loadRun(join(FIXTURES, a)), await loadRun(join(FIXTURES, b))], 25);
    expect(disk(rows)).toEqual(intendedRows(readers[`samples ${a} ${b}`] as { rows: Obj[]; omitted: unknown }));
  });

  it('report rows of a resumed agent run: superseded records left out', async () => {
    const copy = join(tmp, 'hotpot');
    cpSync(join(FIXTURES, 'hotpotqa-tags-resumed-n4'), copy, { recursive: true });
    const rows = await sampleRows([await loadRun(copy)], 40);
    expect(disk(rows)).toEqual(intendedRows(readers['samples hotpotqa-tags-resumed-n4'] as { rows: Obj[]; omitted: unknown }));
  });
});
