// Before a run sends thousands of requests: is the endpoint there, does it take our key, does it
// serve the model? One cheap authenticated request per endpoint — `GET /models`, or, where that
// route is absent or says nothing about the model, a 1-token chat completion. A refused key, an
// unknown model or an endpoint nothing answers at stops the run at once with a message naming the
// cause (exit code 5), instead of every sample retrying into an error record.
import { createHash } from 'node:crypto';
import { redactUrl } from '../store/manifest.js';
import { PreflightError, type PreflightKind } from '../errors.js';
import { exchange, ExchangeError } from './http-exchange.js';
import { Pool } from './undici-pool.js';
import type { EndpointRef } from '../types.js';

// Defined with the other CLI-mapped errors (a leaf module the CLI loads without the HTTP client).
export { PreflightError, type PreflightKind };

export interface PreflightOptions {
  /** Deadline of `GET /models` (default 15 s) and of the fallback completion (default 60 s). */
  listTimeoutMs?: number;
  completionTimeoutMs?: number;
  warn: (msg: string) => void;
  env?: NodeJS.ProcessEnv;
}

type Verdict = { ok: true; note?: string } | { ok: false; kind: PreflightKind; message: string };

interface Answer {
  status: number;
  text: string;
}

const BODY_QUOTE = 300;

/** The warning for a key variable that is unset or empty, naming it; null when it holds a value. */
export function keyWarning(ref: Pick<EndpointRef, 'apiKeyEnv' | 'keyFlag'>, env: NodeJS.ProcessEnv = process.env): string | null {
  const v = env[ref.apiKeyEnv];
  if (v === undefined) return `${ref.keyFlag} ${ref.apiKeyEnv}: ${ref.apiKeyEnv} is not set; requests go without an API key`;
  if (v.trim() === '') return `${ref.keyFlag} ${ref.apiKeyEnv}: ${ref.apiKeyEnv} is empty; requests go without an API key`;
  return null;
}

/** One request on a pool of its own (the run's pools are made later, sized for the run), closed after. */
async function ask(url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }, timeoutMs: number): Promise<Answer> {
  const u = new URL(url);
  const pool = new Pool(u.origin, { connections: 1 });
  try {
    const x = await exchange(pool, `${u.pathname}${u.search}`, init.headers, init.body, timeoutMs, undefined, init.method);
    return { status: x.status, text: x.text };
  } finally {
    await pool.destroy();
  }
}

function failureOf(caught: unknown, base: string, timeoutMs: number): Verdict {
  // The exchange's own deadline, or the transport error (connection refused, reset, DNS) it carries.
  const err = caught instanceof ExchangeError && caught.end === 'error' ? caught.cause : caught;
  const name = caught instanceof ExchangeError && caught.end === 'timeout' ? 'TimeoutError' : (err as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { ok: false, kind: 'unreachable', message: `${redactUrl(base)} did not answer within ${Math.round(timeoutMs / 1000)} s` };
  }
  const code = (err as { code?: string }).code ?? name;
  return { ok: false, kind: 'unreachable', message: `cannot reach ${redactUrl(base)} (${code}: ${(err as Error).message})` };
}

function quote(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > BODY_QUOTE ? `${t.slice(0, BODY_QUOTE)}…` : t;
}

function authFailure(ref: EndpointRef, base: string, what: string, a: Answer, env: NodeJS.ProcessEnv): Verdict {
  const v = env[ref.apiKeyEnv];
  const key = v === undefined || v.trim() === ''
    ? `${ref.apiKeyEnv} is ${v === undefined ? 'not set' : 'empty'} (${ref.keyFlag} ${ref.apiKeyEnv})`
    : `the key in ${ref.apiKeyEnv} was refused (${ref.keyFlag} ${ref.apiKeyEnv})`;
  return { ok: false, kind: 'auth', message: `${ref.role} endpoint ${redactUrl(base)} answered HTTP ${a.status} to ${what}: ${key}. ${quote(a.text)}` };
}

/** Model ids of a `/models` answer, or null when the body says nothing about models. */
function listedModels(text: string): string[] | null {
  try {
    const data = (JSON.parse(text) as { data?: unknown }).data;
    if (!Array.isArray(data)) return null;
    const ids = data.map((m: unknown) => (m !== null && typeof m === 'object' ? (m as { id?: unknown }).id : undefined)).filter((x): x is string => typeof x === 'string');
    return ids.length ? ids : null;
  } catch {
    return null;
  }
}

const MODEL_MISSING = /(does not exist|not[ _-]?found|unknown model|invalid model|no such model|model_not_found|not served)/i;

/** A server may echo the key it refused: never let it into a message. */
function redacted(v: Verdict, key: string | undefined): Verdict {
  if (!key) return v;
  if (!v.ok) return { ...v, message: v.message.split(key).join('[redacted]') };
  return v.note ? { ok: true, note: v.note.split(key).join('[redacted]') } : v;
}

async function checkEndpoint(ref: EndpointRef, base: string, opts: PreflightOptions): Promise<Verdict> {
  const key = (opts.env ?? process.env)[ref.apiKeyEnv]?.trim();
  return redacted(await probe(ref, base, key, opts), key);
}

async function probe(ref: EndpointRef, base: string, key: string | undefined, opts: PreflightOptions): Promise<Verdict> {
  const env = opts.env ?? process.env;
  const headers: Record<string, string> = { accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) };
  const root = base.replace(/\/+$/, '');
  const listTimeout = opts.listTimeoutMs ?? 15_000;
  let listed: string[] | null = null;
  let answered = false;
  try {
    const a = await ask(`${root}/models`, { method: 'GET', headers }, listTimeout);
    answered = true;
    if (a.status === 401 || a.status === 403) return authFailure(ref, base, 'GET /models', a, env);
    if (a.status >= 200 && a.status < 300) listed = listedModels(a.text);
    if (listed?.includes(ref.model)) return { ok: true };
  } catch (err) {
    const f = failureOf(err, base, listTimeout);
    // Refused or unresolvable: nothing there. A slow /models alone is not proof of a dead server.
    if (!(err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))) return f;
  }

  // No /models (404/405), no model information, or a list without our model: one 1-token completion decides.
  const completionTimeout = opts.completionTimeoutMs ?? 60_000;
  let a: Answer;
  try {
    const body = JSON.stringify({ model: ref.model, messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 1, temperature: 0 });
    a = await ask(`${root}/chat/completions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body }, completionTimeout);
  } catch (err) {
    if (answered && err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      return { ok: true, note: `${redactUrl(base)} answered /models but not a 1-token test completion within ${Math.round(completionTimeout / 1000)} s; going on` };
    }
    return failureOf(err, base, completionTimeout);
  }
  const served = listed ? ` (it serves: ${listed.slice(0, 12).join(', ')}${listed.length > 12 ? `, … ${listed.length - 12} more` : ''})` : '';
  if (a.status >= 200 && a.status < 300) {
    return listed ? { ok: true, note: `model "${ref.model}" is not in the /models list of ${redactUrl(base)}${served}, but answers; going on` } : { ok: true };
  }
  if (a.status === 401 || a.status === 403) return authFailure(ref, base, 'a 1-token test completion', a, env);
  const unknownModel = (a.status === 404 || a.status === 400 || a.status === 422) && (a.text.includes(ref.model) || MODEL_MISSING.test(a.text));
  if (unknownModel || (listed && a.status === 404)) {
    return { ok: false, kind: 'unknown-model', message: `${ref.role} model "${ref.model}" is not served by ${redactUrl(base)}${served}: HTTP ${a.status} ${quote(a.text)}` };
  }
  if (a.status === 404) {
    return { ok: false, kind: 'unreachable', message: `no OpenAI-compatible API at ${redactUrl(base)} (HTTP 404 for /chat/completions; does the URL end in /v1?)` };
  }
  // 429, 5xx, a 400 about the request itself: the endpoint is there and takes the key; the run's retries deal with the rest.
  return { ok: true, note: `${redactUrl(base)} answered HTTP ${a.status} to a 1-token test completion (${quote(a.text)}); going on` };
}

/** Checks that passed, per process: a suite's cells share an endpoint, and the judge is the same for every cell. */
const passed = new Map<string, Promise<Verdict[]>>();
/** Key variables already warned about (a run of several benchmarks warns once). */
const warned = new Set<string>();

/** Forget earlier checks and warnings (tests; a long-lived process whose endpoints changed). */
export function forgetPreflights(): void {
  passed.clear();
  warned.clear();
}

/**
 * Check every endpoint of every target (deduplicated). Throws a PreflightError when a key is
 * refused or a model unknown on any replica, or when no replica of a target can be reached;
 * replicas that cannot be reached beside ones that can are only warned about (the client routes
 * around them).
 */
export async function preflight(targets: readonly EndpointRef[], opts: PreflightOptions): Promise<void> {
  const env = opts.env ?? process.env;
  for (const t of targets) {
    const warning = keyWarning(t, env);
    if (warning && !warned.has(warning)) opts.warn(`warning: ${warning}`);
    if (warning) warned.add(warning);
  }
  const problems: string[] = [];
  const worst: { kind: PreflightKind | null } = { kind: null };
  const rank: Record<PreflightKind, number> = { unreachable: 0, 'unknown-model': 1, auth: 2 };
  const unique = new Map<string, EndpointRef>();
  for (const t of targets) unique.set(JSON.stringify([t.role, t.model, t.apiKeyEnv, [...t.baseUrls]]), t);
  await Promise.all(
    [...unique.values()].map(async (t) => {
      // The key's value is part of what passed (a changed key must be checked again); hashed, never kept.
      const key = createHash('sha256').update(JSON.stringify([t.model, t.apiKeyEnv, env[t.apiKeyEnv] ?? null, [...t.baseUrls]])).digest('hex');
      let run = passed.get(key);
      if (!run) {
        run = Promise.all(t.baseUrls.map((b) => checkEndpoint(t, b, opts)));
        passed.set(key, run);
      }
      const verdicts = await run;
      if (verdicts.some((v) => !v.ok)) passed.delete(key);
      for (const v of verdicts) if (v.ok && v.note) opts.warn(`warning: ${v.note}`);
      const bad = verdicts.filter((v): v is Extract<Verdict, { ok: false }> => !v.ok);
      const fatal = bad.filter((v) => v.kind !== 'unreachable' || bad.length === verdicts.length);
      for (const v of bad) if (!fatal.includes(v)) opts.warn(`warning: ${v.message}; the other replicas take its requests`);
      for (const v of fatal) {
        problems.push(v.message);
        if (worst.kind === null || rank[v.kind] > rank[worst.kind]) worst.kind = v.kind;
      }
    }),
  );
  const kind = worst.kind;
  if (kind !== null) {
    const hint = kind === 'unreachable' ? ' — is the server running, and is the base URL right?' : '';
    throw new PreflightError(`preflight failed (nothing was run; --no-preflight skips this check): ${[...new Set(problems)].join('; ')}${hint}`, kind);
  }
}
