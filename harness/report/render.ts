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
  const table = new Table({ head: t.headers, style: { head: [], border: [] } });
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
