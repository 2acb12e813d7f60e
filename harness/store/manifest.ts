// manifest.json: what was run, on what data, with which settings — and the fingerprint of
// everything that changes results, so a resume never mixes two different runs.
import { createHash } from 'node:crypto';
import type { DataIssue, DatasetInfo, Json, JsonObject, MetricSpec } from '../types.js';

export interface ModelInfo {
  spec: string;
  kind: 'openai' | 'oracle' | 'replay';
  name: string;
  /** Endpoint URLs with any credentials removed. */
  base_urls?: string[];
  api_key_env?: string;
  /** sha256 of a replay file. */
  replay_sha256?: string;
}

export interface RunSegment {
  started_at: string;
  finished_at: string | null;
  command: string[];
  shard: string | null;
}

export interface Manifest {
  format: 'agenteval-run/1';
  agenteval_version: string;
  git_commit: string | null;
  benchmark: string;
  model: ModelInfo;
  sampling: JsonObject;
  n: number;
  ks: number[];
  limit: number | null;
  shard: string | null;
  dataset: DatasetInfo;
  templates: Record<string, string>;
  settings: JsonObject;
  /** The benchmark's metrics, so reports and merge need not load the benchmark. */
  metrics: MetricSpec[];
  /** The resolved configuration with secrets redacted. */
  config: JsonObject;
  data_issues: DataIssue[];
  /** Problems of this run (after --limit and --shard), and of the whole evaluation (after --limit). */
  problems?: number;
  problems_total?: number;
  /** The problem ids of a shard run (merge checks completeness with them). */
  problem_ids?: string[];
  fingerprint: string;
  fingerprint_fields: JsonObject;
  created_at: string;
  /** One entry per invocation that wrote to this folder (first run, resumes). */
  segments: RunSegment[];
  /** Runs merged into this one (by `agenteval merge`). */
  merged_from?: string[];
  /** The run this one re-scored (by `agenteval rescore` / `rejudge`) and what changed. */
  rescored_from?: JsonObject;
}

/** Deterministic JSON (sorted keys) for hashing. */
export function canonicalJson(value: Json | undefined): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

export function fingerprintOf(fields: JsonObject): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex').slice(0, 16);
}

/**
 * The fields that change results. Deliberately excluded: n and limit (a resume may extend a
 * run), shard (shards of one run merge), concurrency, timeouts, retries and base URLs (how
 * requests are sent, not what is asked).
 */
export function fingerprintFields(m: Omit<Manifest, 'fingerprint' | 'fingerprint_fields'>): JsonObject {
  return {
    benchmark: m.benchmark,
    model: m.model.kind === 'replay' ? `${m.model.spec}#${m.model.replay_sha256 ?? ''}` : m.model.spec,
    // A local copy is identified by its files' hashes, not its path: shards run on machines that
    // mount the data elsewhere must still merge.
    dataset_source: m.dataset.source.startsWith('local:') ? 'local' : m.dataset.source,
    dataset_revision: m.dataset.revision ?? null,
    dataset_split: m.dataset.split ?? null,
    dataset_files: m.dataset.files.map((f) => f.sha256).sort(),
    templates: m.templates,
    settings: m.settings,
    sampling: m.sampling,
  };
}

/** Names the fields whose values differ, e.g. `sampling (temperature 0.6 → 1)`. */
export function diffFingerprints(a: JsonObject, b: JsonObject): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of [...keys].sort()) {
    const x = canonicalJson(a[k]);
    const y = canonicalJson(b[k]);
    if (x === y) continue;
    const ax = a[k];
    const by = b[k];
    if (ax && by && typeof ax === 'object' && typeof by === 'object' && !Array.isArray(ax) && !Array.isArray(by)) {
      const inner = diffFingerprints(ax, by).map((d) => `${k}.${d}`);
      out.push(...inner);
    } else {
      out.push(`${k} (${short(x)} → ${short(y)})`);
    }
  }
  return out;
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Field names that hold credentials (apiKey, hf_token, accessToken, password…) — not max_tokens or apiKeyEnv. */
function isSecretName(name: string): boolean {
  if (/env$/i.test(name) || /tokens$/i.test(name)) return false;
  return /(api[_-]?key|secret|password|authorization|(^|[_-]|[a-z])token$|^token)/i.test(name);
}

/** Remove credentials: userinfo in URLs, and any field whose name says it is a secret. */
export function redact(value: Json): Json {
  if (typeof value === 'string') return redactUrl(value);
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      // The *name* of an env var is fine to keep (apiKeyEnv); its value never enters config.
      out[k] = isSecretName(k) && v !== null && typeof v !== 'boolean' ? '[redacted]' : redact(v);
    }
    return out;
  }
  return value;
}

export function redactUrl(s: string): string {
  return s.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1[redacted]@');
}
