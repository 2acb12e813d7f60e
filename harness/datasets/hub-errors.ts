// Hub failures as HubError: library/transport errors (network codes, HTTP 401/403/404, malformed token)
// turned into messages that say what to do. No message ever includes the access token.
import { isHubApiError } from './hub-lib.js';
import type { HubRepoType, HubSettings } from './hub-types.js';

export class HubError extends Error {
  constructor(
    message: string,
    readonly kind: 'auth' | 'not-found' | 'network' | 'offline' | 'protocol',
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/** What `explain` needs to know about the request (hub.ts `Target` satisfies it). */
export interface HubErrorTarget {
  s: Pick<HubSettings, 'hubUrl' | 'cacheDir' | 'tokenSource'>;
  type: HubRepoType;
  name: string;
  revision: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH',
  'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT']);

function networkCode(err: unknown): string | null {
  if (err === 'fetch failed') return err; // WebBlob.stream() aborts with the message string of a failed fetch
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if (e instanceof TypeError && e.message === 'fetch failed') return 'fetch failed';
  }
  return null;
}

/** What a 404 means for the call that got it. */
export type Missing = 'repo' | 'revision' | 'file' | 'path';

/** Turn a library/transport error into a HubError that says what to do. Never includes the token. */
export function explain(err: unknown, t: HubErrorTarget, missing: Missing, file?: string): HubError {
  if (err instanceof HubError) return err;
  const { s } = t;
  const where = `${t.type} ${t.name}`;
  const code = networkCode(err);
  if (code) {
    return new HubError(`cannot reach the Hugging Face Hub at ${s.hubUrl} (${code}) for ${where}@${t.revision}: ` +
      `use --data PATH with a local copy, or set HF_HUB_OFFLINE=1 to load a pinned revision already in the cache ` +
      `(${s.cacheDir})`, 'network');
  }
  if (isHubApiError(err)) {
    const st = err.statusCode;
    if (st === 401 || st === 403) {
      const token = s.tokenSource
        ? `the token from ${s.tokenSource} was not accepted or has no access to it`
        : 'no token is set: set HF_TOKEN to a token with read access';
      const gated = st === 403 ? ` (a gated repo also needs its terms accepted at ${s.hubUrl}/${t.type === 'dataset' ? 'datasets/' : ''}${t.name})` : '';
      return new HubError(`the Hub at ${s.hubUrl} refused ${where} (HTTP ${st}): it is private, gated or does not exist; ` +
        `${token}${gated}`, 'auth', st);
    }
    if (st === 404) {
      const msg = {
        repo: `${where} not found on ${s.hubUrl} (check the repo id and type; a private repo needs HF_TOKEN)`,
        revision: `revision "${t.revision}" not found in ${where} on ${s.hubUrl}`,
        file: `file "${file ?? '?'}" not found in ${where} at revision ${t.revision}`,
        path: `path "${file ?? ''}" not found in ${where} at revision ${t.revision}`,
      }[missing];
      return new HubError(msg, 'not-found', 404);
    }
    return new HubError(`Hub request for ${where}@${t.revision} failed (HTTP ${st}): ${err.message}`, 'protocol', st);
  }
  const text = err instanceof Error ? err.message : String(err);
  // downloadFileToCacheDir reports a path absent from paths-info / a 404 resolve with these plain Errors.
  if (file && /^(cannot get path info for|invalid response for file) /.test(text)) {
    return new HubError(`file "${file}" not found in ${where} at revision ${t.revision}`, 'not-found', 404);
  }
  if (/access token must start with 'hf_'/.test(text)) {
    return new HubError(`the Hub token from ${s.tokenSource ?? 'options'} is malformed: it must start with hf_`, 'auth');
  }
  return new HubError(`Hub request for ${where}@${t.revision} failed: ${text}`, 'protocol');
}
