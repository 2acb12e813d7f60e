// The runner: for every pending (problem, sample index), get an episode from the model source
// through the benchmark's solver, score it, and hand the record to the store as it finishes.
// Every (problem, sample) ends as a scored record or an error record with its reason.
import * as crypto from 'node:crypto';
import { emptyUsage } from '../agent/usage.js';
import { recordKey } from '../store/run-store.js';
import { ModelError } from '../types.js';
import type { BenchmarkSession, ChatMessage, Episode, OracleAnswer, ProblemView, Sample, SampleRecord, SamplingParams, Usage } from '../types.js';
import type { ModelSource, ReplayEntry, ReplayTable } from './model-source.js';
import { createProgress } from './progress.js';

export interface RunnerOptions {
  label: string;
  n: number;
  sampling: SamplingParams;
  concurrency: number;
  quiet: boolean;
  /** Keys (`id\0sample`) already finished: never requested again. */
  done: ReadonlySet<string>;
  /** Keep full request messages of single-shot samples (default: a hash only). */
  logMessages?: boolean;
  signal?: AbortSignal;
  write(record: SampleRecord): void;
}

export interface RunnerResult {
  written: number;
  errors: number;
  skipped: number;
  aborted: boolean;
  /** Wall time from the first dispatch to the last record (the sustained phase of a run). */
  elapsedMs: number;
}

interface Work<S extends Sample> {
  sample: S;
  /** Sample indices handled together (one request with `n` choices for prompt solvers). */
  indices: number[];
}

/** Whether (id, sample index) is finished; a fresh run (nothing done) builds no keys. */
function doneTest(done: ReadonlySet<string>): (id: string, i: number) => boolean {
  return done.size === 0 ? () => false : (id, i) => done.has(recordKey(id, i));
}

function* planWork<S extends Sample>(samples: readonly S[], n: number, done: ReadonlySet<string>, batch: boolean): Generator<Work<S>> {
  const isDone = doneTest(done);
  for (const sample of samples) {
    const pending: number[] = [];
    for (let i = 0; i < n; i++) if (!isDone(sample.id, i)) pending.push(i);
    if (pending.length === 0) continue;
    if (batch) yield { sample, indices: pending };
    else for (const i of pending) yield { sample, indices: [i] };
  }
}

export function countPending(samples: readonly Sample[], n: number, done: ReadonlySet<string>): number {
  if (done.size === 0) return samples.length * n;
  const isDone = doneTest(done);
  let c = 0;
  for (const s of samples) for (let i = 0; i < n; i++) if (!isDone(s.id, i)) c++;
  return c;
}

/** new Date().toISOString() costs ~1.5 µs; records finishing within the same millisecond share one. */
let isoMs = -1;
let isoText = '';
function isoNow(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}

/** A replay prediction by the problem's id, else by one of its aliases. */
function replayOutput(table: ReplayTable, sample: Sample, index: number): ReplayEntry | undefined {
  const hit = table.get(sample.id, index);
  if (hit !== undefined || !sample.aliases) return hit;
  for (const a of sample.aliases) {
    const alt = table.get(a, index);
    if (alt !== undefined) return alt;
  }
  return undefined;
}

const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

export function messagesHash(messages: readonly ChatMessage[]): string {
  // One-shot crypto.hash (Node ≥ 20.12) is about twice as fast as createHash() on small inputs.
  const text = JSON.stringify(messages);
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

function baseRecord(sample: Sample, index: number): Pick<SampleRecord, 'id' | 'sample' | 'groups'> {
  return { id: sample.id, sample: index, ...(sample.groups ? { groups: sample.groups } : {}) };
}

const VIEW_MAX_CHARS = 4000;
const cutView = (s: string | null) => (s !== null && s.length > VIEW_MAX_CHARS ? `${s.slice(0, VIEW_MAX_CHARS)}… [${s.length - VIEW_MAX_CHARS} more characters]` : s);

/** The problem as a reader sees it, for sample 0's record (a failing benchmark hook loses nothing else). */
export function problemView<S extends Sample>(session: Pick<BenchmarkSession<S>, 'view' | 'oracle'>, sample: S): ProblemView {
  try {
    const v = session.view ? session.view(sample) : { question: null, reference: session.oracle(sample) };
    return { question: cutView(v.question), reference: cutView(v.reference) };
  } catch {
    return { question: null, reference: null };
  }
}

export function errorRecord(
  sample: Sample,
  index: number,
  kind: NonNullable<SampleRecord['error_kind']>,
  error: string,
  partial: Partial<SampleRecord> = {},
): SampleRecord {
  return {
    ...baseRecord(sample, index),
    output: null,
    trace: [],
    turns: 0,
    tool_calls: 0,
    usage: emptyUsage(),
    latency_ms: 0,
    attempts: 0,
    scores: null,
    ...partial,
    error,
    error_kind: kind,
    finished_at: isoNow(),
  };
}

function textEpisode(answer: string | OracleAnswer): Episode {
  if (typeof answer === 'string') return { output: answer, trace: [], turns: 0, usage: emptyUsage(), latencyMs: 0, attempts: 0 };
  const episode: Episode = { output: answer.output, trace: [], turns: 0, usage: emptyUsage(), latencyMs: 0, attempts: 0 };
  if (answer.toolCalls && answer.toolCalls.length) episode.toolCalls = answer.toolCalls;
  return episode;
}

function oracleAnswer<S extends Sample>(session: BenchmarkSession<S>, sample: S): string | OracleAnswer {
  const output = session.oracle(sample);
  const toolCalls = session.oracleToolCalls?.(sample);
  return toolCalls && toolCalls.length ? { output, toolCalls } : output;
}

/** Split a request's usage over the choices it produced (prompt tokens were paid once). */
function shareUsage(u: Usage, parts: number): Usage {
  if (parts <= 1) return u;
  return {
    prompt_tokens: Math.round(u.prompt_tokens / parts),
    completion_tokens: Math.round(u.completion_tokens / parts),
    total_tokens: Math.round(u.total_tokens / parts),
  };
}

function describeError(err: unknown): { kind: NonNullable<SampleRecord['error_kind']>; message: string } {
  if (err instanceof ModelError) return { kind: 'model', message: `${err.kind}: ${err.message}` };
  return { kind: 'solver', message: err instanceof Error ? err.message : String(err) };
}

export async function runSamples<S extends Sample>(
  session: BenchmarkSession<S>,
  source: ModelSource,
  samples: readonly S[],
  opts: RunnerOptions,
): Promise<RunnerResult> {
  const solver = session.solver;
  const batch = source.kind === 'openai' && solver.kind === 'prompt';
  const total = countPending(samples, opts.n, opts.done);
  const progress = createProgress(opts.label, total, { quiet: opts.quiet, ...(opts.signal ? { signal: opts.signal } : {}) });
  const result: RunnerResult = { written: 0, errors: 0, skipped: samples.length * opts.n - total, aborted: false, elapsedMs: 0 };
  const started = performance.now();

  const emit = (record: SampleRecord, sample: S) => {
    if (opts.signal?.aborted) return; // unfinished work is redone on resume, never recorded half-done
    if (record.sample === 0) record.problem = problemView(session, sample);
    opts.write(record);
    result.written += 1;
    if (record.error !== null) result.errors += 1;
    progress.tick(record.error !== null);
  };

  // Records are built field by field: object spreads on this hot path cost ~20 µs a sample
  // (measured), more than the HTTP client itself.
  const finish = async (sample: S, index: number, episode: Episode, extra: Pick<SampleRecord, 'messages_sha256' | 'messages'>) => {
    const record: SampleRecord = {
      id: sample.id,
      sample: index,
      groups: sample.groups,
      messages_sha256: extra.messages_sha256,
      messages: extra.messages ?? episode.messages,
      output: episode.output,
      reasoning: episode.reasoning ?? null,
      trace: episode.trace,
      turns: episode.turns,
      tool_calls: episode.trace.length + (episode.toolCalls?.length ?? 0),
      limit_hit: episode.limitHit ?? null,
      usage: episode.usage,
      latency_ms: Math.round(episode.latencyMs),
      attempts: episode.attempts,
      scores: null,
      vote: null,
      extra: episode.extra,
      error: null,
      error_kind: null,
      finished_at: '',
    };
    try {
      const scored = await session.score(sample, episode);
      record.scores = scored.scores;
      record.vote = scored.vote ?? null;
      if (scored.extra) record.extra = episode.extra ? Object.assign({}, episode.extra, scored.extra) : scored.extra;
    } catch (err) {
      record.error = `scorer failed: ${(err as Error).message}`;
      record.error_kind = 'scorer';
    }
    if (episode.toolCalls && episode.toolCalls.length) record.output_tool_calls = episode.toolCalls;
    record.finished_at = isoNow();
    emit(record, sample);
  };

  const runWork = async (work: Work<S>): Promise<void> => {
    const { sample, indices } = work;
    if (source.kind === 'oracle' || source.kind === 'replay') {
      for (const i of indices) {
        const text = source.kind === 'oracle' ? oracleAnswer(session, sample) : replayOutput(source.table, sample, i);
        if (text === undefined) {
          emit(errorRecord(sample, i, 'model', `replay file has no output for id ${sample.id} sample ${i}`), sample);
        } else {
          await finish(sample, i, textEpisode(text), {});
        }
      }
      return;
    }
    const client = source.client;
    if (solver.kind === 'prompt') {
      const messages = solver.messages(sample);
      const tools = solver.tools?.(sample);
      const hash = messagesHash(messages);
      const logged = { messages_sha256: hash, messages: opts.logMessages ? messages : undefined };
      try {
        const req = tools && tools.length ? { messages, tools, sampling: opts.sampling, n: indices.length } : { messages, sampling: opts.sampling, n: indices.length };
        const res = await client.chat(req, { signal: opts.signal });
        const usage = shareUsage(res.usage, res.choices.length);
        for (const [j, i] of indices.entries()) {
          const choice = res.choices[j];
          if (!choice) {
            emit(errorRecord(sample, i, 'model', `endpoint returned ${res.choices.length} choices for n=${indices.length}`, { messages_sha256: hash }), sample);
            continue;
          }
          const episode: Episode = {
            output: choice.content,
            reasoning: choice.reasoning,
            trace: [],
            turns: 1,
            usage,
            latencyMs: res.latencyMs,
            attempts: res.attempts,
            extra: choice.finishReason ? { finish_reason: choice.finishReason } : {},
          };
          if (choice.toolCalls.length) episode.toolCalls = choice.toolCalls;
          await finish(sample, i, episode, logged);
        }
      } catch (err) {
        const { kind, message } = describeError(err);
        const attempts = err instanceof ModelError ? err.attempts : 0;
        for (const i of indices) emit(errorRecord(sample, i, kind, message, { messages_sha256: hash, attempts }), sample);
      }
      return;
    }
    for (const i of indices) {
      try {
        const episode = await solver.run(sample, client, { sampling: opts.sampling, signal: opts.signal });
        await finish(sample, i, episode, {});
      } catch (err) {
        const { kind, message } = describeError(err);
        emit(errorRecord(sample, i, kind, message, { attempts: err instanceof ModelError ? err.attempts : 0 }), sample);
      }
    }
  };

  // A fixed set of workers pulling from a lazy plan: memory stays O(concurrency) however
  // many samples the run has.
  const plan = planWork(samples, opts.n, opts.done, batch);
  const worker = async () => {
    for (;;) {
      if (opts.signal?.aborted) return;
      const next = plan.next();
      if (next.done) return;
      await runWork(next.value);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  } finally {
    progress.stop();
  }
  result.aborted = Boolean(opts.signal?.aborted);
  result.elapsedMs = performance.now() - started;
  return result;
}
