// A schema-only SQLite file (empty tables) built from a Spider/BIRD tables.json entry: lets
// loader and prompt tests run on schemas whose databases are not available (BIRD's).
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

export function schemaOnlyDb(tablesJson: string, dbId: string, out: string): void {
  const entries = JSON.parse(readFileSync(tablesJson, 'utf8')) as Array<{
    db_id: string; table_names_original: string[]; column_names_original: Array<[number, string]>; column_types: string[];
  }>;
  const e = entries.find((x) => x.db_id === dbId)!;
  const db = new Database(out);
  e.table_names_original.forEach((t, ti) => {
    const cols = e.column_names_original.map((c, ci) => ({ t: c[0], name: c[1], type: e.column_types[ci] })).filter((c) => c.t === ti);
    db.exec(`CREATE TABLE "${t}" (${cols.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
  });
  db.close();
}
