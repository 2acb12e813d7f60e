// One tabular model, four renderings: terminal table (cli-table3), Markdown, CSV (csv-stringify), JSON.
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';

export type TableFormat = 'table' | 'md' | 'csv';

export interface Tabular {
  headers: string[];
  rows: string[][];
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

export function renderTabular(t: Tabular, format: TableFormat): string {
  if (format === 'csv') return stringify([t.headers, ...t.rows]);
  if (format === 'md') return renderMarkdown(t);
  // Wrap long cells so a table fits a terminal instead of running off to the right.
  const width = Math.max(60, process.stdout.columns ?? 160);
  const natural = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => Math.max(...(r[i] ?? '').split('\n').map((l) => l.length)))) + 2);
  const total = natural.reduce((a, b) => a + b, 0) + natural.length + 1;
  const cap = total > width ? Math.max(12, Math.floor((width - natural.length - 1) / natural.length)) : Infinity;
  const colWidths = natural.map((w) => Math.min(w, Math.max(cap, Math.min(w, 14))));
  const table = new Table({ head: t.headers, style: { head: [], border: [] }, colWidths, wordWrap: true, wrapOnWordBoundary: true });
  for (const r of t.rows) table.push(r);
  return table.toString();
}

/** `64.4 [61.2, 67.5]` on the metric's display scale. */
export function formatWithCi(value: number, low: number, high: number, scale: number): string {
  const digits = scale === 100 ? 1 : 3;
  const f = (x: number) => (x * scale).toFixed(digits);
  if (!Number.isFinite(value)) return '–';
  return `${f(value)} [${f(low)}, ${f(high)}]`;
}

export function formatValue(value: number, scale: number): string {
  if (!Number.isFinite(value)) return '–';
  return (value * scale).toFixed(scale === 100 ? 1 : 3);
}
