// Terminal tables that fit a width (120 columns by default, the house rule) without wrapping:
// headers get their abbreviation (explained in a legend line below the table), then cuttable
// cells are cut with … (never the columns that identify a row, such as model names). What still
// does not fit is the caller's to move out (split a table, drop CI columns) — `fits` tells it.
import Table from 'cli-table3';

export const TABLE_WIDTH = 120;

/** Per-column fitting hints; every field optional, indexes follow the headers. */
export interface ColumnHints {
  /** A shorter header, used when the table is too wide; the legend explains it. */
  short?: Array<string | undefined>;
  /** Cells of this column may be cut to this width (undefined: never cut, e.g. model names). */
  min?: Array<number | undefined>;
  /** Cut these columns' cells at the start, keeping the end (paths: `…/2025-06-01/m-spider`). */
  keepEnd?: boolean[];
}

/** Terminal cells: east Asian wide characters and emoji take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x300 && c < 0x370) || c === 0xfe0f || c === 0x200d) continue;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1faff) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/** Cut to a display width with a trailing … (or a leading one, keeping the end). */
export function cut(s: string, width: number, keepEnd = false): string {
  if (displayWidth(s) <= width) return s;
  if (keepEnd) return `…${[...cut([...s].reverse().join(''), width).slice(0, -1)].reverse().join('')}`;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** The printed width of a box table whose columns hold `widths` characters (1 space padding each side). */
export function boxWidth(widths: readonly number[]): number {
  return widths.reduce((a, w) => a + w + 3, 1);
}

export interface Fitted {
  headers: string[];
  rows: string[][];
  widths: number[];
  /** `abbr = full header` pairs for the legend line. */
  legend: string[];
  fits: boolean;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' · ');

/** Abbreviate headers, then cut cuttable cells (widest first), until the table fits `width`. */
export function fitTable(headers: readonly string[], rows: readonly string[][], hints: ColumnHints = {}, width = TABLE_WIDTH): Fitted {
  const body = rows.map((r) => headers.map((_, i) => oneLine(r[i] ?? '')));
  const natural = (hs: readonly string[]) => hs.map((h, i) => Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i]!))));
  let heads = [...headers];
  let widths = natural(heads);
  const legend: string[] = [];
  if (boxWidth(widths) > width && hints.short?.some((s) => s !== undefined)) {
    heads = headers.map((h, i) => hints.short?.[i] ?? h);
    headers.forEach((h, i) => {
      const s = hints.short?.[i];
      if (s !== undefined && s !== h) legend.push(`${s} = ${h}`);
    });
    widths = natural(heads);
  }
  // Cut the widest cuttable column by one until it fits or nothing can be cut further.
  let excess = boxWidth(widths) - width;
  while (excess > 0) {
    let pick = -1;
    widths.forEach((w, i) => {
      const min = Math.max(hints.min?.[i] ?? Infinity, displayWidth(heads[i]!));
      if (w > min && (pick < 0 || w > widths[pick]!)) pick = i;
    });
    if (pick < 0) break;
    const min = Math.max(hints.min?.[pick] ?? Infinity, displayWidth(heads[pick]!));
    const step = Math.min(excess, widths[pick]! - min, Math.max(1, widths[pick]! - Math.max(min, ...widths.filter((_, i) => i !== pick))));
    widths[pick]! -= step;
    excess -= step;
  }
  const cutRows = body.map((r) => r.map((c, i) => cut(c, widths[i]!, hints.keepEnd?.[i] ?? false)));
  return { headers: heads, rows: cutRows, widths, legend, fits: boxWidth(widths) <= width };
}

/** A box table of exactly these column widths; no lines between rows, nothing wraps. */
export function renderBox(headers: readonly string[], rows: readonly string[][], widths: readonly number[]): string {
  const table = new Table({
    head: [...headers],
    colWidths: widths.map((w) => w + 2),
    wordWrap: false,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of rows) table.push([...r]);
  return table.toString();
}

/** Fit and render; the legend (if any) follows the table on lines of at most `width`. */
export function renderFitted(headers: readonly string[], rows: readonly string[][], hints: ColumnHints = {}, opts: { width?: number; wide?: boolean } = {}): string {
  const width = opts.wide ? Infinity : (opts.width ?? TABLE_WIDTH);
  const f = fitTable(headers, rows, hints, width);
  const out = [renderBox(f.headers, f.rows, f.widths)];
  if (f.legend.length) out.push(...wrapText(`abbreviations: ${f.legend.join(' · ')}`, opts.width ?? TABLE_WIDTH));
  return out.join('\n');
}

/** Word-wrap prose (not tables) to `width`, continuation lines indented. */
export function wrapText(text: string, width = TABLE_WIDTH, indent = '  '): string[] {
  const lines: string[] = [];
  const lead = /^ */.exec(text)![0];
  let line = lead;
  for (const word of text.slice(lead.length).split(/ +/)) {
    const candidate = line.trim() === '' ? `${line}${word}` : `${line} ${word}`;
    if (line.trim() !== '' && displayWidth(candidate) > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = candidate;
  }
  if (line.trim() !== '') lines.push(line);
  return lines.map((l) => (displayWidth(l) > width ? cut(l, width) : l));
}
