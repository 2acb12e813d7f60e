// One benchmark run end to end: open the benchmark, prepare the run folder (new or resumed),
// run the pending samples, and write the summary.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createOpenAIClient } from '../model/openai-client.js';
import { preflight } from '../model/preflight.js';
import { summaryHealth, type RunHealth } from '../summary/health.js';
import { RecordWriter, latestRecords, readJson, recordKey, writeJsonAtomic, MANIFEST, SUMMARY } from '../store/run-store.js';
import { diffFingerprints, fingerprintFields, fingerprintOf, redact, type Manifest } from '../store/manifest.js';
import { loadReplay, modelSlug, openaiInfo, parseModelSpec, replayInfo, type ModelSource } from '../dispatch/model-source.js';
import { runSamples } from '../dispatch/dispatch.js';
import { summarizeRecords, type MetricSummary, type Summary } from '../summary/summarize.js';
import { agentevalVersion, gitCommit } from './version.js';
import { defaultHistoryPath } from '../history/db.js';
import { recordInHistory } from '../history/index-run.js';
import { ConfigError, openError, selectSamples, type RunConfig } from './options.js';
import type { Benchmark, BenchmarkSession, EndpointRef, Json, JsonObject, ModelClient, SampleRecord } from '../types.js';

export interface RunOutcome {
  dir: string;
  summary: Summary;
  errors: number;
  /** Scored, partial or failed, against the run's --max-error-rate. */
  health: RunHealth;
  aborted: boolean;
  /** Records written by this invocation, and the wall time of its dispatch phase. */
  written: number;
  dispatchMs: number;
}

function stamp(d = new Date()): string {
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** The run folder: --out (a parent when several benchmarks run), the newest matching run with --resume, or a new stamped folder. */
export function resolveRunDir(config: RunConfig, benchmark: string): string {
  if (config.out) return resolve(config.benchmarks.length > 1 ? join(config.out, benchmark) : config.out);
  const runs = resolve(config.resultsDir, 'runs');
  const suffix = `-${modelSlug(config.model)}-${benchmark}${config.shard ? `-shard${config.shard.index}of${config.shard.count}` : ''}`;
  if (config.resume && existsSync(runs)) {
    const match = readdirSync(runs)
      .filter((d) => d.endsWith(suffix) && existsSync(join(runs, d, MANIFEST)))
      .sort();
    if (match.length) return join(runs, match[match.length - 1]!);
  }
  return join(runs, `${stamp()}${suffix}`);
}

export async function openSource(config: RunConfig): Promise<ModelSource> {
  const spec = parseModelSpec(config.model);
  if (spec.kind === 'oracle') return { kind: 'oracle', info: { spec: config.model, kind: 'oracle', name: 'oracle' } };
  if (spec.kind === 'replay') {
    if (!existsSync(spec.value)) throw new ConfigError(`replay file not found: ${spec.value}`);
    return { kind: 'replay', info: await replayInfo(config.model, resolve(spec.value)), table: await loadReplay(spec.value) };
  }
  return { kind: 'openai', info: openaiInfo(config.model, spec.value, config.baseUrls, config.apiKeyEnv), client: openaiClientFor(config, spec.value) };
}

/** The model endpoint of a run configuration, for the preflight; null for oracle and replay. */
export function modelEndpoint(config: RunConfig): EndpointRef | null {
  const spec = parseModelSpec(config.model);
  if (spec.kind !== 'openai') return null;
  return { role: 'model', model: spec.value, baseUrls: config.baseUrls, apiKeyEnv: config.apiKeyEnv, keyFlag: '--api-key-env' };
}

/** The preflight of a run's endpoints (unless --no-preflight), with deadlines no longer than its own. */
export async function preflightEndpoints(config: RunConfig, targets: readonly (EndpointRef | null)[], log: (msg: string) => void): Promise<void> {
  const refs = targets.filter((t): t is EndpointRef => t !== null);
  if (!config.preflight || refs.length === 0) return;
  await preflight(refs, { warn: log, listTimeoutMs: Math.min(config.timeoutMs, 15_000), completionTimeoutMs: Math.min(config.timeoutMs, 60_000) });
}

/** The endpoint client of a run configuration. */
export function openaiClientFor(config: RunConfig, model: string): ModelClient {
  // The key is read from the environment by name; only the name is ever recorded.
  const apiKey = process.env[config.apiKeyEnv];
  return createOpenAIClient({
    spec: config.model,
    model,
    baseUrls: config.baseUrls,
    ...(apiKey ? { apiKey } : {}),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    concurrency: config.concurrency,
    maxConcurrency: config.maxConcurrency,
    useN: config.useN,
  });
}

function configForManifest(config: RunConfig): JsonObject {
  return redact(JSON.parse(JSON.stringify({ ...config, benchmarks: undefined })) as Json) as JsonObject;
}

export interface RunHooks {
  signal?: AbortSignal;
  /**
   * A model source shared with other runs (e.g. `agenteval suite` runs several benchmarks
   * against one endpoint through one client, so they share its concurrency budget). The
   * caller owns it: it is not closed here.
   */
  source?: ModelSource;
  /** History database to index the finished run into (default `<resultsDir>/history.sqlite`); false: none. */
  history?: string | false;
}

export async function runBenchmark(
  benchmark: Benchmark,
  config: RunConfig,
  log: (msg: string) => void,
  signalOrHooks?: AbortSignal | RunHooks,
): Promise<RunOutcome> {
  const hooks: RunHooks = signalOrHooks instanceof AbortSignal ? { signal: signalOrHooks } : signalOrHooks ?? {};
  const signal = hooks.signal;
  const dir = resolveRunDir(config, benchmark.name);
  // Before the data is loaded: a refused key or a dead endpoint should cost seconds, not a download.
  if (!hooks.source) await preflightEndpoints(config, [modelEndpoint(config)], log);
  const session: BenchmarkSession = await benchmark.open({
    ...(config.data ? { data: config.data } : {}),
    ...(config.split ? { split: config.split } : {}),
    hub: { ...(config.hubRepo ? { repo: config.hubRepo } : {}), ...(config.hubRevision ? { revision: config.hubRevision } : {}) },
    options: config.benchmarkOptions,
    quiet: config.quiet,
    log,
    cacheDir: resolve(config.resultsDir, 'cache'),
  }).catch((err: unknown) => {
    throw openError(err);
  });
  const ownSource = hooks.source === undefined;
  const source = await preflightEndpoints(config, session.endpoints ?? [], log)
    .then(() => hooks.source ?? openSource(config))
    .catch(async (err: unknown) => {
      await session.close();
      throw err;
    });
  try {
    for (const issue of session.dataIssues.slice(0, 10)) log(`data: ${issue.file} ${issue.where}: ${issue.message}`);
    if (session.dataIssues.length > 10) log(`data: … ${session.dataIssues.length - 10} more issues (see manifest.json)`);

    const samples = selectSamples(session.samples, config.limit, config.shard);
    const now = new Date().toISOString();
    const shard = config.shard ? `${config.shard.index}/${config.shard.count}` : null;
    const draft: Omit<Manifest, 'fingerprint' | 'fingerprint_fields'> = {
      format: 'agenteval-run/1',
      agenteval_version: agentevalVersion(),
      git_commit: gitCommit(),
      benchmark: benchmark.name,
      model: source.info,
      sampling: JSON.parse(JSON.stringify(config.sampling)) as JsonObject,
      n: config.n,
      ks: config.ks,
      limit: config.limit,
      shard,
      dataset: session.dataset,
      templates: session.templates,
      settings: session.settings,
      metrics: session.metrics,
      config: configForManifest(config),
      data_issues: session.dataIssues,
      problems: samples.length,
      problems_total: config.limit === null ? session.samples.length : Math.min(config.limit, session.samples.length),
      // A shard lists its problems, so `merge` can tell a complete set of shards from a partial one.
      ...(config.shard ? { problem_ids: samples.map((x) => x.id) } : {}),
      created_at: now,
      segments: [],
    };
    const fields = fingerprintFields(draft);
    let manifest: Manifest = { ...draft, fingerprint: fingerprintOf(fields), fingerprint_fields: fields };

    const manifestPath = join(dir, MANIFEST);
    if (existsSync(manifestPath)) {
      const prev = await readJson<Manifest>(manifestPath);
      if (prev.fingerprint !== manifest.fingerprint) {
        const diffs = diffFingerprints(prev.fingerprint_fields, fields);
        throw new ConfigError(
          `${dir} holds a different run (fingerprint ${prev.fingerprint} ≠ ${manifest.fingerprint}); differing: ${diffs.join('; ')}. ` +
            'Use a new --out, or the original settings to resume.',
        );
      }
      if (prev.shard !== shard) throw new ConfigError(`${dir} was run as shard ${prev.shard ?? 'none'}, not ${shard ?? 'none'}`);
      manifest = { ...manifest, created_at: prev.created_at, segments: prev.segments };
      log(`resuming ${dir}`);
    }
    const segment = { started_at: now, finished_at: null as string | null, command: process.argv.slice(2).map((a) => String(redact(a))), shard };
    manifest.segments = [...manifest.segments, segment];
    const writer = new RecordWriter(dir);
    writeJsonAtomic(manifestPath, manifest);

    const wanted = new Set(samples.map((s) => s.id));
    // The run's current records, compact, kept in memory as they are written: the summary is
    // computed from them without reading samples.jsonl back.
    const keepDetail = Boolean(benchmark.aggregator);
    const current = await latestRecords(dir, (r) => compactRecord(r, keepDetail));
    const done = new Set<string>();
    for (const [key, r] of current) if (r.error === null || !config.retryErrors) done.add(key);

    let result;
    try {
      result = await runSamples(session, source, samples, {
        label: `${benchmark.name} ${config.model}`,
        n: config.n,
        sampling: config.sampling,
        concurrency: config.concurrency === 'auto' ? config.maxConcurrency : config.concurrency,
        quiet: config.quiet,
        done,
        logMessages: config.logMessages,
        ...(signal ? { signal } : {}),
        write: (r) => {
          writer.append(r);
          current.set(recordKey(r.id, r.sample), compactRecord(r, keepDetail));
        },
      });
    } finally {
      writer.close();
    }

    segment.finished_at = new Date().toISOString();
    writeJsonAtomic(manifestPath, manifest);

    const summary = summarizeCompact(current, manifest, benchmark, wanted);
    current.clear();
    writeJsonAtomic(join(dir, SUMMARY), summary);
    if (benchmark.postRun && !result.aborted) {
      const current = [...(await latestRecords(dir)).values()].filter((r) => wanted.has(r.id) && r.sample < manifest.n);
      await benchmark.postRun(current, manifest.settings, config.benchmarkOptions);
    }
    if (!result.aborted) recordInHistory(hooks.history ?? defaultHistoryPath(config.resultsDir), dir, log);
    const health = summaryHealth(summary, config.maxErrorRate);
    return { dir, summary, errors: summary.counts.errors, health, aborted: result.aborted, written: result.written, dispatchMs: result.elapsedMs };
  } finally {
    if (ownSource && source.kind === 'openai') await source.client.close();
    await session.close();
  }
}

/** Recompute a run's summary from its folder (also used by merge). */
export async function summarizeRun(dir: string, manifest: Manifest, benchmark: Benchmark | undefined, problemIds?: Set<string>): Promise<Summary> {
  const latest = await latestRecords(dir, (r) => compactRecord(r, Boolean(benchmark?.aggregator)));
  return summarizeCompact(latest, manifest, benchmark, problemIds);
}

function summarizeCompact(latest: Map<string, SampleRecord>, manifest: Manifest, benchmark: Benchmark | undefined, problemIds?: Set<string>): Summary {
  const ids = problemIds ?? new Set([...latest.values()].map((r) => r.id));
  const records: SampleRecord[] = [];
  for (const r of latest.values()) if (ids.has(r.id) && r.sample < manifest.n) records.push(r);
  const wall = manifest.segments.reduce((acc, s) => acc + (s.finished_at ? Date.parse(s.finished_at) - Date.parse(s.started_at) : 0), 0) / 1000;
  let extra: JsonObject = {};
  if (benchmark?.aggregator) {
    const acc = benchmark.aggregator(manifest.settings);
    for (const r of records) acc.add(r);
    extra = acc.finish();
  }
  const { metrics: contributed, ...rest } = extra;
  const summary = summarizeRecords(records, {
    benchmark: manifest.benchmark,
    model: manifest.model.spec,
    fingerprint: manifest.fingerprint,
    n: manifest.n,
    ks: manifest.ks,
    metrics: manifest.metrics,
    problemIds: [...ids],
    dataIssues: manifest.data_issues.length,
    wallTimeS: Math.round(wall * 1000) / 1000,
    extra: rest,
  });
  Object.assign(summary.metrics, contributedMetrics(contributed));
  return summary;
}

/**
 * Metrics a benchmark computes itself over the whole run (e.g. a macro average over dimensions,
 * AUC): `aggregate()` returns them under `metrics`, in the summary's metric shape.
 */
function contributedMetrics(value: Json | undefined): Record<string, MetricSummary> {
  const out: Record<string, MetricSummary> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, m] of Object.entries(value)) {
    if (!m || typeof m !== 'object' || Array.isArray(m) || typeof m.value !== 'number') continue;
    const num = (x: Json | undefined, d: number) => (typeof x === 'number' ? x : d);
    out[key] = {
      label: typeof m.label === 'string' ? m.label : key,
      kind: typeof m.kind === 'string' ? m.kind : 'aggregate',
      value: m.value,
      stderr: num(m.stderr, NaN),
      ci_low: num(m.ci_low, NaN),
      ci_high: num(m.ci_high, NaN),
      n: num(m.n, 0),
      scale: num(m.scale, 1),
      primary: m.primary === true,
    };
  }
  return out;
}

/**
 * What summaries and aggregates read of a record. Transcripts, outputs and timestamps are
 * dropped (trace and extra too unless the benchmark has its own aggregate()), and score objects
 * are shared between equal records, so a 100k-sample run's summary stays small in memory.
 */
function compactRecord(r: SampleRecord, keepDetail: boolean): SampleRecord {
  const out: SampleRecord = {
    id: r.id,
    sample: r.sample,
    output: null,
    trace: keepDetail && r.trace.length ? r.trace.map((t) => ({ turn: t.turn, tool: t.tool, input: null, output: '', ...(t.meta ? { meta: t.meta } : {}) })) : EMPTY_TRACE,
    turns: r.turns,
    tool_calls: r.tool_calls,
    usage: r.usage,
    latency_ms: r.latency_ms,
    attempts: r.attempts,
    scores: r.scores ? internScores(r.scores) : null,
    error: r.error,
    finished_at: '',
  };
  if (r.groups) out.groups = r.groups;
  if (r.vote !== undefined && r.vote !== null) out.vote = r.vote;
  if (r.error_kind) out.error_kind = r.error_kind;
  if (r.limit_hit) out.limit_hit = r.limit_hit;
  if (keepDetail && r.extra) out.extra = r.extra;
  return out;
}

/** Binary and small-range scores repeat endlessly ({ex: 1}, {ex: 0}): keep one object of each. */
const scoreObjects = new Map<string, SampleRecord['scores']>();
function internScores(scores: NonNullable<SampleRecord['scores']>): NonNullable<SampleRecord['scores']> {
  let key = '';
  for (const k in scores) key += `${k}=${scores[k]};`;
  if (key.length > 200) return scores;
  const hit = scoreObjects.get(key);
  if (hit) return hit;
  if (scoreObjects.size < 10_000) scoreObjects.set(key, scores);
  return scores;
}

const EMPTY_TRACE: SampleRecord['trace'] = [];

export { recordKey };
