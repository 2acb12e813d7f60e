// Shared contracts between the engine (harness/), benchmarks/ and scorers/.
// Data flows one way: dataset → solver → episode → score → record → summary.

/** A JSON value, for everything that is written to run folders. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

// ---------------------------------------------------------------- chat protocol

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  name?: string;
}

/** OpenAI tools-API function declaration. */
export interface ToolSpec {
  type: 'function';
  function: { name: string; description: string; parameters: JsonObject };
}

export interface SamplingParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  stop?: string[];
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatRequest {
  messages: ChatMessage[];
  sampling: SamplingParams;
  tools?: ToolSpec[];
  /** Number of choices wanted; a client whose endpoint lacks `n` fans out into separate requests. */
  n?: number;
}

/** Plain-text completion (the /v1/completions API), used by tag-protocol agents that continue one prompt. */
export interface CompletionRequest {
  prompt: string;
  sampling: SamplingParams;
  n?: number;
}

export interface Choice {
  /** Assistant text with reasoning (`<think>…</think>`, `reasoning_content`) removed. */
  content: string;
  /** Reasoning that was removed from `content`, kept for the record. */
  reasoning: string | null;
  toolCalls: ToolCall[];
  finishReason: string | null;
}

export interface ModelResponse {
  choices: Choice[];
  usage: Usage;
  /** Wall time of the successful attempt plus all retries and backoff. */
  latencyMs: number;
  /** HTTP attempts made (1 = no retry). */
  attempts: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** A model endpoint. The client is the one owner of retries, deadlines and concurrency limits. */
export interface ModelClient {
  /** The spec as given, e.g. `openai:qwen3-8b` (never contains secrets). */
  readonly spec: string;
  /** Model name sent to the endpoint. */
  readonly model: string;
  chat(req: ChatRequest, opts?: CallOptions): Promise<ModelResponse>;
  complete(req: CompletionRequest, opts?: CallOptions): Promise<ModelResponse>;
  close(): Promise<void>;
}

/** Raised by a model client when a request has failed for good (after retries). */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly kind: 'http' | 'timeout' | 'network' | 'protocol' | 'aborted',
    readonly status: number | null,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

// ---------------------------------------------------------------- samples and episodes

/** One problem of a benchmark. Benchmarks extend it with their own fields. */
export interface Sample {
  /** Stable problem id: the dataset's own id where it has one, else the 0-based position in the file. */
  id: string;
  /** Categorical labels for per-group breakdowns, e.g. `{ difficulty: 'simple' }`. */
  groups?: Record<string, string>;
  /**
   * Other ids the problem is known by (e.g. a local `id` field a copy of Spider carries). Replay
   * files may key predictions by them; records always use `id`.
   */
  aliases?: string[];
}

/** One step of an agent's trace (a tool call and what came back). */
export interface TraceStep {
  turn: number;
  tool: string;
  input: Json;
  /** The observation given back to the model (possibly truncated). */
  output: string;
  error?: string | null;
  /** Tool-specific facts, e.g. retrieved doc ids, row counts. */
  meta?: JsonObject;
  latencyMs?: number;
}

/** What a solver produced for one (problem, sample index). */
export interface Episode {
  /** Final model text used for answer extraction (reasoning removed). */
  output: string;
  reasoning?: string | null;
  /** Full transcript for multi-turn episodes; single-shot episodes store a hash instead. */
  messages?: ChatMessage[];
  trace: TraceStep[];
  /** Model calls made. */
  turns: number;
  usage: Usage;
  latencyMs: number;
  attempts: number;
  /** Set when the episode stopped at a limit (max turns, max searches); it is still scored. */
  limitHit?: string | null;
  /** Solver-specific facts worth keeping (e.g. the extracted SQL). */
  extra?: JsonObject;
  /** Tool calls of a single-shot answer (a prompt solver with tools, or a replay line's `tool_calls`). */
  toolCalls?: ToolCall[];
}

/** Scores of one sample: metric key → value (0/1 for binary metrics, else a real number). */
export type Scores = Record<string, number>;

export interface ScoreResult {
  scores: Scores;
  /** Canonical answer used for majority voting (maj@n); null when it has none. */
  vote?: string | null;
  /** Scorer facts worth keeping (e.g. the extracted answer, why a SQL did not match). */
  extra?: JsonObject;
}

// ---------------------------------------------------------------- solvers and tools

export interface SolveContext {
  sampling: SamplingParams;
  signal?: AbortSignal;
}

/**
 * A prompt solver: one completion per sample. The runner batches the sample indices of a
 * problem into one request with `n` choices where the endpoint supports it.
 */
export interface PromptSolver<S extends Sample> {
  kind: 'prompt';
  messages(sample: S): ChatMessage[];
  /** Tools offered with the request (native function calling, e.g. BFCL's fc mode); the calls come back in `Episode.toolCalls`. */
  tools?(sample: S): ToolSpec[] | undefined;
}

/** An agent solver: a multi-turn loop with tools; one call per (problem, sample index). */
export interface AgentSolver<S extends Sample> {
  kind: 'agent';
  run(sample: S, model: ModelClient, ctx: SolveContext): Promise<Episode>;
}

export type Solver<S extends Sample> = PromptSolver<S> | AgentSolver<S>;

export interface ToolResult {
  /** The observation text given back to the model. */
  text: string;
  /** True when the tool failed (the error text is still the observation). */
  isError?: boolean;
  meta?: JsonObject;
}

/** A tool: a JSON-schema signature and a `call()`. The same tool serves tag protocols and native function calling. */
export interface Tool {
  name: string;
  description: string;
  parameters: JsonObject;
  call(args: JsonObject, signal?: AbortSignal): Promise<ToolResult>;
}

// ---------------------------------------------------------------- benchmarks

export interface MetricSpec {
  /** Key in `Scores`. */
  key: string;
  /** Column label, e.g. `EX`. */
  label: string;
  /** 0/1 scores: pass@k and maj@n apply. */
  binary: boolean;
  /** Shown on the leaderboard and checked by `compare --fail-on-regression`. */
  primary?: boolean;
  /** Display scale: 100 shows 0.642 as 64.2. Default 100 for binary metrics, 1 otherwise. */
  scale?: number;
  /** Lower is better (e.g. latency); affects regression direction only. */
  lowerIsBetter?: boolean;
  /** No better direction (e.g. tool calls per question): reported, never flagged as a regression. */
  neutral?: boolean;
}

/** A problem in the data that could not be turned into a sample (the run goes on without it). */
export interface DataIssue {
  file: string;
  /** 1-based line for JSONL, 0-based position for JSON arrays, as `where` says. */
  where: string;
  id?: string;
  message: string;
}

export interface DatasetFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface DatasetInfo {
  /** `local:<path>` or `hf:<repo>@<revision>`. */
  source: string;
  revision?: string | null;
  split?: string | null;
  files: DatasetFile[];
}

export interface BenchmarkInfo {
  name: string;
  title: string;
  /** Known sample counts per split of the full benchmark, for `agenteval list`. */
  sizes?: Record<string, number>;
  metrics: string[];
  dataSources: string[];
  solvers: string[];
  notes?: string;
  /** No bundled sample: it runs only on data the user gives (`--data`, a Hub repo); the demo skips it. */
  needsData?: boolean;
}

/** A benchmark-specific command-line option, added to `agenteval run`. */
export interface BenchmarkOption {
  /** Commander flags, e.g. `--ex-mode <mode>`. */
  flags: string;
  description: string;
  default?: string | number | boolean;
  choices?: string[];
}

/** What the engine passes to a benchmark when a run opens it. */
export interface OpenOptions {
  /** `--data PATH` (a local copy in the official layout), or undefined for bundled/Hub data. */
  data?: string;
  split?: string;
  /** `--hub-revision` etc. are read by the dataset layer from here. */
  hub?: { repo?: string; revision?: string };
  /** Parsed values of the benchmark's own options (camelCased keys, as commander gives them). */
  options: Record<string, unknown>;
  /** Sampling and run settings the benchmark may need (e.g. the judge settings). */
  quiet: boolean;
  log: (msg: string) => void;
  /** Folder for caches that outlive a run (built indexes, judge verdicts), e.g. `results/cache`. */
  cacheDir: string;
}

/**
 * An endpoint a session calls besides the model under test (an LLM judge). The engine checks it
 * before any sample (authentication, model served, reachable), as it checks the model's.
 */
export interface EndpointRef {
  /** For messages, e.g. `judge`. */
  role: string;
  model: string;
  baseUrls: string[];
  /** Name of the environment variable holding the key, and the flag that named it. */
  apiKeyEnv: string;
  keyFlag: string;
}

/** A reference answer that is (also) made of tool calls, as a function-calling model would give it. */
export interface OracleAnswer {
  output: string;
  toolCalls?: ToolCall[];
}

/** An opened benchmark: data loaded, resources (SQL pool, index, judge) ready, until `close()`. */
export interface BenchmarkSession<S extends Sample = Sample> {
  samples: S[];
  dataIssues: DataIssue[];
  dataset: DatasetInfo;
  /** Prompt/template file name → sha256, hashed into the manifest and fingerprint. */
  templates: Record<string, string>;
  /** Settings that change results (solver mode, ex-mode, timeouts…), for the manifest and fingerprint. */
  settings: JsonObject;
  solver: Solver<S>;
  metrics: MetricSpec[];
  score(sample: S, episode: Episode): Promise<ScoreResult>;
  /** The reference output: `oracle` answers with it; every scorer must give it full marks. */
  oracle(sample: S): string;
  /** Endpoints the scorer calls (an LLM judge), checked by the preflight before any sample. */
  endpoints?: EndpointRef[];
  /**
   * What a reader of the report needs to judge a sample: the question as the dataset states it and
   * the reference (gold SQL, accepted answers). Stored once per problem (`SampleRecord.problem`).
   * Without it, the reference is the oracle output and the question the logged messages' if any.
   */
  view?(sample: S): ProblemView;
  /** The reference tool calls, for benchmarks scored on native function calls (they come with `oracle()`'s text). */
  oracleToolCalls?(sample: S): ToolCall[];
  close(): Promise<void>;
}

/** A problem as people read it; texts are cut to a few thousand characters when recorded. */
export interface ProblemView {
  question: string | null;
  reference: string | null;
}

export interface Benchmark<S extends Sample = Sample> {
  name: string;
  describe(): BenchmarkInfo;
  options?: BenchmarkOption[];
  open(opts: OpenOptions): Promise<BenchmarkSession<S>>;
  /**
   * Benchmark-specific aggregates for the summary (e.g. searches per question), folded from the
   * run's current records (one per (id, sample), latest wins; transcripts included) as they
   * stream. Lives on the benchmark, not the session, so `merge`/`rescore` can recompute a summary
   * without loading data. The result must not depend on the order records arrive in.
   */
  aggregator?(settings: JsonObject): RecordAccumulator;
  /**
   * Optional exports after a run finished (e.g. RecRM-Bench's `--export-rewards FILE`), given
   * every current record of the run (transcripts included), streamed from samples.jsonl, and the
   * benchmark options.
   */
  postRun?(records: AsyncIterable<SampleRecord>, settings: JsonObject, options: Record<string, unknown>): Promise<void>;
}

// ---------------------------------------------------------------- run folder

/**
 * Folds records one at a time and produces a result once: time linear in records, memory
 * bounded by what the result truly needs (per-problem or per-group state), never by samples.
 * Summaries, benchmark aggregates, merge, compare and reports are all built on it.
 */
export interface RecordAccumulator<T = JsonObject> {
  add(record: SampleRecord): void;
  finish(): T;
}

/** One line of samples.jsonl. */
export interface SampleRecord {
  id: string;
  sample: number;
  groups?: Record<string, string>;
  /** sha256 of the request messages (single-shot) — the transcript itself is in `messages` for agents. */
  messages_sha256?: string | null;
  messages?: ChatMessage[] | null;
  output: string | null;
  /** The tool calls of a single-shot answer (OpenAI form), when it had some; rescoring reads them. */
  output_tool_calls?: ToolCall[] | null;
  reasoning?: string | null;
  trace: TraceStep[];
  turns: number;
  tool_calls: number;
  limit_hit?: string | null;
  usage: Usage;
  latency_ms: number;
  attempts: number;
  scores: Scores | null;
  vote?: string | null;
  extra?: JsonObject;
  /**
   * The problem's question and reference, on sample 0 of each problem only (once per problem keeps
   * run folders small): what the report's sample browser shows for single-shot runs, whose
   * messages are kept as a hash.
   */
  problem?: ProblemView;
  /** null, or why this sample has no scores. */
  error: string | null;
  error_kind?: 'model' | 'solver' | 'scorer' | 'data' | null;
  finished_at: string;
}
