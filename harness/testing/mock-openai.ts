// A fast OpenAI-compatible server on 127.0.0.1 for tests and the perf bench: /v1/chat/completions,
// /v1/completions, /v1/models, with scripted replies and injected faults (error statuses, 429 +
// Retry-After, hangs, stalled bodies, dropped sockets, truncated JSON, delays). Plain node:http with keep-alive;
// with latencyMs 0 and no fault it answers in the same tick the body arrives.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocal } from './listen.js';
import type { ToolCall, Usage } from '../types.js';

export type Fault =
  | { type: 'status'; status: number; body?: string; retryAfter?: string }
  | { type: 'hang' }
  /** 200 headers and the start of a body, then nothing (a body that never completes). */
  | { type: 'stall' }
  | { type: 'drop' }
  | { type: 'malformed' }
  | { type: 'delay'; ms: number };

export interface MockRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface MockChoice {
  content?: string | null;
  tool_calls?: ToolCall[];
  reasoning_content?: string;
  finish_reason?: string;
}

export interface MockReply {
  content?: string | null;
  tool_calls?: ToolCall[];
  reasoning_content?: string;
  /** Explicit choices (overrides `n` and the single-choice fields). */
  choices?: MockChoice[];
  finish_reason?: string;
  usage?: Partial<Usage>;
}

export interface MockOpenAIOptions {
  latencyMs?: number;
  /** Default true; false ⇒ ignores `n` and returns 1 choice. */
  supportsN?: boolean;
  /** Decide a fault for the i-th request (0-based), or null for a normal answer. */
  fault?: (req: MockRequest, index: number) => Fault | null;
  /** Scripted replies. Default: `mock answer <index>` (choice j > 0: `mock answer <index>.<j>`). */
  respond?: (req: MockRequest, index: number) => MockReply | Promise<MockReply>;
  /** Keep every request in `requests` (default true; the bench turns it off). */
  record?: boolean;
  /**
   * Models served: `/models` lists them and a completion for any other model answers 404 as vLLM
   * does. Default: `/models` lists only `mock` and completions accept any model name.
   */
  models?: string[];
  /** `/models` answers 404, as on servers without the route. */
  noModelsRoute?: boolean;
  /** Require `Authorization: Bearer <apiKey>` on every route (401 otherwise, as OpenAI answers). */
  apiKey?: string;
}

export interface MockOpenAI {
  /** `http://127.0.0.1:PORT/v1` */
  url: string;
  requests: MockRequest[];
  /** Requests received so far (also when not recorded); the next request gets this index. */
  readonly count: number;
  /** `GET /models` requests received (not in `requests`, not counted in `count`). */
  readonly listings: number;
  /** Requests being processed right now, and the peak since start/reset. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  close(): Promise<void>;
  reset(): void;
  setOptions(partial: Partial<MockOpenAIOptions>): void;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export async function startMockOpenAI(initial: MockOpenAIOptions = {}): Promise<MockOpenAI> {
  const options: MockOpenAIOptions = { ...initial };
  const requests: MockRequest[] = [];
  let count = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let listings = 0;

  const done = (): void => {
    inFlight--;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const url = req.url ?? '/';
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      const error = { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' };
      res.writeHead(401, JSON_HEADERS).end(JSON.stringify({ error }));
      return;
    }
    if (req.method === 'GET' && (url === '/v1/models' || url === '/models')) {
      listings++;
      if (options.noModelsRoute) {
        res.writeHead(404, JSON_HEADERS).end('{"detail":"Not Found"}');
        return;
      }
      const data = (options.models ?? ['mock']).map((id) => ({ id, object: 'model', owned_by: 'mock' }));
      res.writeHead(200, JSON_HEADERS).end(JSON.stringify({ object: 'list', data }));
      return;
    }
    const isChat = url === '/v1/chat/completions' || url === '/chat/completions';
    const isCompletion = url === '/v1/completions' || url === '/completions';
    if (req.method !== 'POST' || (!isChat && !isCompletion)) {
      res.writeHead(404, JSON_HEADERS).end(`{"error":{"message":"no route ${req.method} ${url}","type":"not_found"}}`);
      return;
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('body is not an object');
      body = parsed as Record<string, unknown>;
    } catch (err) {
      res.writeHead(400, JSON_HEADERS).end(JSON.stringify({ error: { message: `invalid JSON body: ${String(err)}`, type: 'invalid_request_error' } }));
      return;
    }
    if (options.models && !options.models.includes(String(body.model))) {
      // vLLM's answer (serving_engine.py `_check_model`).
      const error = { object: 'error', message: `The model \`${String(body.model)}\` does not exist.`, type: 'NotFoundError', param: null, code: 404 };
      res.writeHead(404, JSON_HEADERS).end(JSON.stringify(error));
      return;
    }
    const index = count++;
    const mreq: MockRequest = { path: url, headers: req.headers, body, receivedAt: Date.now() };
    if (options.record !== false) requests.push(mreq);
    if (++inFlight > maxInFlight) maxInFlight = inFlight;

    const fault = options.fault ? options.fault(mreq, index) : null;
    if (fault !== null) {
      switch (fault.type) {
        case 'status': {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
          res.writeHead(fault.status, headers).end(
            fault.body ?? JSON.stringify({ error: { message: `mock error ${fault.status}`, type: 'mock_fault', code: fault.status } }),
          );
          done();
          return;
        }
        case 'hang':
          // Never answer; the client's deadline (or close()) ends it.
          res.on('close', done);
          return;
        case 'stall':
          res.on('close', done);
          res.writeHead(200, JSON_HEADERS);
          res.write('{"id":"mock-stall","choices":[');
          return;
        case 'drop':
          req.socket.destroy();
          done();
          return;
        case 'malformed':
          res.writeHead(200, JSON_HEADERS).end(`{"id":"mock-${index}","object":"chat.completion","choices":[{"index":0,"message":{"role":"assi`);
          done();
          return;
        case 'delay':
          setTimeout(() => answer(res, mreq, index, isChat), fault.ms);
          return;
      }
    }
    const latency = options.latencyMs ?? 0;
    if (latency > 0) setTimeout(() => answer(res, mreq, index, isChat), latency);
    else answer(res, mreq, index, isChat);
  };

  const answer = (res: ServerResponse, mreq: MockRequest, index: number, isChat: boolean): void => {
    if (options.respond) {
      let reply: MockReply | Promise<MockReply>;
      try {
        reply = options.respond(mreq, index);
      } catch (err) {
        fail(res, err);
        return;
      }
      if (reply instanceof Promise) reply.then((r) => send(res, mreq, index, isChat, r), (err: unknown) => fail(res, err));
      else send(res, mreq, index, isChat, reply);
    } else {
      send(res, mreq, index, isChat, null);
    }
  };

  const fail = (res: ServerResponse, err: unknown): void => {
    if (!res.destroyed) res.writeHead(500, JSON_HEADERS).end(JSON.stringify({ error: { message: `mock respond() threw: ${String(err)}` } }));
    done();
  };

  const send = (res: ServerResponse, mreq: MockRequest, index: number, isChat: boolean, reply: MockReply | null): void => {
    if (res.destroyed) {
      done();
      return;
    }
    const wanted = typeof mreq.body.n === 'number' && mreq.body.n > 1 && options.supportsN !== false ? mreq.body.n : 1;
    const choices: MockChoice[] =
      reply?.choices ??
      Array.from({ length: wanted }, (_, j) =>
        reply
          ? { content: reply.content, tool_calls: reply.tool_calls, reasoning_content: reply.reasoning_content, finish_reason: reply.finish_reason }
          : { content: j === 0 ? `mock answer ${index}` : `mock answer ${index}.${j}` },
      );
    let completionTokens = 0;
    const out = choices.map((c, i) => {
      const text = c.content ?? '';
      completionTokens += Math.ceil(text.length / 4);
      for (const tc of c.tool_calls ?? []) completionTokens += Math.ceil((tc.function.name.length + tc.function.arguments.length) / 4);
      const finish = c.finish_reason ?? reply?.finish_reason ?? (c.tool_calls && c.tool_calls.length > 0 ? 'tool_calls' : 'stop');
      if (!isChat) return { index: i, text, finish_reason: finish };
      const message: Record<string, unknown> = { role: 'assistant', content: c.content === undefined ? text : c.content };
      if (c.tool_calls && c.tool_calls.length > 0) message.tool_calls = c.tool_calls;
      if (c.reasoning_content !== undefined) message.reasoning_content = c.reasoning_content;
      return { index: i, message, finish_reason: finish };
    });
    const promptTokens = Math.ceil(promptChars(mreq.body) / 4);
    const usage = {
      prompt_tokens: reply?.usage?.prompt_tokens ?? promptTokens,
      completion_tokens: reply?.usage?.completion_tokens ?? completionTokens,
      total_tokens: 0,
    };
    usage.total_tokens = reply?.usage?.total_tokens ?? usage.prompt_tokens + usage.completion_tokens;
    const payload = {
      id: `mock-${index}`,
      object: isChat ? 'chat.completion' : 'text_completion',
      created: Math.floor(mreq.receivedAt / 1000),
      model: typeof mreq.body.model === 'string' ? mreq.body.model : 'mock',
      choices: out,
      usage,
    };
    res.writeHead(200, JSON_HEADERS).end(JSON.stringify(payload));
    done();
  };

  const { server, port } = await listenLocal(handle);

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get count() {
      return count;
    },
    get listings() {
      return listings;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    reset() {
      requests.length = 0;
      count = 0;
      listings = 0;
      maxInFlight = inFlight;
    },
    setOptions(partial) {
      Object.assign(options, partial);
    },
  };
}

/** Characters of the prompt, for a rough token count (~4 characters per token). */
function promptChars(body: Record<string, unknown>): number {
  if (typeof body.prompt === 'string') return body.prompt.length;
  let n = 0;
  if (Array.isArray(body.messages)) {
    for (const m of body.messages as unknown[]) {
      const content = m !== null && typeof m === 'object' ? (m as { content?: unknown }).content : undefined;
      if (typeof content === 'string') n += content.length;
    }
  }
  return n;
}
