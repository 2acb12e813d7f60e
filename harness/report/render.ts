// One tabular model, four renderings: terminal table (fitted to 120 columns, fit.ts), Markdown,
// CSV (csv-stringify), JSON.
import { stringify } from 'csv-stringify/sync';
import { renderFitted, type ColumnHints } from './fit.js';

export type TableFormat = 'table' | 'md' | 'csv';

export interface Tabular {
  headers: string[];
  rows: string[][];
  /** How the terminal rendering may shorten this table to fit (Markdown and CSV keep everything). */
  hints?: ColumnHints;
}

export interface RenderOptions {
  /** No fitting: full headers, nothing cut (`--wide`). */
  wide?: boolean;
  width?: number;
}

export function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdown(t: Tabular): string {
  const head = `| ${t.headers.map(mdEscape).join(' | ')} |`;
  const sep = `| ${t.headers.map(() => '---').join(' | ')} |`;
  const body = t.rows.map((r) => `| ${r.map(mdEscape).join(' | ')} |`);
  return [head, sep, ...body].join('\n');
}

export function renderTabular(t: Tabular, format: TableFormat, opts: RenderOptions = {}): string {
  if (format === 'csv') return stringify([t.headers, ...t.rows]);
  if (format === 'md') return renderMarkdown(t);
  return renderFitted(t.headers, t.rows, t.hints, opts);
}

/**
 * Decimals by display scale, the same in every table: a scaled metric is shown as a percentage
 * (binary ×100, a 0–10 judge score ×10 → 64.4, 80.0), an unscaled one as is (0.912, 1.720).
 */
export function digitsFor(scale: number): number {
  return scale >= 10 ? 1 : 3;
}

/** `64.4 [61.2, 67.5]` on the metric's display scale. */
export function formatWithCi(value: number, low: number, high: number, scale: number): string {
  const digits = digitsFor(scale);
  const f = (x: number) => (x * scale).toFixed(digits);
  if (!Number.isFinite(value)) return '–';
  return `${f(value)} [${f(low)}, ${f(high)}]`;
}

export function formatValue(value: number, scale: number): string {
  if (!Number.isFinite(value)) return '–';
  return (value * scale).toFixed(digitsFor(scale));
}
