// Loading Spider- and BIRD-format question files into samples. Every bad record (schema error,
// duplicate id, missing database) becomes a DataIssue naming the file and the position, and the
// rest of the file still loads.
//
// Problem ids: BIRD's own `question_id`; Spider has no id field, so the 0-based position of the
// record in the questions file (counting every record, valid or not, so ids do not shift when an
// earlier record is malformed).
import { loadRecords } from '../../harness/datasets/records.js';
import { spiderHardness } from './hardness.js';
import type { DataIssue, Sample } from '../../harness/types.js';
import { abs, dbRel, suiteDbRels, type FileProbe, type Flavor, type Layout } from './layout.js';

export interface SqlSample extends Sample {
  dbId: string;
  question: string;
  /** BIRD's external-knowledge hint; '' when the dataset has none (Spider). */
  evidence: string;
  goldSql: string;
  /** `<db dir>/<db_id>/<db_id>.sqlite` (absolute). */
  dbPath: string;
  /** Every `.sqlite` file of the database folder, `dbPath` first (Spider test-suite evaluation). */
  suiteDbPaths: string[];
  /** Where the record sits, for issues raised later (a failing gold query). */
  file: string;
  where: string;
}

/** Spider's question format (dev.json / train_spider.json); other fields are ignored. */
export const SPIDER_SCHEMA = {
  type: 'object',
  required: ['db_id', 'question', 'query'],
  properties: {
    db_id: { type: 'string', minLength: 1 },
    question: { type: 'string', minLength: 1 },
    query: { type: 'string', minLength: 1 },
    // Not in the official release; a local id some copies carry (a replay alias, not the problem id).
    id: { type: ['string', 'integer'] },
    // Not in the official release; some derived copies carry a hardness label. The official
    // dev.json carries the parsed `sql`, from which the hardness is computed (hardness.ts).
    hardness: { type: 'string' },
    difficulty: { type: 'string' },
  },
} as const;

/** BIRD's question format (dev.json, mini_dev_sqlite.json); train has no `difficulty`. */
export const BIRD_SCHEMA = {
  type: 'object',
  required: ['question_id', 'db_id', 'question', 'SQL'],
  properties: {
    question_id: { type: ['integer', 'string'] },
    db_id: { type: 'string', minLength: 1 },
    question: { type: 'string', minLength: 1 },
    evidence: { type: 'string' },
    SQL: { type: 'string', minLength: 1 },
    difficulty: { type: 'string' },
  },
} as const;

interface SpiderRecord {
  id?: string | number;
  db_id: string;
  question: string;
  query: string;
  hardness?: string;
  difficulty?: string;
  /** The parsed SQL of the official release (process_sql.get_sql). */
  sql?: unknown;
}

interface BirdRecord {
  question_id: number | string;
  db_id: string;
  question: string;
  evidence?: string;
  SQL: string;
  difficulty?: string;
}

interface Normalised {
  id: string;
  /** A copy's own `id` field (not in the official release), accepted by replay files. */
  alias?: string;
  dbId: string;
  question: string;
  evidence: string;
  goldSql: string;
  difficulty: string | null;
}

export interface LoadedQuestions {
  samples: SqlSample[];
  issues: DataIssue[];
}

async function loadNormalised(flavor: Flavor, file: string): Promise<{ rows: Array<Normalised & { where: string }>; issues: DataIssue[] }> {
  if (flavor === 'spider') {
    const { records, issues } = await loadRecords<SpiderRecord>(file, SPIDER_SCHEMA);
    const rows = records.map(({ value: r, where, index }) => ({
      id: String(index),
      ...(r.id !== undefined ? { alias: String(r.id) } : {}),
      dbId: r.db_id,
      question: r.question,
      evidence: '',
      goldSql: r.query,
      difficulty: r.hardness ?? r.difficulty ?? spiderHardness(r.sql),
      where,
    }));
    return { rows, issues };
  }
  const { records, issues } = await loadRecords<BirdRecord>(file, BIRD_SCHEMA);
  const rows = records.map(({ value: r, where }) => ({
    id: String(r.question_id),
    dbId: r.db_id,
    question: r.question,
    evidence: r.evidence ?? '',
    goldSql: r.SQL,
    difficulty: r.difficulty ?? null,
    where,
  }));
  return { rows, issues };
}

/** Load and validate the questions of a layout; drop (and report) duplicates and records whose database is missing. */
export async function loadQuestions(layout: Layout, probe: FileProbe): Promise<LoadedQuestions> {
  const file = abs(layout, layout.questionsRel);
  const { rows, issues } = await loadNormalised(layout.flavor, file);
  const samples: SqlSample[] = [];
  const firstSeen = new Map<string, string>();
  const dbExists = new Map<string, boolean>();
  for (const r of rows) {
    const prior = firstSeen.get(r.id);
    if (prior !== undefined) {
      issues.push({ file, where: r.where, id: r.id, message: `duplicate question_id ${r.id} (first at ${prior}); record skipped` });
      continue;
    }
    firstSeen.set(r.id, r.where);
    const rel = dbRel(layout, r.dbId);
    const dbPath = abs(layout, rel);
    let exists = dbExists.get(r.dbId);
    if (exists === undefined) {
      exists = probe.isFile(rel);
      dbExists.set(r.dbId, exists);
    }
    if (!exists) {
      issues.push({ file, where: r.where, id: r.id, message: `missing database "${r.dbId}": ${dbPath} not found` });
      continue;
    }
    samples.push({
      id: r.id,
      ...(r.alias !== undefined && r.alias !== r.id ? { aliases: [r.alias] } : {}),
      ...(r.difficulty !== null ? { groups: { difficulty: r.difficulty } } : {}),
      dbId: r.dbId,
      question: r.question,
      evidence: r.evidence,
      goldSql: r.goldSql,
      dbPath,
      suiteDbPaths: suiteDbRels(layout, probe, r.dbId).map((f) => abs(layout, f)),
      file,
      where: r.where,
    });
  }
  return { samples, issues };
}
