// Did a run score what it was asked to? One rule for every command that produces or judges a run
// (run, suite, merge, rescore, rejudge, compare), so a workflow reads the same answer everywhere.
// Unscored work is error records, samples never recorded (missing: an interrupted run, a shard
// that never ran) and dataset rows dropped as data issues (each counts as one problem × n samples),
// out of everything the run should have scored.
import type { Summary } from './summarize.js';

export const DEFAULT_MAX_ERROR_RATE = 0.05;

export type HealthStatus = 'ok' | 'partial' | 'failed';

export interface RunHealth {
  status: HealthStatus;
  /** Samples the run should have scored, dropped data rows included. */
  expected: number;
  scored: number;
  /** Error records + missing samples + dropped rows × n. */
  unscored: number;
  /** unscored / expected (1 when nothing was expected). */
  rate: number;
  /** One line for logs and PR comments, e.g. `12 of 200 samples unscored (6.0% > 5.0%)`. */
  message: string;
}

type Counts = Pick<Summary['counts'], 'samples_expected' | 'scored' | 'errors' | 'missing' | 'data_issues'>;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function runHealth(counts: Counts, n: number, maxErrorRate = DEFAULT_MAX_ERROR_RATE): RunHealth {
  const dropped = counts.data_issues * Math.max(1, n);
  const expected = counts.samples_expected + dropped;
  const unscored = counts.errors + counts.missing + dropped;
  const rate = expected > 0 ? unscored / expected : 1;
  const parts: string[] = [];
  if (counts.errors) parts.push(`${counts.errors} error record${counts.errors === 1 ? '' : 's'}`);
  if (counts.missing) parts.push(`${counts.missing} missing`);
  if (counts.data_issues) parts.push(`${counts.data_issues} data row${counts.data_issues === 1 ? '' : 's'} dropped`);
  const detail = parts.length ? ` (${parts.join(', ')})` : '';
  if (counts.scored === 0) {
    return { status: 'failed', expected, scored: 0, unscored, rate, message: `nothing was scored: ${unscored} of ${expected} samples unscored${detail}` };
  }
  if (rate > maxErrorRate) {
    return {
      status: 'failed', expected, scored: counts.scored, unscored, rate,
      message: `${unscored} of ${expected} samples unscored${detail}: ${pct(rate)} > --max-error-rate ${pct(maxErrorRate)}`,
    };
  }
  if (unscored > 0) {
    return { status: 'partial', expected, scored: counts.scored, unscored, rate, message: `${unscored} of ${expected} samples unscored${detail}: ${pct(rate)}, within --max-error-rate ${pct(maxErrorRate)}` };
  }
  return { status: 'ok', expected, scored: counts.scored, unscored: 0, rate: 0, message: `all ${expected} samples scored` };
}

/** A summary's health. */
export function summaryHealth(s: Pick<Summary, 'counts' | 'n'>, maxErrorRate = DEFAULT_MAX_ERROR_RATE): RunHealth {
  return runHealth(s.counts, s.n, maxErrorRate);
}
