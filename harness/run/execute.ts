// One benchmark run end to end: open the benchmark, prepare the run folder (new or resumed),
// run the pending samples, and write the summary.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createOpenAIClient } from '../model/openai-client.js';
import { preflight } from '../model/preflight.js';
import { summaryHealth, type RunHealth } from '../summary/health.js';
import { RecordWriter, readJson, recordKey, writeJsonAtomic, MANIFEST, SUMMARY } from '../store/run-store.js';
import { currentRecords } from '../store/current-records.js';
import { diffFingerprints, fingerprintFields, fingerprintOf, redact, type Manifest } from '../store/manifest.js';
import { loadReplay, modelSlug, openaiInfo, parseModelSpec, replayInfo, type ModelSource } from '../dispatch/model-source.js';
import { runSamples } from '../dispatch/dispatch.js';
import type { Summary } from '../summary/summarize.js';
import { runSummaryAccumulator } from '../summary/run-summary.js';
import { agentevalVersion, gitCommit } from './version.js';
import { defaultHistoryPath } from '../history/location.js';
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
    // The summary is folded as records are written, never read back: first the folder's current
    // records (a resumed run), then this invocation's. Error records about to be retried wait
    // in `retrying` until their sample's new record supersedes them (or the run stops first).
    const fold = runSummaryAccumulator(manifest, benchmark, wanted);
    const done = new Set<string>();
    const retrying = new Map<string, SampleRecord>();
    for await (const r of currentRecords(dir)) {
      const key = recordKey(r.id, r.sample);
      if (r.error === null || !config.retryErrors) {
        done.add(key);
        fold.add(r);
      } else retrying.set(key, r);
    }

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
          if (retrying.size) retrying.delete(recordKey(r.id, r.sample));
          fold.add(r);
        },
      });
    } finally {
      writer.close();
    }
    done.clear();
    for (const r of retrying.values()) fold.add(r);
    retrying.clear();

    segment.finished_at = new Date().toISOString();
    writeJsonAtomic(manifestPath, manifest);

    const summary = fold.finish();
    writeJsonAtomic(join(dir, SUMMARY), summary);
    if (benchmark.postRun && !result.aborted) {
      const accept = (id: string, sample: number) => wanted.has(id) && sample < manifest.n;
      await benchmark.postRun(currentRecords(dir, { accept }), manifest.settings, config.benchmarkOptions);
    }
    // SQLite (better-sqlite3) is loaded here, once the records are written, not at start-up.
    if (!result.aborted) (await import('../history/index-run.js')).recordInHistory(hooks.history ?? defaultHistoryPath(config.resultsDir), dir, log);
    const health = summaryHealth(summary, config.maxErrorRate);
    return { dir, summary, errors: summary.counts.errors, health, aborted: result.aborted, written: result.written, dispatchMs: result.elapsedMs };
  } finally {
    if (ownSource && source.kind === 'openai') await source.client.close();
    await session.close();
  }
}

/** Recompute a run's summary from its folder, streaming its records (also used by merge and rescore). */
export async function summarizeRun(dir: string, manifest: Manifest, benchmark: Benchmark | undefined, problemIds?: ReadonlySet<string>): Promise<Summary> {
  const fold = runSummaryAccumulator(manifest, benchmark, problemIds);
  const accept = (id: string, sample: number) => sample < manifest.n && (!problemIds || problemIds.has(id));
  for await (const r of currentRecords(dir, { accept })) fold.add(r);
  return fold.finish();
}

export { recordKey };
