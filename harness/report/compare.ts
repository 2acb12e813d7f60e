// Paired checkpoint comparison: per metric, baseline vs candidate over the problems both runs
// scored, Δ with a 95% CI from a paired bootstrap over problems (fixed seed), and the problems
// that flipped.
import { pairedBootstrap } from '../../scorers/stats.js';
import { currentRecords } from '../store/current-records.js';
import { ProblemFold } from '../summary/problems.js';
import type { LoadedRun } from './runs.js';
import { diffFingerprints } from '../store/manifest.js';
import { ConfigError } from '../errors.js';

export interface MetricDelta {
  key: string;
  label: string;
  scale: number;
  primary: boolean;
  lower_is_better: boolean;
  problems: number;
  baseline: number;
  candidate: number;
  delta: number;
  ci_low: number;
  ci_high: number;
  p_value: number;
  /** CI of Δ entirely on the good (improved) or bad (regressed) side of zero. */
  significance: 'improved' | 'regressed' | 'none';
}

export interface Comparison {
  benchmark: string;
  baseline: { model: string; dir: string; fingerprint: string };
  candidate: { model: string; dir: string; fingerprint: string };
  /** Settings that differ besides the model (a comparison across settings is flagged, not refused). */
  differences: string[];
  common_problems: number;
  only_baseline: number;
  only_candidate: number;
  metrics: MetricDelta[];
  /** For the primary binary metric: solved = per-problem mean ≥ 0.5. */
  flips: { metric: string; fixed: string[]; regressed: string[] } | null;
  /**
   * Error records never enter the paired metrics, so they are accounted for here: a candidate
   * must not pass the gate by failing with errors on problems the baseline scored.
   */
  errors: {
    baseline: { records: number; problems: number };
    candidate: { records: number; problems: number };
    /** Problems the baseline scored that have no scored sample in the candidate. */
    new_in_candidate: string[];
  };
  seed: number;
}

export async function compareRuns(base: LoadedRun, cand: LoadedRun, seed = 1234): Promise<Comparison> {
  if (base.manifest.benchmark !== cand.manifest.benchmark) {
    throw new ConfigError(`cannot compare ${base.manifest.benchmark} with ${cand.manifest.benchmark}: different benchmarks`);
  }
  const ignore = new Set(['model']);
  const differences = diffFingerprints(base.manifest.fingerprint_fields, cand.manifest.fingerprint_fields).filter(
    (d) => !ignore.has(d.split(/[ .]/)[0]!),
  );
  const ks = base.manifest.ks.filter((k) => cand.manifest.ks.includes(k));
  const n = Math.min(base.manifest.n, cand.manifest.n);
  const metrics = base.manifest.metrics;
  // Each run streamed into per-problem state (no record kept), over the samples both runs have.
  const load = async (run: LoadedRun) => {
    const fold = new ProblemFold(metrics, n, run.manifest.problems);
    for await (const r of currentRecords(run.dir, { accept: (_id, sample) => sample < n })) fold.add(r);
    return fold;
  };
  const [bp, cp] = await Promise.all([load(base), load(cand)]);
  const bv = bp.perProblemValues(ks);
  const cv = cp.perProblemValues(ks);

  const out: MetricDelta[] = [];
  for (const [key, b] of bv) {
    const c = cv.get(key);
    if (!c) continue;
    // At n = 1 pass@1 is the mean itself: one row, not two equal ones.
    if (b.kind === 'pass@1' && n === 1) continue;
    const ids = [...b.values.keys()].filter((id) => c.values.has(id));
    if (ids.length === 0) continue;
    const x = ids.map((id) => b.values.get(id)!);
    const y = ids.map((id) => c.values.get(id)!);
    const pb = pairedBootstrap(x, y, { seed });
    const lower = Boolean(b.spec.lowerIsBetter);
    const neutral = Boolean(b.spec.neutral);
    const good = !neutral && (lower ? pb.ci_high < 0 : pb.ci_low > 0);
    const bad = !neutral && (lower ? pb.ci_low > 0 : pb.ci_high < 0);
    out.push({
      key,
      label: b.kind === 'mean' ? b.spec.label : `${b.spec.label} ${b.kind}`,
      scale: b.spec.scale ?? (b.spec.binary ? 100 : 1),
      primary: b.kind === 'mean' && Boolean(b.spec.primary),
      lower_is_better: lower,
      problems: ids.length,
      baseline: x.reduce((a, v) => a + v, 0) / x.length,
      candidate: y.reduce((a, v) => a + v, 0) / y.length,
      delta: pb.delta,
      ci_low: pb.ci_low,
      ci_high: pb.ci_high,
      p_value: pb.p_value,
      significance: good ? 'improved' : bad ? 'regressed' : 'none',
    });
  }

  const primary = metrics.find((m) => m.primary && m.binary) ?? metrics.find((m) => m.binary);
  let flips: Comparison['flips'] = null;
  if (primary) {
    const b = bv.get(primary.key)!;
    const c = cv.get(primary.key)!;
    const fixed: string[] = [];
    const regressed: string[] = [];
    for (const [id, v] of b.values) {
      const w = c.values.get(id);
      if (w === undefined) continue;
      if (v < 0.5 && w >= 0.5) fixed.push(id);
      if (v >= 0.5 && w < 0.5) regressed.push(id);
    }
    flips = { metric: primary.key, fixed, regressed };
  }

  const errorsOf = (fold: ProblemFold) => {
    let records = 0;
    const unscored = new Set<string>();
    for (const p of fold.order()) {
      const errs = fold.errorCount(p);
      records += errs;
      if (errs === fold.recordCount(p)) unscored.add(fold.ids[p]!);
    }
    return { records, unscored };
  };
  const be = errorsOf(bp);
  const ce = errorsOf(cp);
  const newInCandidate = [...ce.unscored].filter((id) => bp.indexOf(id) !== undefined && !be.unscored.has(id));
  const paired = primary ? [...bv.get(primary.key)!.values.keys()].filter((id) => cv.get(primary.key)!.values.has(id)).length : 0;

  const bIds = new Set(bp.ids);
  const cIds = new Set(cp.ids);
  return {
    benchmark: base.manifest.benchmark,
    baseline: { model: base.manifest.model.spec, dir: base.dir, fingerprint: base.manifest.fingerprint },
    candidate: { model: cand.manifest.model.spec, dir: cand.dir, fingerprint: cand.manifest.fingerprint },
    differences,
    // Problems scored in both runs (on the primary metric): what the paired bootstrap pairs.
    common_problems: primary ? paired : [...bIds].filter((id) => cIds.has(id)).length,
    only_baseline: [...bIds].filter((id) => !cIds.has(id)).length,
    only_candidate: [...cIds].filter((id) => !bIds.has(id)).length,
    metrics: out,
    flips,
    errors: {
      baseline: { records: be.records, problems: be.unscored.size },
      candidate: { records: ce.records, problems: ce.unscored.size },
      new_in_candidate: newInCandidate,
    },
    seed,
  };
}

/** The gate of `--fail-on-regression`: a metric's Δ CI wholly on the worse side, or problems that newly end in errors. */
export function hasRegression(c: Comparison): boolean {
  return c.metrics.some((m) => m.significance === 'regressed') || c.errors.new_in_candidate.length > 0;
}
