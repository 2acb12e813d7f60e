// Per-problem state of a run, folded from records one at a time: what the per-problem metrics
// (avg@n mean, pass@k, maj@n), breakdowns and error accounting need, in typed columns indexed by
// problem — no record is kept. Shared by summaries, compare and the report.
//
// State per problem: record and error counts, the lowest sample index and its group labels; per
// metric the scored count, the correct count c (pass@k) and the sum. Two things grow with more
// than the number of problems, because the metric needs them:
// - a non-binary metric at n > 1 keeps its per-sample values (8 bytes each), so a problem's mean
//   is summed in sample order and has the same digits whatever order records arrive in;
// - maj@n (n > 1) keeps each problem's distinct votes with a count, first sample and its score.
import { passAtK } from '../../scorers/passk.js';
import type { MetricSpec, SampleRecord } from '../types.js';
import { compareIds } from './ids.js';

export interface PerProblemMetric {
  spec: MetricSpec;
  /** `mean`, `pass@k` or `maj@n`. */
  kind: string;
  /** Problem id → value, in id order. */
  values: Map<string, number>;
  /** Problems left out because they had fewer than k scored samples. */
  undefinedProblems: number;
}

/** One metric's per-problem values as parallel arrays (ProblemFold.perProblemLists). */
export interface PerProblemList {
  spec: MetricSpec;
  kind: string;
  /** Problem indices (ProblemFold.ids positions), in the order asked for. */
  problems: Int32Array;
  values: Float64Array;
  undefinedProblems: number;
}

/** Parallel (problem, value) columns of known maximum size, filled in order. */
class ListBuilder {
  length = 0;
  private readonly problems: Int32Array;
  private readonly values: Float64Array;

  constructor(max: number) {
    this.problems = new Int32Array(max);
    this.values = new Float64Array(max);
  }

  push(p: number, v: number): void {
    this.problems[this.length] = p;
    this.values[this.length++] = v;
  }

  done(): { problems: Int32Array; values: Float64Array } {
    return { problems: this.problems.subarray(0, this.length), values: this.values.subarray(0, this.length) };
  }
}

interface MetricColumns {
  spec: MetricSpec;
  count: Int32Array;
  correct: Int32Array;
  sum: Float64Array;
  /** n values per problem (NaN: no score), for non-binary metrics at n > 1. */
  values: Float64Array | null;
  /** Slot in a vote tally (binary metrics at n > 1), else -1. */
  vote: number;
}

function grow<T extends Int32Array | Float64Array>(a: T, size: number, fill = 0): T {
  const b = (a instanceof Int32Array ? new Int32Array(size) : new Float64Array(size)) as T;
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

export class ProblemFold {
  /** Problem ids in the order first seen (the index of every column). */
  readonly ids: string[] = [];
  /** Group keys seen on any record (e.g. `difficulty`). */
  readonly groupKeys = new Set<string>();
  private readonly index = new Map<string, number>();
  private cap = 0;
  private records = new Int32Array(0);
  private errors = new Int32Array(0);
  private minSample = new Int32Array(0);
  private groups: Array<Record<string, string> | undefined> = [];
  private readonly columns: MetricColumns[];
  /** Per problem: vote → [count, first sample, score at first] per voting metric. */
  private readonly votes: Array<Map<string, number[]> | undefined> = [];
  private readonly voting: number;
  private readonly groupObjects = new Map<string, Record<string, string>>();

  constructor(
    metrics: readonly MetricSpec[],
    /** Samples per problem: records of sample ≥ n are not part of the run and are ignored. */
    readonly n: number,
    /**
     * Problems expected (e.g. a run's problem count): the columns are sized once. Growing them by
     * doubling leaves the outgrown arrays to the next full GC — ~10 MB at 100k problems, which
     * showed in a run's peak RSS.
     */
    expectedProblems = 0,
  ) {
    let voting = 0;
    this.columns = metrics.map((spec) => ({
      spec,
      count: new Int32Array(0),
      correct: new Int32Array(0),
      sum: new Float64Array(0),
      values: !spec.binary && n > 1 ? new Float64Array(0) : null,
      vote: spec.binary && n > 1 ? voting++ : -1,
    }));
    this.voting = voting;
    if (expectedProblems > 0) this.reserve(expectedProblems);
  }

  private reserve(cap: number): void {
    this.records = grow(this.records, cap);
    this.errors = grow(this.errors, cap);
    this.minSample = grow(this.minSample, cap);
    for (const c of this.columns) {
      c.count = grow(c.count, cap);
      c.correct = grow(c.correct, cap);
      c.sum = grow(c.sum, cap);
      if (c.values) c.values = grow(c.values, cap * this.n, NaN);
    }
    this.cap = cap;
  }

  get size(): number {
    return this.ids.length;
  }

  private problem(id: string): number {
    let p = this.index.get(id);
    if (p !== undefined) return p;
    p = this.ids.length;
    this.ids.push(id);
    this.index.set(id, p);
    if (p >= this.cap) this.reserve(Math.max(64, this.cap * 2));
    this.minSample[p] = 0x7fffffff;
    return p;
  }

  /** Equal label sets share one object: a 100k-problem run has a handful of distinct ones. */
  private internGroups(g: Record<string, string>): Record<string, string> {
    let key = '';
    for (const k in g) key += `${k}\u0000${g[k]}\u0001`;
    const hit = this.groupObjects.get(key);
    if (hit) return hit;
    if (this.groupObjects.size < 10_000) this.groupObjects.set(key, g);
    return g;
  }

  /** Fold one record (the current one of its (id, sample): callers deduplicate). */
  add(r: SampleRecord): void {
    if (!(r.sample < this.n)) return;
    const p = this.problem(r.id);
    this.records[p]! += 1;
    if (r.groups) for (const k in r.groups) this.groupKeys.add(k);
    // Labels of the lowest sample index, whatever order records come in.
    if (r.sample < this.minSample[p]!) {
      this.minSample[p] = r.sample;
      this.groups[p] = r.groups ? this.internGroups(r.groups) : undefined;
    }
    if (r.error !== null) {
      this.errors[p]! += 1;
      return;
    }
    const scores = r.scores;
    if (!scores) return;
    let tally: number[] | undefined;
    const vote = this.voting > 0 && r.vote !== null && r.vote !== undefined ? r.vote : null;
    for (const c of this.columns) {
      const v = scores[c.spec.key];
      if (typeof v !== 'number') continue;
      c.count[p]! += 1;
      if (v >= 1) c.correct[p]! += 1;
      if (c.values) c.values[p * this.n + r.sample] = v;
      else c.sum[p]! += v;
      if (vote !== null && c.vote >= 0) {
        tally ??= this.tally(p, vote);
        const at = c.vote * 3;
        tally[at]! += 1;
        if (r.sample < tally[at + 1]!) {
          tally[at + 1] = r.sample;
          tally[at + 2] = v;
        }
      }
    }
  }

  private tally(p: number, vote: string): number[] {
    let m = this.votes[p];
    if (!m) this.votes[p] = m = new Map();
    let t = m.get(vote);
    if (!t) {
      t = [];
      for (let i = 0; i < this.voting; i++) t.push(0, Infinity, 0);
      m.set(vote, t);
    }
    return t;
  }

  /** Problem indices in id order. */
  order(): number[] {
    const idx = Array.from(this.ids, (_, i) => i);
    return idx.sort((a, b) => compareIds(this.ids[a]!, this.ids[b]!));
  }

  recordCount(p: number): number {
    return this.records[p]!;
  }

  errorCount(p: number): number {
    return this.errors[p]!;
  }

  /** The group labels of a problem's lowest sample. */
  groupsOf(p: number): Record<string, string> | undefined {
    return this.groups[p];
  }

  indexOf(id: string): number | undefined {
    return this.index.get(id);
  }

  /** A problem's mean of one metric (null: no scored sample), summed in sample order. */
  private mean(c: MetricColumns, p: number): number | null {
    const count = c.count[p]!;
    if (count === 0) return null;
    if (!c.values) return c.sum[p]! / count;
    let sum = 0;
    for (let s = p * this.n, end = s + this.n; s < end; s++) {
      const v = c.values[s]!;
      if (!Number.isNaN(v)) sum += v;
    }
    return sum / count;
  }

  /** maj@n of a problem: the score of the most common vote, ties to the earliest first sample (scorers/aggregate.ts majorityVote). */
  private majority(c: MetricColumns, p: number): number | null {
    const m = this.votes[p];
    if (!m || c.vote < 0) return null;
    const at = c.vote * 3;
    let best: number[] | null = null;
    for (const t of m.values()) {
      if (t[at] === 0) continue;
      if (best === null || t[at]! > best[at]! || (t[at] === best[at] && t[at + 1]! < best[at + 1]!)) best = t;
    }
    return best === null ? null : best[at + 2]!;
  }

  /**
   * Per-problem values of every metric (mean, pass@k for binary metrics, maj@n for n > 1), over
   * the given problems (default all, in id order). `meansOnly` skips pass@k and maj@n.
   */
  perProblemValues(ks: readonly number[], problems: readonly number[] = this.order(), meansOnly = false): Map<string, PerProblemMetric> {
    const out = new Map<string, PerProblemMetric>();
    const byId = new Map<Float64Array, Map<string, number>>();
    for (const [key, l] of this.perProblemLists(ks, problems, meansOnly)) {
      // pass@1 shares the mean's lists: one Map for both.
      let values = byId.get(l.values);
      if (!values) {
        values = new Map();
        for (let i = 0; i < l.values.length; i++) values.set(this.ids[l.problems[i]!]!, l.values[i]!);
        byId.set(l.values, values);
      }
      out.set(key, { spec: l.spec, kind: l.kind, values, undefinedProblems: l.undefinedProblems });
    }
    return out;
  }

  /**
   * perProblemValues as parallel typed arrays (problem indices, values) in the given order: what a
   * summary needs, without a Map per metric keyed by id or arrays grown by doubling (at 100k
   * problems those were the largest allocations of a run's last second, its peak RSS).
   */
  perProblemLists(ks: readonly number[], problems: readonly number[] = this.order(), meansOnly = false): Map<string, PerProblemList> {
    const out = new Map<string, PerProblemList>();
    const size = problems.length;
    const list = () => new ListBuilder(size);
    for (const c of this.columns) {
      const spec = c.spec;
      const mean = list();
      const extra = spec.binary && !meansOnly;
      // Only the lists this metric fills (pass@1 shares the mean's; maj@n needs n > 1).
      const pass = new Map(extra ? ks.filter((k) => k !== 1).map((k) => [k, list()]) : []);
      const undefinedK = new Map<number, number>(ks.map((k) => [k, 0]));
      const maj = extra && this.n > 1 ? list() : null;
      for (const p of problems) {
        const m = this.mean(c, p);
        if (m === null) continue;
        mean.push(p, m);
        if (!extra) continue;
        for (const k of ks) {
          if (k === 1) continue; // pass@1 = c/n = the mean: shares its lists below
          const v = passAtK(c.count[p]!, c.correct[p]!, k);
          if (v === null) undefinedK.set(k, (undefinedK.get(k) ?? 0) + 1);
          else pass.get(k)!.push(p, v);
        }
        if (this.n > 1) {
          const v = this.majority(c, p);
          if (v !== null) maj!.push(p, v);
        }
      }
      const meanLists = mean.done();
      out.set(spec.key, { spec, kind: 'mean', ...meanLists, undefinedProblems: 0 });
      if (!extra) continue;
      for (const k of ks) {
        // pass@1 equals the mean; still listed when asked for, as papers report it by that name.
        out.set(`${spec.key}/pass@${k}`, { spec, kind: `pass@${k}`, ...(k === 1 ? meanLists : pass.get(k)!.done()), undefinedProblems: undefinedK.get(k) ?? 0 });
      }
      if (maj && maj.length > 0) out.set(`${spec.key}/maj@${this.n}`, { spec, kind: `maj@${this.n}`, ...maj.done(), undefinedProblems: 0 });
    }
    return out;
  }
}
