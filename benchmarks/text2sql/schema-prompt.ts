// The schema part of the prompt: each table's real `CREATE TABLE` text from the database's
// `sqlite_master` (as BIRD's baseline does: DAMO-ConvAI bird/llm/src/gpt_request.py,
// generate_schema_prompt), optionally followed by N example rows in the same
// `/* N example rows: SELECT * FROM t LIMIT N; … */` block, and optionally BIRD's column
// descriptions from `database_description/<table>.csv`.
// Schema reading is trusted and read-only, so it opens the file directly (not through the
// sandboxed executor that runs model SQL).
import Database from 'better-sqlite3';
import { formatDescriptions, readDescriptions, type ColumnDescription } from './descriptions.js';

export interface SchemaPromptOptions {
  /** Example rows per table (0 = none, as in BIRD's baseline prompt). */
  sampleRows: number;
  /** BIRD `database_description/` folder, to append column descriptions; null = none. */
  descriptionsDir?: string | null;
}

export interface TableDdl {
  name: string;
  sql: string;
}

const MAX_CELL_CHARS = 80;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The `CREATE TABLE` statements, in creation order; SQLite's internal tables (sqlite_sequence…) are left out. */
export function readTableDdl(db: Database.Database): TableDdl[] {
  const rows = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql IS NOT NULL ORDER BY rowid")
    .all() as Array<{ name: string; sql: string }>;
  return rows.map((r) => ({ name: r.name, sql: r.sql.trim() }));
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (Buffer.isBuffer(v)) return `<blob ${v.length} bytes>`;
  const s = String(v).replace(/\s+/g, ' ');
  return s.length > MAX_CELL_CHARS ? `${s.slice(0, MAX_CELL_CHARS)}…` : s;
}

/** Right-aligned columns, header first (the layout of BIRD's `nice_look_table`). */
export function formatRows(columns: readonly string[], rows: readonly unknown[][]): string {
  const text = rows.map((r) => columns.map((_, i) => cell(r[i])));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join(' ');
  return [line(columns), ...text.map(line)].join('\n');
}

function exampleRows(db: Database.Database, table: string, n: number): string {
  const stmt = db.prepare(`SELECT * FROM ${quoteIdent(table)} LIMIT ${n}`);
  const columns = stmt.columns().map((c) => c.name);
  const rows = stmt.raw(true).all() as unknown[][];
  return `/*\n${n} example rows:\nSELECT * FROM ${quoteIdent(table)} LIMIT ${n};\n${formatRows(columns, rows)}\n*/`;
}

/** Build the schema text of one database. */
export function buildSchemaPrompt(dbPath: string, opts: SchemaPromptOptions): string {
  const descriptions: Map<string, ColumnDescription[]> = opts.descriptionsDir ? readDescriptions(opts.descriptionsDir) : new Map();
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return readTableDdl(db)
      .map((t) => {
        const parts = [t.sql];
        const desc = descriptions.get(t.name.toLowerCase());
        if (desc && desc.length > 0) parts.push(formatDescriptions(t.name, desc));
        if (opts.sampleRows > 0) parts.push(exampleRows(db, t.name, opts.sampleRows));
        return parts.join('\n');
      })
      .join('\n\n');
  } finally {
    db.close();
  }
}

/** Schema texts per database path, built once per run (prompts are built synchronously per sample). */
export class SchemaCache {
  private readonly texts = new Map<string, string>();
  constructor(private readonly opts: (dbPath: string) => SchemaPromptOptions) {}

  get(dbPath: string): string {
    let t = this.texts.get(dbPath);
    if (t === undefined) {
      t = buildSchemaPrompt(dbPath, this.opts(dbPath));
      this.texts.set(dbPath, t);
    }
    return t;
  }
}
