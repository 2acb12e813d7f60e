// Opening a Spider/BIRD run: data → samples (bad records, missing databases and failing gold
// queries become DataIssues and the run goes on) → schema prompts → solver → scorer.
import { relative } from 'node:path';
import type { BenchmarkSession, DataIssue, MetricSpec, OpenOptions } from '../../harness/types.js';
import { openText2SqlData } from './data.js';
import { SqlExecutorPool } from './executor.js';
import { GoldCache } from './gold-cache.js';
import { abs, descriptionDirRel, type Flavor } from './layout.js';
import type { SqlSample } from './load.js';
import { parseOptions, settingsJson, type Text2SqlSettings } from './options.js';
import { SchemaCache } from './schema-prompt.js';
import { dbsFor, goldSqlFor, scoreOutput } from './scoring.js';
import { makeSolver, mtirPrompt, singlePrompt } from './solvers.js';

/**
 * Row cap for scored executions (pred and gold). A capped result never matches (sql-results.ts),
 * so a gold above the cap cannot be scored and is reported as a data issue.
 */
export const RESULT_ROW_CAP = 200_000;

export const EX_METRIC: MetricSpec = { key: 'ex', label: 'EX', binary: true, primary: true };

export interface SessionDeps {
  /** Child processes of the SQL pool (default: available parallelism). */
  poolSize?: number;
}

function goldFailure(r: { ok: false; kind: string; error: string }): string {
  return r.kind === 'error' ? r.error : `${r.kind}: ${r.error}`;
}

/** Execute every gold query once (per database of the mode); drop the samples whose gold fails. */
async function checkGold(samples: SqlSample[], s: Text2SqlSettings, gold: GoldCache, root: string): Promise<{ kept: SqlSample[]; issues: DataIssue[] }> {
  const timeoutMs = Math.round(s.sqlTimeoutSec * 1000);
  const verdicts = await Promise.all(
    samples.map(async (sample) => {
      const sql = goldSqlFor(sample, s.exMode);
      for (const db of dbsFor(sample, s.exMode)) {
        const r = await gold.get(db, sql, timeoutMs);
        const where = relative(root, db);
        if (!r.ok) return `gold SQL fails on ${where}: ${goldFailure(r)}`;
        if (r.truncated) return `gold result on ${where} exceeds the row cap (${RESULT_ROW_CAP} rows): it cannot be scored`;
      }
      return null;
    }),
  );
  const kept: SqlSample[] = [];
  const issues: DataIssue[] = [];
  samples.forEach((sample, i) => {
    const v = verdicts[i];
    if (v) issues.push({ file: sample.file, where: sample.where, id: sample.id, message: v });
    else kept.push(sample);
  });
  return { kept, issues };
}

/** Build each database's schema prompt once; a database that cannot be read drops its samples. */
function buildSchemas(samples: SqlSample[], schemas: SchemaCache): { kept: SqlSample[]; issues: DataIssue[] } {
  const failed = new Map<string, string>();
  for (const dbPath of new Set(samples.map((x) => x.dbPath))) {
    try {
      schemas.get(dbPath);
    } catch (err) {
      failed.set(dbPath, (err as Error).message);
    }
  }
  const issues = samples
    .filter((x) => failed.has(x.dbPath))
    .map((x) => ({ file: x.file, where: x.where, id: x.id, message: `cannot read the schema of ${x.dbPath}: ${failed.get(x.dbPath)}` }));
  return { kept: samples.filter((x) => !failed.has(x.dbPath)), issues };
}

export async function openSession(flavor: Flavor, opts: OpenOptions, deps: SessionDeps = {}): Promise<BenchmarkSession<SqlSample>> {
  const settings = parseOptions(flavor, opts.options);
  const data = await openText2SqlData({
    flavor,
    ...(opts.data !== undefined ? { data: opts.data } : {}),
    ...(opts.split !== undefined ? { split: opts.split } : {}),
    ...(opts.hub ? { hub: opts.hub } : {}),
    withDescriptions: settings.columnDescriptions,
  });
  if (data.warning) opts.log(data.warning);
  const pool = new SqlExecutorPool({ maxRows: RESULT_ROW_CAP, ...(deps.poolSize ? { size: deps.poolSize } : {}) });
  try {
    const gold = new GoldCache(pool);
    if (!opts.quiet) opts.log(`${flavor}: ${data.samples.length} questions from ${data.info.source}; executing the gold queries…`);
    const checked = await checkGold(data.samples, settings, gold, data.layout.root);
    const schemas = new SchemaCache((dbPath) => {
      const dbId = data.samples.find((x) => x.dbPath === dbPath)?.dbId;
      const desc = settings.columnDescriptions && dbId ? descriptionDirRel(data.layout, data.probe, dbId) : null;
      return { sampleRows: settings.sampleRows, descriptionsDir: desc ? abs(data.layout, desc) : null };
    });
    const built = buildSchemas(checked.kept, schemas);
    const prompt = settings.mode === 'single' ? singlePrompt(settings, schemas) : mtirPrompt(settings, schemas);
    const ctx = { pool, gold, exMode: settings.exMode, timeoutMs: Math.round(settings.sqlTimeoutSec * 1000) };
    return {
      samples: built.kept,
      dataIssues: [...data.issues, ...checked.issues, ...built.issues],
      dataset: data.info,
      templates: Object.fromEntries(prompt.templates.map((t) => [t.name, t.sha256])),
      settings: settingsJson(settings, { resultRowCap: RESULT_ROW_CAP }),
      solver: makeSolver(settings, prompt, pool),
      metrics: [EX_METRIC],
      score: (sample, episode) => scoreOutput(sample, episode.output, ctx),
      oracle: (sample) => `\`\`\`sql\n${sample.goldSql}\n\`\`\``,
      view: (sample) => ({ question: sample.evidence ? `${sample.question}\n\nEvidence: ${sample.evidence}` : sample.question, reference: sample.goldSql }),
      close: () => pool.close(),
    };
  } catch (err) {
    await pool.close();
    throw err;
  }
}
