// Sample rows for the report's browser: every record of each run (capped, flips and errors
// kept first), long texts cut, and per problem whether it flipped between the runs of its
// benchmark (solved = per-problem mean of the primary binary metric ≥ 0.5, as `compare` uses).
import { compareIds } from '../../summary/summarize.js';
import { latestRecords } from '../../store/run-store.js';
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

function solvedByProblem(records: readonly SampleRecord[], key: string): Map<string, boolean> {
  const acc = new Map<string, { sum: number; n: number }>();
  for (const r of records) {
    const v = r.error === null ? r.scores?.[key] : undefined;
    if (typeof v !== 'number') continue;
    const a = acc.get(r.id) ?? { sum: 0, n: 0 };
    a.sum += v;
    a.n += 1;
    acc.set(r.id, a);
  }
  return new Map([...acc].map(([id, a]) => [id, a.sum / a.n >= 0.5]));
}

export async function sampleRows(runs: readonly LoadedRun[], maxPerRun: number): Promise<{ rows: SampleRow[]; omitted: Record<string, number> }> {
  const records: SampleRecord[][] = [];
  for (const run of runs) {
    const latest = await latestRecords(run.dir);
    records.push([...latest.values()].filter((r) => r.sample < run.manifest.n));
  }
  // Flip state per (run, problem), across the runs of the same benchmark in the order given.
  const flips = runs.map(() => new Map<string, SampleRow['flip']>());
  const solved = runs.map(() => new Map<string, boolean>());
  const byBench = new Map<string, number[]>();
  runs.forEach((run, i) => byBench.set(run.manifest.benchmark, [...(byBench.get(run.manifest.benchmark) ?? []), i]));
  for (const idx of byBench.values()) {
    const key = solvedKey(runs[idx[0]!]!);
    if (key === null) continue;
    for (const i of idx) solved[i] = solvedByProblem(records[i]!, key);
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
  runs.forEach((_, i) => {
    const recs = records[i]!;
    // Each problem's question and reference ride on its sample 0 (once per problem).
    const views = new Map<string, ProblemView>();
    for (const r of recs) if (r.problem) views.set(r.id, r.problem);
    // Over the cap, keep what a reader looks for first: flips and errors.
    const interesting = (r: SampleRecord) => (r.error !== null || flips[i]!.has(r.id) ? 0 : 1);
    const kept = [...recs].sort((a, b) => interesting(a) - interesting(b) || compareIds(a.id, b.id) || a.sample - b.sample).slice(0, maxPerRun);
    if (recs.length > kept.length) omitted[String(i)] = recs.length - kept.length;
    kept.sort((a, b) => compareIds(a.id, b.id) || a.sample - b.sample);
    for (const r of kept) {
      rows.push({
        r: i,
        id: r.id,
        s: r.sample,
        scores: r.scores,
        error: cut(r.error, LIMITS.error),
        ek: r.error_kind ?? null,
        q: cut(views.get(r.id)?.question ?? null, LIMITS.question) ?? questionOf(r),
        ref: cut(views.get(r.id)?.reference ?? null, LIMITS.reference),
        out: cut(r.output, LIMITS.output),
        reasoning: cut(r.reasoning ?? null, LIMITS.reasoning),
        trace: traceOf(r),
        tools: r.tool_calls,
        turns: r.turns,
        flip: flips[i]!.get(r.id) ?? null,
        solved: solved[i]!.get(r.id) ?? null,
      });
    }
  });
  return { rows, omitted };
}
