// The OpenAI-compatible model client (vLLM, SGLang, OpenAI, any /v1/chat/completions server). It is
// the ONE owner of retries, per-attempt deadlines, concurrency limits and replica dispatch: callers
// never retry model calls themselves. Hot path: undici's dispatch API (no fetch, no response
// streams; http-exchange.ts), one timer per attempt (attempt.ts), failures returned as data rather
// than thrown. Request bodies: request-body.ts; response parsing: openai-response.ts.
import { Pool } from './undici-pool.js';
import { onAbort } from '../abort-fanout.js';
import { ModelError, type CallOptions, type ChatRequest, type CompletionRequest, type Json, type ModelClient, type ModelResponse } from '../types.js';
import { attempt, isFailure, type AttemptOptions } from './attempt.js';
import { Limiter } from './limiter.js';
import { addUsage, parseChat, parseCompletion } from './openai-response.js';
import { ReplicaSet } from './replicas.js';
import { finishBody, type BuildBody as Build } from './request-body.js';
import { backoffDelay } from './retry.js';

export interface OpenAIClientOptions {
  /** e.g. `openai:qwen3-8b` (for records; no secrets). */
  spec: string;
  /** Model name sent in the body. */
  model: string;
  /** Replicas, e.g. `http://127.0.0.1:8000/v1`; `/chat/completions` and `/completions` are appended as OpenAI SDKs do. */
  baseUrls: string[];
  /** Sent as `Authorization: Bearer`; never part of an error, event or thrown object. */
  apiKey?: string;
  /** Per-attempt deadline covering headers and body (0 = none). */
  timeoutMs: number;
  maxRetries: number;
  /** A fixed limit, or AIMD ('auto'). */
  concurrency: number | 'auto';
  /** Ceiling for 'auto' (default 256). */
  maxConcurrency?: number;
  /** Send `n` in one request. 'auto' (default): send it, and if fewer choices come back, request the rest separately and stop sending `n`. */
  useN?: 'auto' | boolean;
  /** Extra body fields (e.g. `top_k`, `chat_template_kwargs`); explicit request fields win over them. */
  extraBody?: Record<string, Json>;
  retryBaseMs?: number;
  /** Cap of our own exponential backoff (default 30 s). */
  retryMaxMs?: number;
  /** Longest server-requested Retry-After honoured (default 10 min). */
  retryAfterMaxMs?: number;
  onEvent?: (e: ClientEvent) => void;
  /** How long a replica is avoided after a connection failure (default 2000 ms). */
  replicaPenaltyMs?: number;
}

export type ClientEvent =
  | { type: 'retry'; attempt: number; reason: string; delayMs: number }
  | { type: 'rate_limited'; retryAfterMs: number | null }
  | { type: 'concurrency'; limit: number };

interface Endpoint {
  pool: Pool;
  chatPath: string;
  completionsPath: string;
}

export function createOpenAIClient(opts: OpenAIClientOptions): ModelClient {
  return new OpenAIClient(opts);
}

class OpenAIClient implements ModelClient {
  readonly spec: string;
  readonly model: string;
  private readonly endpoints: Endpoint[];
  private readonly pools: Pool[];
  private readonly attemptOptions: AttemptOptions;
  private readonly limiter: Limiter;
  private readonly replicas: ReplicaSet;
  /** Set once an endpoint answered a request for n choices with fewer ('auto' mode). */
  private nUnsupported = false;

  constructor(private readonly opts: OpenAIClientOptions) {
    if (opts.baseUrls.length === 0) throw new Error('createOpenAIClient: baseUrls is empty');
    this.spec = opts.spec;
    this.model = opts.model;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
    this.attemptOptions = { headers, timeoutMs: opts.timeoutMs, retryAfterMaxMs: opts.retryAfterMaxMs ?? 600_000 };
    this.limiter = new Limiter({
      limit: opts.concurrency,
      max: opts.maxConcurrency ?? 256,
      onChange: (limit) => this.emit({ type: 'concurrency', limit }),
    });
    this.replicas = new ReplicaSet(opts.baseUrls.length, { penaltyMs: opts.replicaPenaltyMs });
    const connections = opts.concurrency === 'auto' ? this.limiter.max : this.limiter.limit;
    const byOrigin = new Map<string, Pool>();
    this.endpoints = opts.baseUrls.map((base) => {
      const u = new URL(base);
      let pool = byOrigin.get(u.origin);
      if (!pool) {
        // Our AbortSignal deadline covers headers and body; undici's own timers (300 s default)
        // would cut long reasoning generations, so they are off.
        pool = new Pool(u.origin, { connections, pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
        byOrigin.set(u.origin, pool);
      }
      const prefix = u.pathname.replace(/\/+$/, '');
      return { pool, chatPath: `${prefix}/chat/completions${u.search}`, completionsPath: `${prefix}/completions${u.search}` };
    });
    this.pools = [...byOrigin.values()];
  }

  chat(req: ChatRequest, callOpts?: CallOptions): Promise<ModelResponse> {
    const build = (n: number, seedOffset: number): string => {
      const body: Record<string, unknown> = { ...this.opts.extraBody, model: this.model, messages: req.messages };
      if (req.tools && req.tools.length > 0) body.tools = req.tools;
      return finishBody(body, req.sampling, n, seedOffset);
    };
    return this.dispatch(req.n, build, true, callOpts?.signal);
  }

  complete(req: CompletionRequest, callOpts?: CallOptions): Promise<ModelResponse> {
    const build = (n: number, seedOffset: number): string =>
      finishBody({ ...this.opts.extraBody, model: this.model, prompt: req.prompt }, req.sampling, n, seedOffset);
    return this.dispatch(req.n, build, false, callOpts?.signal);
  }

  /** n = 1 goes straight to `send` (one async hop less on the hot path); a body that cannot be serialised rejects. */
  private dispatch(n: number | undefined, build: Build, chat: boolean, signal: AbortSignal | undefined): Promise<ModelResponse> {
    try {
      if (n === undefined || n <= 1) return this.send(build(1, 0), chat, signal);
      return this.withN(n, build, chat, signal);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.close()));
  }

  // ---------------------------------------------------------------- n choices

  private async withN(
    nWanted: number,
    build: Build,
    chat: boolean,
    signal: AbortSignal | undefined,
  ): Promise<ModelResponse> {
    const n = Math.max(1, Math.floor(nWanted));
    if (this.opts.useN === false || this.nUnsupported) return this.fanOut(0, n, build, chat, signal);
    const first = await this.send(build(n, 0), chat, signal);
    if (first.choices.length >= n) {
      if (first.choices.length > n) first.choices.length = n;
      return first;
    }
    if ((this.opts.useN ?? 'auto') === 'auto') this.nUnsupported = true;
    const rest = await this.fanOut(first.choices.length, n, build, chat, signal);
    return {
      choices: first.choices.concat(rest.choices),
      usage: addUsage(first.usage, rest.usage),
      latencyMs: first.latencyMs + rest.latencyMs,
      attempts: Math.max(first.attempts, rest.attempts),
    };
  }

  /** Choices [from, to) as separate requests, in parallel. Each gets seed + its choice index, so samples differ. */
  private async fanOut(
    from: number,
    to: number,
    build: Build,
    chat: boolean,
    signal: AbortSignal | undefined,
  ): Promise<ModelResponse> {
    const parts: Promise<ModelResponse>[] = [];
    for (let i = from; i < to; i++) parts.push(this.send(build(1, i), chat, signal));
    const done = await Promise.all(parts);
    const out: ModelResponse = { choices: [], usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, latencyMs: 0, attempts: 0 };
    for (const r of done) {
      out.choices.push(r.choices[0]!);
      out.usage = addUsage(out.usage, r.usage);
      out.latencyMs = Math.max(out.latencyMs, r.latencyMs);
      out.attempts = Math.max(out.attempts, r.attempts);
    }
    return out;
  }

  // ---------------------------------------------------------------- retry loop

  private async send(body: string, chat: boolean, signal: AbortSignal | undefined): Promise<ModelResponse> {
    const parse = chat ? parseChat : parseCompletion;
    const { limiter, replicas } = this;
    let attempts = 0;
    let t0 = 0;
    for (;;) {
      if (signal?.aborted) throw this.aborted(attempts);
      if (!limiter.tryAcquire()) {
        try {
          await limiter.acquire(signal);
        } catch {
          throw this.aborted(attempts);
        }
      }
      if (attempts === 0) t0 = performance.now();
      attempts++;
      const epoch = limiter.epoch;
      const r = replicas.acquire();
      const ep = this.endpoints[r]!;
      const result = await attempt(ep.pool, chat ? ep.chatPath : ep.completionsPath, body, parse, this.attemptOptions, signal);
      if (!isFailure(result)) {
        replicas.release(r);
        limiter.release('ok', epoch);
        return { choices: result.choices, usage: result.usage, latencyMs: Math.round(performance.now() - t0), attempts };
      }
      const f = result;
      replicas.release(r, f.kind === 'network');
      limiter.release(f.status === 429 || f.kind === 'timeout' ? 'overload' : 'error', epoch);
      if (f.kind === 'aborted') throw this.aborted(attempts);
      if (f.status === 429) this.emit({ type: 'rate_limited', retryAfterMs: f.retryAfterMs });
      if (f.decision === 'fatal' || attempts > this.opts.maxRetries) {
        const detail = f.detail ? `: ${f.detail}` : '';
        throw new ModelError(this.redact(`${f.head} after ${attempts} attempt${attempts === 1 ? '' : 's'}${detail}`), f.kind, f.status, attempts);
      }
      const delayMs = backoffDelay(attempts, this.opts.retryBaseMs ?? 500, this.opts.retryMaxMs ?? 30_000, Math.random, f.retryAfterMs);
      this.emit({ type: 'retry', attempt: attempts, reason: this.redact(f.detail ? `${f.head}: ${f.detail}` : f.head), delayMs });
      if (!(await sleep(delayMs, signal))) throw this.aborted(attempts);
    }
  }

  private aborted(attempts: number): ModelError {
    return new ModelError(`aborted after ${attempts} attempt${attempts === 1 ? '' : 's'}`, 'aborted', null, attempts);
  }

  private redact(s: string): string {
    const key = this.opts.apiKey;
    return key ? s.split(key).join('[redacted]') : s;
  }

  private emit(e: ClientEvent): void {
    try {
      this.opts.onEvent?.(e);
    } catch {
      // A broken progress listener must not fail model calls.
    }
  }
}

/** Resolves true after ms, or false as soon as `signal` aborts (through the shared abort fan-out). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe?.();
      resolve(true);
    }, ms);
    const unsubscribe = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          resolve(false);
        })
      : undefined;
  });
}
