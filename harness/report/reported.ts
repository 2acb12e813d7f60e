// results/reported/*.json: the numbers papers report, validated against results/reported/schema.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describeAjvErrors } from '../datasets/records.js';
import { assetPath } from '../paths.js';

export interface ReportedEntry {
  benchmark: string;
  model: string;
  metric: string;
  value: number;
  split?: string;
  setting?: Record<string, string | number | boolean | null>;
  source: { paper: string; arxiv?: string; url?: string; where: string };
  note?: string;
  /** The file it came from. */
  file: string;
}

export function reportedDir(): string {
  return assetPath('results', 'reported');
}

/** Every reported entry; a file that breaks the schema is an error naming the file and field. */
export function loadReported(dir = reportedDir()): ReportedEntry[] {
  if (!existsSync(dir)) return [];
  const schema = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const out: ReportedEntry[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || name === 'schema.json') continue;
    const file = join(dir, name);
    const data = JSON.parse(readFileSync(file, 'utf8')) as { entries: Omit<ReportedEntry, 'file'>[] };
    if (!validate(data)) throw new Error(`${file}: ${describeAjvErrors(validate.errors)}`);
    for (const e of data.entries) out.push({ ...e, file: name });
  }
  return out;
}
