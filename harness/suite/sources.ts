// Model sources of a suite, one budget per endpoint. Every model on an endpoint goes through one
// gate holding the endpoint's `concurrency`, so however many (model × benchmark) cells run at
// once, the endpoint never sees more requests in flight than its budget. Cells of one model on
// one endpoint share one client (one connection pool, one `n`-support probe); models with
// different names on one endpoint (e.g. several checkpoints behind one vLLM with LoRA adapters)
// need their own client, since the model name is part of every request body.
import { AbortedWhileQueued, Limiter } from '../model/limiter.js';
import { openSource, openaiClientFor } from '../run/execute.js';
import type { RunConfig } from '../run/options.js';
import { openaiInfo, parseModelSpec, type ModelSource } from '../dispatch/model-source.js';
import { ModelError, type CallOptions, type ModelClient, type ModelResponse } from '../types.js';

/** A client whose every call first takes a slot of the endpoint's shared gate. */
export function gatedClient(inner: ModelClient, gate: Limiter): ModelClient {
  const run = async (call: () => Promise<ModelResponse>, opts?: CallOptions): Promise<ModelResponse> => {
    try {
      await gate.acquire(opts?.signal);
    } catch (err) {
      if (err instanceof AbortedWhileQueued) throw new ModelError(err.message, 'aborted', null, 0);
      throw err;
    }
    try {
      return await call();
    } finally {
      gate.release();
    }
  };
  return {
    spec: inner.spec,
    model: inner.model,
    chat: (req, opts) => run(() => inner.chat(req, opts), opts),
    complete: (req, opts) => run(() => inner.complete(req, opts), opts),
    close: () => inner.close(),
  };
}

export class SuiteSources {
  private readonly gates = new Map<string, Limiter>();
  private readonly sources = new Map<string, Promise<ModelSource>>();

  /** The source for a cell: shared by every cell of the same model spec on the same endpoint. */
  get(endpoint: string | null, config: RunConfig): Promise<ModelSource> {
    const key = `${endpoint ?? ''}\u0000${config.model}`;
    let source = this.sources.get(key);
    if (!source) {
      source = this.open(endpoint, config);
      this.sources.set(key, source);
    }
    return source;
  }

  /** Peak requests admitted at once through an endpoint's gate is bounded by this limit. */
  gate(endpoint: string): Limiter | undefined {
    return this.gates.get(endpoint);
  }

  private async open(endpoint: string | null, config: RunConfig): Promise<ModelSource> {
    const spec = parseModelSpec(config.model);
    if (spec.kind !== 'openai' || endpoint === null) return openSource(config);
    let gate = this.gates.get(endpoint);
    if (!gate) {
      // 'auto': the gate is the ceiling; each client's own AIMD finds the sustainable rate.
      const limit = config.concurrency === 'auto' ? config.maxConcurrency : config.concurrency;
      gate = new Limiter({ limit });
      this.gates.set(endpoint, gate);
    }
    const client = openaiClientFor(config, spec.value);
    return { kind: 'openai', info: openaiInfo(config.model, spec.value, config.baseUrls, config.apiKeyEnv), client: gatedClient(client, gate) };
  }

  async close(): Promise<void> {
    const all = await Promise.allSettled(this.sources.values());
    await Promise.all(all.map((r) => (r.status === 'fulfilled' && r.value.kind === 'openai' ? r.value.client.close() : undefined)));
    this.sources.clear();
  }
}
