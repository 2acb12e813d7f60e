// The generic LLM judge: messages + JSON schema → a validated verdict. Order of business per
// request: the cache; else the judge endpoint (through the OpenAI client, the one owner of HTTP
// retries and concurrency); JSON extracted from messy output and validated with ajv; malformed or
// off-schema output is asked for again up to `formatRetries` times, then a JudgeError — never a
// made-up score. Reusable by any benchmark with a model-graded metric.
import { emptyUsage, addUsage } from '../agent/usage.js';
import { describeAjvErrors, validatorFor } from '../datasets/records.js';
import { createOpenAIClient } from '../model/openai-client.js';
import { ModelError, type ModelClient, type SamplingParams } from '../types.js';
import { JudgeCache, judgeCacheKey } from './cache.js';
import { extractJson } from './extract.js';
import { JudgeError, type Judge, type JudgeConfig, type JudgeRequest, type JudgeStats, type JudgeVerdict } from './types.js';


export interface JudgeDeps {
  /** Use this client instead of building one from the config (tests, shared pools). Not closed by the judge. */
  client?: ModelClient;
}

const SNIPPET = 300;

export function createJudge(config: JudgeConfig, deps: JudgeDeps = {}): Judge {
  const apiKey = process.env[config.apiKeyEnv];
  const ownClient = !deps.client;
  const client =
    deps.client ??
    createOpenAIClient({
      spec: config.spec,
      model: config.model,
      baseUrls: config.baseUrls,
      ...(apiKey ? { apiKey } : {}),
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      concurrency: config.concurrency,
      useN: false,
    });
  const cache = config.cacheDir ? JudgeCache.open(config.cacheDir) : null;
  const sampling: SamplingParams = { temperature: config.temperature };
  if (config.maxTokens !== undefined) sampling.max_tokens = config.maxTokens;
  const stats: JudgeStats = { requests: 0, cacheHits: 0, malformed: 0 };

  async function judge<T>(req: JudgeRequest, signal?: AbortSignal): Promise<JudgeVerdict<T>> {
    const validate = validatorFor(req.schema);
    const accept = (v: unknown): string | null => (validate(v) ? null : describeAjvErrors(validate.errors));
    const key = judgeCacheKey(config.model, req.messages, sampling);
    const hit = cache?.get(key);
    // A cached verdict is re-validated: a stricter schema than the one it was stored under must not pass it.
    if (hit && accept(hit.value) === null) {
      stats.cacheHits++;
      return { value: hit.value as T, raw: hit.raw, cached: true, requests: 0, key, usage: emptyUsage() };
    }
    const usage = emptyUsage();
    let requests = 0;
    let lastError = '';
    let lastOutput: string | null = null;
    for (let attempt = 0; attempt <= config.formatRetries; attempt++) {
      let content: string;
      try {
        requests++;
        stats.requests++;
        const res = await client.chat({ messages: req.messages, sampling }, signal ? { signal } : {});
        addUsage(usage, res.usage);
        content = res.choices[0]?.content ?? '';
      } catch (err) {
        if (err instanceof ModelError) {
          throw new JudgeError(`judge ${config.spec}${req.label ? ` (${req.label})` : ''} failed: ${err.kind}: ${err.message}`, 'endpoint', requests, lastOutput);
        }
        throw err;
      }
      const got = extractJson<T>(content, accept);
      if (got.ok) {
        cache?.put(key, config.model, content, got.value);
        return { value: got.value, raw: content, cached: false, requests, key, usage };
      }
      stats.malformed++;
      lastError = got.error;
      lastOutput = content.slice(0, SNIPPET);
    }
    throw new JudgeError(
      `judge ${config.spec}${req.label ? ` (${req.label})` : ''} gave no valid verdict in ${requests} request(s): ${lastError}`,
      'malformed',
      requests,
      lastOutput,
    );
  }

  return {
    spec: config.spec,
    model: config.model,
    judge,
    stats: () => ({ ...stats }),
    describe: () => ({
      spec: config.spec,
      temperature: config.temperature,
      max_tokens: config.maxTokens ?? null,
      format_retries: config.formatRetries,
    }),
    async close() {
      cache?.close();
      if (ownClient) await client.close();
    },
  };
}
