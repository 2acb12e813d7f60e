// Rendering a comparison: a terminal table, or a Markdown body ready to post as a PR comment
// (within GitHub's 65,536-character comment limit; long flip lists collapse into <details>).
import type { Comparison, MetricDelta } from './compare.js';
import { formatValue, renderMarkdown, renderTabular, type RenderOptions, type Tabular } from './render.js';
import { TABLE_WIDTH, wrapText } from './fit.js';

export const GITHUB_COMMENT_LIMIT = 65_536;

function sign(x: number, scale: number): string {
  const s = formatValue(x, scale);
  return x > 0 ? `+${s}` : s;
}

function mark(m: MetricDelta): string {
  if (m.significance === 'improved') return '🟢 improved';
  if (m.significance === 'regressed') return '🔴 regressed';
  return '⚪ n.s.';
}

export function comparisonTable(c: Comparison, emoji = true): Tabular {
  return {
    headers: ['metric', 'baseline', 'candidate', 'Δ', '95% CI of Δ', 'p', 'problems', ''],
    hints: { short: [undefined, 'base', 'cand', undefined, 'CI of Δ', undefined, 'probs', undefined], min: [12, undefined, undefined, undefined, undefined, undefined, undefined, undefined] },
    rows: c.metrics.map((m) => [
      m.label,
      formatValue(m.baseline, m.scale),
      formatValue(m.candidate, m.scale),
      sign(m.delta, m.scale),
      `[${sign(m.ci_low, m.scale)}, ${sign(m.ci_high, m.scale)}]`,
      m.p_value < 0.001 ? '<0.001' : m.p_value.toFixed(3),
      String(m.problems),
      emoji ? mark(m) : m.significance,
    ]),
  };
}

export function renderComparisonTable(c: Comparison, opts: RenderOptions = {}): string {
  const width = opts.wide ? Infinity : (opts.width ?? TABLE_WIDTH);
  // Prose lines wrap at spaces, so model names and ids stay whole.
  const prose = (text: string) => (Number.isFinite(width) ? wrapText(text, width) : [text]);
  const lines = [
    `${c.benchmark}: candidate vs baseline, ${c.common_problems} paired problems`,
    ...prose(`  candidate: ${c.candidate.model}`),
    ...prose(`  baseline:  ${c.baseline.model}`),
    renderTabular(comparisonTable(c, false), 'table', opts),
  ];
  if (c.flips) {
    lines.push(...prose(`fixed (${c.flips.fixed.length}): ${c.flips.fixed.join(', ') || '–'}`));
    lines.push(...prose(`regressed (${c.flips.regressed.length}): ${c.flips.regressed.join(', ') || '–'}`));
  }
  lines.push(...prose(errorLine(c)));
  if (c.errors.new_in_candidate.length) lines.push(...prose(`REGRESSION: ${c.errors.new_in_candidate.length} problem(s) scored in the baseline now end in errors: ${c.errors.new_in_candidate.slice(0, 20).join(', ')}`));
  for (const d of c.differences) lines.push(...prose(`warning: settings differ: ${d}`));
  return lines.join('\n');
}

function errorLine(c: Comparison): string {
  const e = c.errors;
  return `errors: baseline ${e.baseline.records} record(s), ${e.baseline.problems} problem(s) unscored · candidate ${e.candidate.records} record(s), ${e.candidate.problems} problem(s) unscored (error records are not in the metrics)`;
}

function idList(ids: string[], budget: number): string {
  const out: string[] = [];
  let used = 0;
  for (const id of ids) {
    const piece = `\`${id}\``;
    if (used + piece.length + 2 > budget) {
      out.push(`… and ${ids.length - out.length} more`);
      break;
    }
    out.push(piece);
    used += piece.length + 2;
  }
  return out.join(', ');
}

export function renderComparisonMarkdown(c: Comparison, limit = GITHUB_COMMENT_LIMIT): string {
  const regressed = c.metrics.filter((m) => m.significance === 'regressed');
  const improved = c.metrics.filter((m) => m.significance === 'improved');
  const newErrors = c.errors.new_in_candidate.length;
  const verdict = regressed.length || newErrors
    ? `🔴 **Regression** in ${[...regressed.map((m) => m.label), ...(newErrors ? [`${newErrors} problem(s) now ending in errors`] : [])].join(', ')}`
    : improved.length
      ? `🟢 Improved: ${improved.map((m) => m.label).join(', ')}; no significant regression`
      : '⚪ No significant change';
  const head = [
    `### agenteval · ${c.benchmark}: candidate vs baseline`,
    '',
    `**${verdict}** (95% CI of Δ from a paired bootstrap over ${c.common_problems} problems, seed ${c.seed})`,
    '',
    `- baseline: \`${c.baseline.model}\` (fingerprint \`${c.baseline.fingerprint}\`)`,
    `- candidate: \`${c.candidate.model}\` (fingerprint \`${c.candidate.fingerprint}\`)`,
  ];
  if (c.only_baseline || c.only_candidate) {
    head.push(`- unpaired problems left out: ${c.only_baseline} only in baseline, ${c.only_candidate} only in candidate`);
  }
  if (c.errors.baseline.records || c.errors.candidate.records) head.push(`- ${errorLine(c)}`);
  for (const d of c.differences) head.push(`- ⚠️ settings differ: ${d}`);
  head.push('', renderMarkdown(comparisonTable(c)), '');
  const body = head.join('\n');
  if (!c.flips) return body;
  // Whatever room the comment has left goes to the flip lists, split between the two.
  const room = Math.max(200, limit - body.length - 400);
  const section = (title: string, ids: string[]) =>
    ids.length === 0
      ? `**${title}:** none`
      : `<details><summary><b>${title}: ${ids.length}</b></summary>\n\n${idList(ids, Math.floor(room / 3))}\n\n</details>`;
  return [
    body,
    section(`Fixed (${c.flips.metric}: failed → solved)`, c.flips.fixed),
    '',
    section(`Regressed (${c.flips.metric}: solved → failed)`, c.flips.regressed),
    '',
    ...(newErrors ? [section('Now ending in errors (scored in the baseline)', c.errors.new_in_candidate), ''] : []),
  ].join('\n');
}
