// Sample rows for the report's browser: every record of each run (capped, flips and errors
// kept first), long texts cut, and per problem whether it flipped between the runs of its
// benchmark (solved = per-problem mean of the primary binary metric ≥ 0.5, as `compare` uses).
// Runs are streamed three times: once for per-problem solved state, once to pick the rows, once for
// the kept rows' problem views — at most 2 × the cap of rows are held per run, never the run.
import { compareIds } from '../../summary/ids.js';
import { currentRecords } from '../../store/current-records.js';
import type { ProblemView, SampleRecord } from '../../types.js';
import type { LoadedRun } from '../runs.js';
import type { SampleRow, TraceRow } from './types.js';

const LIMITS = { question: 3000, reference: 3000, output: 4000, reasoning: 2000, traceSteps: 40, traceInput: 1000, traceOutput: 1500, error: 500 };

function cut(s: string | null | undefined, max: number): string | null {
  if (s === null || s === undefined) return null;
  return s.length > max ? `${s.slice(0, max)}… [${s.length - max} more characters]` : s;
}

function questionOf(r: SampleRecord): string | null {
  const user = r.messages?.find((m) => m.role === 'user');
  return cut(user?.content ?? null, LIMITS.question);
}

function traceOf(r: SampleRecord): TraceRow[] {
  return r.trace.slice(0, LIMITS.traceSteps).map((t) => ({
    turn: t.turn,
    tool: t.tool,
    input: cut(typeof t.input === 'string' ? t.input : JSON.stringify(t.input), LIMITS.traceInput) ?? '',
    output: cut(t.output, LIMITS.traceOutput) ?? '',
    error: t.error ?? null,
  }));
}

/** The key of the first primary binary metric: what "solved" means for flips. */
function solvedKey(run: LoadedRun): string | null {
  return run.manifest.metrics.find((m) => m.primary && m.binary)?.key ?? null;
}

async function solvedByProblem(run: LoadedRun, key: string): Promise<Map<string, boolean>> {
  const acc = new Map<string, { sum: number; n: number }>();
  for await (const r of currentRecords(run.dir, { accept: (_id, sample) => sample < run.manifest.n })) {
    const v = r.error === null ? r.scores?.[key] : undefined;
    if (typeof v !== 'number') continue;
    let a = acc.get(r.id);
    if (!a) acc.set(r.id, (a = { sum: 0, n: 0 }));
    a.sum += v;
    a.n += 1;
  }
  return new Map([...acc].map(([id, a]) => [id, a.sum / a.n >= 0.5]));
}

async function problemViews(run: LoadedRun, ids: ReadonlySet<string>): Promise<Map<string, ProblemView>> {
  const views = new Map<string, ProblemView>();
  if (ids.size === 0) return views;
  for await (const r of currentRecords(run.dir, { accept: (id, sample) => sample < run.manifest.n && ids.has(id) })) {
    if (r.problem) views.set(r.id, r.problem);
  }
  return views;
}

type Ranked = { rank: number; row: SampleRow };
const byRank = (a: Ranked, b: Ranked) => a.rank - b.rank || compareIds(a.row.id, b.row.id) || a.row.s - b.row.s;

/**
 * The rows of the first `max` records of a run by (interesting first, id, sample), streamed: each
 * record becomes its (cut) row at once, through a buffer of at most 2·max rows.
 */
async function pickRows(run: LoadedRun, max: number, rank: (r: SampleRecord) => number, toRow: (r: SampleRecord) => SampleRow): Promise<{ kept: SampleRow[]; total: number }> {
  let buf: Ranked[] = [];
  let total = 0;
  for await (const r of currentRecords(run.dir, { accept: (_id, sample) => sample < run.manifest.n })) {
    total++;
    if (max <= 0) continue;
    buf.push({ rank: rank(r), row: toRow(r) });
    if (buf.length >= 2 * max) buf = buf.sort(byRank).slice(0, max);
  }
  const kept = buf.sort(byRank).slice(0, max).map((x) => x.row);
  kept.sort((a, b) => compareIds(a.id, b.id) || a.s - b.s);
  return { kept, total };
}

export async function sampleRows(runs: readonly LoadedRun[], maxPerRun: number): Promise<{ rows: SampleRow[]; omitted: Record<string, number> }> {
  // Flip state per (run, problem), across the runs of the same benchmark in the order given.
  const flips = runs.map(() => new Map<string, SampleRow['flip']>());
  const solved = runs.map(() => new Map<string, boolean>());
  const byBench = new Map<string, number[]>();
  runs.forEach((run, i) => {
    const list = byBench.get(run.manifest.benchmark);
    if (list) list.push(i);
    else byBench.set(run.manifest.benchmark, [i]);
  });
  for (const idx of byBench.values()) {
    const key = solvedKey(runs[idx[0]!]!);
    if (key === null) continue;
    for (const i of idx) solved[i] = await solvedByProblem(runs[i]!, key);
    if (idx.length < 2) continue;
    const ids = new Set(idx.flatMap((i) => [...solved[i]!.keys()]));
    for (const id of ids) {
      const states = idx.map((i) => solved[i]!.get(id)).filter((x): x is boolean => x !== undefined);
      if (states.length < 2 || states.every((s) => s === states[0])) continue;
      let flip: SampleRow['flip'] = 'differs';
      if (idx.length === 2 && states.length === 2) flip = states[1] ? 'fixed' : 'regressed';
      for (const i of idx) flips[i]!.set(id, flip);
    }
  }

  const rows: SampleRow[] = [];
  const omitted: Record<string, number> = {};
  for (const [i, run] of runs.entries()) {
    const toRow = (r: SampleRecord): SampleRow => ({
      r: i,
      id: r.id,
      s: r.sample,
      scores: r.scores,
      error: cut(r.error, LIMITS.error),
      ek: r.error_kind ?? null,
      q: questionOf(r),
      ref: null,
      out: cut(r.output, LIMITS.output),
      reasoning: cut(r.reasoning ?? null, LIMITS.reasoning),
      trace: traceOf(r),
      tools: r.tool_calls,
      turns: r.turns,
      flip: flips[i]!.get(r.id) ?? null,
      solved: solved[i]!.get(r.id) ?? null,
    });
    // Over the cap, keep what a reader looks for first: flips and errors.
    const rank = (r: SampleRecord) => (r.error !== null || flips[i]!.has(r.id) ? 0 : 1);
    const { kept, total } = await pickRows(run, maxPerRun, rank, toRow);
    if (total > kept.length) omitted[String(i)] = total - kept.length;
    // Each problem's question and reference ride on its sample 0 (recorded once per problem):
    // one more pass fetches them for the kept rows' problems only.
    const views = await problemViews(run, new Set(kept.map((row) => row.id)));
    for (const row of kept) {
      const v = views.get(row.id);
      if (!v) continue;
      row.q = cut(v.question ?? null, LIMITS.question) ?? row.q;
      row.ref = cut(v.reference ?? null, LIMITS.reference);
    }
    for (const row of kept) rows.push(row);
  }
  return { rows, omitted };
}
