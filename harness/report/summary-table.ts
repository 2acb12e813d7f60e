// A run's summary as a small table: each metric with its 95% CI, plus counts.
import type { Summary } from '../summary/summarize.js';
import { formatWithCi, type Tabular } from './render.js';

export function summaryTable(s: Summary): Tabular {
  // pass@1 is the mean itself; summary.json keeps it, the printed table does not repeat it.
  const rows = Object.entries(s.metrics)
    .filter(([, m]) => m.kind !== 'pass@1')
    .map(([key, m]) => [m.label, formatWithCi(m.value, m.ci_low, m.ci_high, m.scale), String(m.n), key]);
  for (const [gk, groups] of Object.entries(s.breakdowns)) {
    for (const [gv, g] of Object.entries(groups)) {
      for (const [key, m] of Object.entries(g.metrics)) {
        if (m.primary) rows.push([`${m.label} · ${gk}=${gv}`, formatWithCi(m.value, m.ci_low, m.ci_high, m.scale), String(m.n), key]);
      }
    }
  }
  // The benchmark's own scalar aggregates (e.g. searches per question); nested ones stay in summary.json.
  for (const [key, v] of Object.entries(s.extra)) {
    if (typeof v === 'number') rows.push([key.replace(/_/g, ' '), Number.isInteger(v) ? String(v) : v.toFixed(3), '', `extra.${key}`]);
  }
  rows.push(['samples scored / expected', `${s.counts.scored} / ${s.counts.samples_expected}`, '', '']);
  rows.push(['errors · data issues', `${s.counts.errors} · ${s.counts.data_issues}`, '', '']);
  return { headers: ['metric', 'value [95% CI]', 'problems', 'key'], rows, hints: { min: [24, undefined, undefined, 12] } };
}
