// Re-scoring a finished run without re-running the model: read its manifest and samples.jsonl,
// re-open the benchmark with the run's own options overridden by new ones (e.g. another judge),
// rebuild each Episode from its record and score it again, and write everything to a NEW run
// folder (manifest with the new settings and fingerprint plus `rescored_from`, records, summary).
// The original folder is only read. Records without an output (model/solver/data errors) are
// copied unchanged; a sample whose scorer fails becomes a scorer error record, as in a live run.
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { diffFingerprints, fingerprintFields, fingerprintOf, redact, type Manifest } from '../store/manifest.js';
import { RecordWriter, readJson, writeJsonAtomic, MANIFEST, SAMPLES, SUMMARY } from '../store/run-store.js';
import { currentRecords } from '../store/current-records.js';
import type { Summary } from '../summary/summarize.js';
import type { Benchmark, BenchmarkSession, Episode, Json, JsonObject, SampleRecord } from '../types.js';
import { summarizeRun } from './execute.js';
import { ConfigError, openError } from './options.js';
import { preflight } from '../model/preflight.js';
import { agentevalVersion, gitCommit } from './version.js';

export interface RescoreOptions {
  /** The finished run folder (read only). */
  run: string;
  /** The new run folder; default `<run>-<suffix>`. It must not hold a run. */
  out?: string;
  /** Default-folder suffix, e.g. `rejudged-gpt-4.1` (default `rescored`). */
  suffix?: string;
  /** Benchmark options replacing the run's (camelCased, as commander gives them). */
  overrides: Record<string, unknown>;
  /** Samples scored at once (default 8). */
  concurrency?: number;
  /** Results root whose `cache/` the benchmark may use (default: the run's own --results-dir). */
  resultsDir?: string;
  log?: (msg: string) => void;
  signal?: AbortSignal;
  /** Check the endpoints the scorer calls (an LLM judge) before any sample (default true). */
  preflight?: boolean;
}

export interface RescoreOutcome {
  dir: string;
  summary: Summary;
  rescored: number;
  copied: number;
  errors: number;
  manifest: Manifest & { rescored_from: JsonObject };
}

/** The episode a record was scored from (everything the runner keeps). */
export function episodeFromRecord(r: SampleRecord): Episode {
  return {
    output: r.output ?? '',
    reasoning: r.reasoning ?? null,
    ...(r.messages ? { messages: r.messages } : {}),
    trace: r.trace ?? [],
    turns: r.turns ?? 0,
    usage: r.usage,
    latencyMs: r.latency_ms ?? 0,
    attempts: r.attempts ?? 0,
    limitHit: r.limit_hit ?? null,
    ...(r.extra ? { extra: r.extra } : {}),
    ...(r.output_tool_calls && r.output_tool_calls.length ? { toolCalls: r.output_tool_calls } : {}),
  };
}

function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

const hashes = (files: readonly { sha256: string }[]) => files.map((f) => f.sha256).sort().join(',');

export async function rescoreRun(opts: RescoreOptions, benchmarkOf: (name: string) => Benchmark | undefined): Promise<RescoreOutcome> {
  const log = opts.log ?? (() => {});
  const runDir = resolve(opts.run);
  if (!existsSync(join(runDir, MANIFEST))) throw new ConfigError(`${runDir} is not a run folder (no ${MANIFEST})`);
  const orig = await readJson<Manifest>(join(runDir, MANIFEST));
  const benchmark = benchmarkOf(orig.benchmark);
  if (!benchmark) throw new ConfigError(`${runDir}: unknown benchmark "${orig.benchmark}"`);
  const outDir = resolve(opts.out ?? `${runDir}-${opts.suffix ?? 'rescored'}`);
  if (outDir === runDir) throw new ConfigError('rescore writes a new run folder: --out must differ from the run');
  if (existsSync(join(outDir, MANIFEST)) || existsSync(join(outDir, SAMPLES))) throw new ConfigError(`${outDir} already holds a run; choose another --out`);

  const cfg = orig.config;
  const saved = cfg.benchmarkOptions && typeof cfg.benchmarkOptions === 'object' && !Array.isArray(cfg.benchmarkOptions) ? cfg.benchmarkOptions : {};
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(saved)) {
    if (v === '[redacted]') log(`rescore: option ${k} was redacted in the manifest and is not reused`);
    else options[k] = v;
  }
  Object.assign(options, opts.overrides);

  // The data as the run read it; a relative --data is tried from here, then from the manifest's source.
  let data = str(cfg.data);
  if (data !== undefined && !existsSync(resolve(data)) && orig.dataset.source.startsWith('local:')) data = orig.dataset.source.slice('local:'.length);
  const split = str(cfg.split);
  const hubRepo = str(cfg.hubRepo);
  const hubRevision = str(cfg.hubRevision);
  const resultsDir = opts.resultsDir ?? str(cfg.resultsDir) ?? 'results';
  const session: BenchmarkSession = await benchmark.open({
    ...(data !== undefined ? { data } : {}),
    ...(split ? { split } : {}),
    hub: { ...(hubRepo ? { repo: hubRepo } : {}), ...(hubRevision ? { revision: hubRevision } : {}) },
    options,
    quiet: true,
    log,
    cacheDir: resolve(resultsDir, 'cache'),
  }).catch((err: unknown) => {
    throw openError(err);
  });
  try {
    if (opts.preflight !== false && session.endpoints?.length) await preflight(session.endpoints, { warn: log });
    if (hashes(session.dataset.files) !== hashes(orig.dataset.files)) {
      throw new ConfigError(`the data of ${runDir} changed since it ran (dataset files differ); rescore needs the same data`);
    }
    const now = new Date().toISOString();
    const segment = { started_at: now, finished_at: null as string | null, command: process.argv.slice(2).map((a) => String(redact(a))), shard: orig.shard };
    const { fingerprint: _f, fingerprint_fields: _ff, ...base } = orig;
    const draft: Omit<Manifest, 'fingerprint' | 'fingerprint_fields'> = {
      ...base,
      agenteval_version: agentevalVersion(),
      git_commit: gitCommit(),
      dataset: session.dataset,
      templates: session.templates,
      settings: session.settings,
      metrics: session.metrics,
      config: redact({ ...cfg, benchmarkOptions: JSON.parse(JSON.stringify(options)) as Json } as Json) as JsonObject,
      created_at: now,
      segments: [segment],
    };
    const fields = fingerprintFields(draft);
    const manifest: Manifest & { rescored_from: JsonObject } = {
      ...draft,
      fingerprint: fingerprintOf(fields),
      fingerprint_fields: fields,
      rescored_from: { run: runDir, fingerprint: orig.fingerprint, changed: diffFingerprints(orig.fingerprint_fields, fields) },
    };
    const byId = new Map(session.samples.map((s) => [s.id, s]));
    // Everything that can be checked was checked: only now does the new folder appear, and a
    // failure from here on removes it again (a half-written folder would pass for a run).
    const created = !existsSync(outDir);
    try {
      const writer = new RecordWriter(outDir);
      writeJsonAtomic(join(outDir, MANIFEST), manifest);
      // Records stream from the run's samples.jsonl, at most `concurrency` being scored at once;
      // only the problem ids are kept (the new summary's problem set).
      const ids = new Set<string>();
      const concurrency = Math.max(1, opts.concurrency ?? 8);
      const inFlight = new Set<Promise<void>>();
      let rescored = 0;
      let copied = 0;
      let errors = 0;
      const emit = (r: SampleRecord) => {
        writer.append(r);
        if (r.error !== null) errors++;
      };
      const rescore = async (r: SampleRecord) => {
        const sample = byId.get(r.id);
        if (r.output === null || r.output === undefined || (r.error !== null && r.error_kind !== 'scorer') || !sample) {
          // Nothing to score (the model never answered), or the problem is gone from the data.
          copied++;
          emit(sample || r.error !== null ? r : { ...r, scores: null, error: `problem ${r.id} is not in the data`, error_kind: 'data', finished_at: new Date().toISOString() });
          return;
        }
        rescored++;
        try {
          const scored = await session.score(sample, episodeFromRecord(r));
          emit({
            ...r,
            scores: scored.scores,
            vote: scored.vote ?? null,
            extra: { ...(r.extra ?? {}), ...(scored.extra ?? {}) },
            error: null,
            error_kind: null,
            finished_at: new Date().toISOString(),
          });
        } catch (err) {
          emit({ ...r, scores: null, error: `scorer failed: ${(err as Error).message}`, error_kind: 'scorer', finished_at: new Date().toISOString() });
        }
      };
      try {
        for await (const r of currentRecords(runDir, { accept: (_id, sample) => sample < orig.n })) {
          if (opts.signal?.aborted) break;
          ids.add(r.id);
          const p: Promise<void> = rescore(r).finally(() => inFlight.delete(p));
          inFlight.add(p);
          if (inFlight.size >= concurrency) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
      } finally {
        writer.close();
      }
      segment.finished_at = new Date().toISOString();
      writeJsonAtomic(join(outDir, MANIFEST), manifest);
      const summary = await summarizeRun(outDir, manifest, benchmark, ids);
      writeJsonAtomic(join(outDir, SUMMARY), summary);
      return { dir: outDir, summary, rescored, copied, errors, manifest };
    } catch (err) {
      if (created) rmSync(outDir, { recursive: true, force: true });
      throw err;
    }
  } finally {
    await session.close();
  }
}
