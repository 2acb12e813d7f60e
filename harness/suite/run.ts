// Running a suite: every (model × benchmark) cell at once (p-limit over the matrix), each cell a
// normal `runBenchmark` into `<out>/<model>/<benchmark>` — so re-running the suite resumes every
// cell — with cells of one endpoint sharing its concurrency budget. A cell that fails is
// recorded and the others go on.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { defaultHistoryPath } from '../history/location.js';
import { modelEndpoint, runBenchmark } from '../run/execute.js';
import { preflight } from '../model/preflight.js';
import { EXIT, codeFor, healthCode, worstCode } from '../cli/exit.js';
import { redact } from '../store/manifest.js';
import { writeJsonAtomic } from '../store/run-store.js';
import type { Summary } from '../summary/summarize.js';
import type { Benchmark, EndpointRef, Json, JsonObject } from '../types.js';
import { planSuite, resolveSuiteOut, utcDate, type SuiteCell } from './plan.js';
import { SUITE_RUN_FILE, type SuiteCellRecord, type SuiteRunFile } from './record.js';
import type { Suite } from './schema.js';
import { SuiteSources } from './sources.js';

export interface SuiteRunOptions {
  /** Benchmark lookup (the registry in the CLI; tests pass their own). */
  benchmarks: (name: string) => Benchmark | undefined;
  /** The `{date}` of the out folder (default: today, UTC). */
  date?: string;
  /** Out folder pattern overriding the suite's `out`. */
  out?: string;
  /** History database; false: do not index (default: the suite's `history`, else `<results_dir>/history.sqlite`). */
  history?: string | false;
  resultsDir?: string;
  /** Cells at once (default: the suite's `parallel`, else every cell). */
  parallel?: number;
  signal?: AbortSignal;
  log?: (msg: string) => void;
  /** The suite file, for the record. */
  file?: string;
  /** Check every model and judge endpoint before any cell starts (default true). */
  preflight?: boolean;
  /** Unscored share above which a cell failed (default 5%). */
  maxErrorRate?: number;
}

export interface CellOutcome extends SuiteCellRecord {
  abs: string;
  summary: Summary | null;
}

export interface SuiteOutcome {
  out: string;
  date: string | null;
  cells: CellOutcome[];
  /** The most severe of the cells' exit codes (harness/cli/exit.ts), or 130 when interrupted. */
  exitCode: number;
}

function primaryOf(s: Summary): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, m] of Object.entries(s.metrics)) if (m.primary) out[k] = m.value * m.scale;
  return out;
}

function writeRecord(out: string, rec: SuiteRunFile): void {
  writeJsonAtomic(join(out, SUITE_RUN_FILE), rec);
}

function strip(c: CellOutcome): SuiteCellRecord {
  const { abs: _abs, summary: _summary, ...rest } = c;
  return rest;
}

export async function runSuite(suite: Suite, opts: SuiteRunOptions): Promise<SuiteOutcome> {
  const log = opts.log ?? (() => {});
  const pattern = opts.out ?? suite.out;
  const date = opts.date ?? utcDate();
  const out = resolveSuiteOut(suite, date, opts.out);
  const dated = pattern === undefined || pattern.includes('{date}');
  const resultsDir = opts.resultsDir ?? suite.results_dir ?? 'results';
  const history = opts.history ?? suite.history ?? defaultHistoryPath(resultsDir);
  const cells: SuiteCell[] = planSuite(suite, out, opts.benchmarks, {
    resultsDir,
    ...(opts.preflight === false ? { preflight: false } : {}),
    ...(opts.maxErrorRate !== undefined ? { maxErrorRate: opts.maxErrorRate } : {}),
  });
  // Every model endpoint before any cell starts: a refused key or a dead server stops the whole
  // suite in seconds (judges are checked by each cell, once per endpoint, before its first sample).
  if (opts.preflight !== false) {
    const refs = cells.map((c) => modelEndpoint(c.config)).filter((r): r is EndpointRef => r !== null);
    if (refs.length) await preflight(refs, { warn: log });
  }

  mkdirSync(out, { recursive: true });
  const recordPath = join(out, SUITE_RUN_FILE);
  const previous = existsSync(recordPath) ? (JSON.parse(readFileSync(recordPath, 'utf8')) as SuiteRunFile) : null;
  const outcomes: CellOutcome[] = cells.map((c) => ({ model: c.model.name, benchmark: c.label, dir: c.rel, abs: c.dir, status: 'pending', summary: null }));
  const codes: number[] = cells.map(() => EXIT.ok);
  const record: SuiteRunFile = {
    format: 'agenteval-suite-run/1',
    name: suite.name,
    date: dated ? date : null,
    source: opts.file ?? null,
    started_at: previous?.started_at ?? new Date().toISOString(),
    finished_at: null,
    suite: redact(JSON.parse(JSON.stringify(suite)) as Json) as JsonObject,
    cells: outcomes.map(strip),
  };
  // Written first: runs indexed into the history as they finish look their suite up here.
  writeRecord(out, record);

  const sources = new SuiteSources();
  const limit = pLimit(Math.max(1, opts.parallel ?? suite.parallel ?? cells.length));
  try {
    await Promise.all(
      cells.map((cell, i) =>
        limit(async () => {
          const o = outcomes[i]!;
          const tag = `[${cell.model.name} × ${cell.label}]`;
          if (opts.signal?.aborted) {
            o.status = 'aborted';
            return;
          }
          try {
            const source = await sources.get(cell.endpoint, cell.config);
            const r = await runBenchmark(cell.benchmark, cell.config, (m) => log(`${tag} ${m}`), {
              ...(opts.signal ? { signal: opts.signal } : {}),
              source,
              history,
            });
            o.summary = r.summary;
            o.errors = r.errors;
            o.primary = primaryOf(r.summary);
            o.status = r.aborted ? 'aborted' : r.health.status === 'failed' ? 'failed' : r.health.status === 'partial' ? 'sample-errors' : 'ok';
            if (r.health.status === 'failed') o.error = r.health.message;
            codes[i] = r.aborted ? EXIT.interrupted : healthCode(r.health.status);
            log(`${tag} ${o.status}${r.health.status !== 'ok' ? ` (${r.health.message})` : ''} → ${r.dir}`);
          } catch (err) {
            o.status = 'failed';
            o.error = err instanceof Error ? err.message : String(err);
            codes[i] = codeFor(err);
            log(`${tag} failed: ${o.error}`);
          }
        }),
      ),
    );
  } finally {
    await sources.close();
    record.cells = outcomes.map(strip);
    record.finished_at = new Date().toISOString();
    writeRecord(out, record);
  }
  const exitCode = opts.signal?.aborted || outcomes.some((o) => o.status === 'aborted') ? EXIT.interrupted : worstCode(codes);
  return { out, date: record.date, cells: outcomes, exitCode };
}
