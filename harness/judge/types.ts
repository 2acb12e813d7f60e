// Contracts of the generic LLM-judge client (harness/judge/client.ts): a benchmark sends messages
// and a JSON schema, and gets back a validated verdict — from the cache, or from the judge endpoint
// with retries on malformed output — or a JudgeError. A judge failure is never a score of 0.
import type { ChatMessage, JsonObject, Usage } from '../types.js';

export interface JudgeConfig {
  /** `openai:<model>`; recorded in settings and part of every cache key. */
  spec: string;
  /** Model name sent to the endpoint. */
  model: string;
  baseUrls: string[];
  /** Name of the environment variable holding the key (only the name is ever recorded). */
  apiKeyEnv: string;
  /** Default 0: a judge should be as repeatable as the endpoint allows. */
  temperature: number;
  maxTokens?: number;
  /** Per-attempt deadline of one HTTP request. */
  timeoutMs: number;
  /** HTTP-level retries (429/5xx/timeouts), owned by the model client. */
  maxRetries: number;
  /** Extra requests when the output cannot be parsed or fails the schema. */
  formatRetries: number;
  concurrency: number;
  /** Folder of the verdict cache (`<cacheDir>/judge.sqlite`); null turns caching off. */
  cacheDir: string | null;
}

export interface JudgeRequest {
  messages: ChatMessage[];
  /** JSON schema the verdict must satisfy (compiled once per schema object). */
  schema: object;
  /** Short label for errors and stats, e.g. `localsearch/all`. */
  label?: string;
}

export interface JudgeVerdict<T> {
  value: T;
  /** The judge's text the value was parsed from (reasoning removed). */
  raw: string;
  cached: boolean;
  /** HTTP requests made for this verdict (0 on a cache hit). */
  requests: number;
  /** sha256 cache key. */
  key: string;
  usage: Usage;
}

export interface JudgeStats {
  requests: number;
  cacheHits: number;
  malformed: number;
}

export interface Judge {
  readonly spec: string;
  readonly model: string;
  judge<T>(req: JudgeRequest, signal?: AbortSignal): Promise<JudgeVerdict<T>>;
  stats(): JudgeStats;
  /** For the manifest/fingerprint: what changes verdicts (model, sampling), never URLs or keys. */
  describe(): JsonObject;
  close(): Promise<void>;
}

/** The judge could not produce a valid verdict: the sample becomes a scorer error, not a 0. */
export class JudgeError extends Error {
  constructor(
    message: string,
    readonly kind: 'malformed' | 'endpoint',
    readonly requests: number,
    /** The last unusable output (cut), for the error record. */
    readonly lastOutput: string | null,
  ) {
    super(message);
    this.name = 'JudgeError';
  }
}
