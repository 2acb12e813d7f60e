// BIRD's per-table column descriptions: `database_description/<table>.csv` with the header
// `original_column_name, column_name, column_description, data_format, value_description`.
// The official files mix encodings (most UTF-8, a few Windows-1252) and line endings, and values
// span lines inside quotes, so they are parsed here with a small RFC 4180 reader.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ColumnDescription {
  column: string;
  name: string;
  description: string;
  format: string;
  values: string;
}

/** RFC 4180: comma-separated, `"` quotes, `""` escapes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

function decode(buf: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = new TextDecoder('windows-1252').decode(buf);
  }
  return text.replace(/^\uFEFF/, '');
}

const clean = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

export function readDescriptionCsv(path: string): ColumnDescription[] {
  const rows = parseCsv(decode(readFileSync(path)));
  const header = (rows[0] ?? []).map((h) => clean(h).toLowerCase());
  const col = (name: string, fallback: number): number => {
    const i = header.indexOf(name);
    return i >= 0 ? i : fallback;
  };
  const [iCol, iName, iDesc, iFmt, iVal] = [
    col('original_column_name', 0),
    col('column_name', 1),
    col('column_description', 2),
    col('data_format', 3),
    col('value_description', 4),
  ];
  return rows.slice(1).map((r) => ({
    column: clean(r[iCol]),
    name: clean(r[iName]),
    description: clean(r[iDesc]),
    format: clean(r[iFmt]),
    values: clean(r[iVal]),
  })).filter((d) => d.column !== '');
}

/** Descriptions of every table of a database, keyed by lower-cased table name (the CSV file name). */
export function readDescriptions(dir: string): Map<string, ColumnDescription[]> {
  const out = new Map<string, ColumnDescription[]>();
  for (const f of readdirSync(dir).sort()) {
    if (!f.toLowerCase().endsWith('.csv')) continue;
    out.set(f.slice(0, -4).toLowerCase(), readDescriptionCsv(join(dir, f)));
  }
  return out;
}

/** SQL comment lines, one per described column, e.g. `--   full_name (full name): the full name … Values: …`. */
export function formatDescriptions(table: string, cols: readonly ColumnDescription[]): string {
  if (cols.length === 0) return '';
  const lines = cols.map((d) => {
    const label = d.name && d.name.toLowerCase() !== d.column.toLowerCase() ? `${d.column} (${d.name})` : d.column;
    const parts = [d.description || '(no description)'];
    if (d.values) parts.push(`Values: ${d.values}`);
    return `--   ${label}: ${parts.join(' ')}`;
  });
  return [`-- Column descriptions for ${table}:`, ...lines].join('\n');
}
