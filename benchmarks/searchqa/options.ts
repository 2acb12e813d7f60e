// Options of `agenteval run hotpotqa|2wiki|musique|bamboogle|nq|triviaqa|popqa`. Flags carry no commander defaults:
// other benchmarks declare some of the same flags (`--max-turns`, maybe `--protocol`) and the CLI
// keeps one declaration per flag, so defaults are applied here when a value is undefined.
import type { BenchmarkOption, JsonObject } from '../../harness/types.js';

export type Protocol = 'tags' | 'tools' | 'direct' | 'rag';
export type CompletionsFormat = 'raw' | 'qwen2.5';

export interface SearchQaSettings {
  protocol: Protocol;
  index?: string;
  corpus?: string;
  retrieverUrl?: string;
  topk: number;
  /** Acting rounds (searches possible) before the final answer turn: maxTurns + 1 model calls. */
  maxTurns: number;
  /** Searches allowed per episode; undefined = no limit (Search-R1 has none). */
  maxSearches?: number;
  /** Use /v1/completions (one growing prompt) instead of chat. */
  completions: boolean;
  completionsFormat: CompletionsFormat;
}

export const DEFAULTS = {
  protocol: 'tags' as Protocol,
  // Search-R1 retrieval: retriever.topk=3 (scripts/nq_hotpotqa/evaluate.sh, infer.py).
  topk: 3,
  // Search-R1 evaluation: max_turns=4 (scripts/nq_hotpotqa/evaluate.sh) acting rounds + a final one.
  maxTurns: 4,
};

export const PROTOCOLS: readonly Protocol[] = ['tags', 'tools', 'direct', 'rag'];

export const OPTIONS: BenchmarkOption[] = [
  { flags: '--protocol <protocol>', description: 'search QA agent protocol: tags (Search-R1 <search>/<answer>) | tools (function calling) | direct (closed-book) | rag (retrieve once); default tags' },
  { flags: '--index <path>', description: 'search QA: a BM25 index built by `agenteval index` (default: the benchmark\'s bundled corpus)' },
  { flags: '--corpus <jsonl>', description: 'search QA: a {"id","contents"} JSONL corpus, indexed once and cached under results/cache' },
  { flags: '--retriever-url <url>', description: 'search QA: a Search-R1/FlashRAG retriever server (POST /retrieve) instead of BM25' },
  { flags: '--topk <k>', description: 'search QA: passages per search (default 3)' },
  { flags: '--max-turns <T>', description: 'agent rounds with tool calls before the final answer (search QA default 4, as Search-R1)' },
  { flags: '--max-searches <S>', description: 'search QA: searches allowed per question (default: no limit)' },
  { flags: '--completions', description: 'search QA: use /v1/completions with one growing prompt (what Search-R1 models are trained on)' },
  { flags: '--completions-format <format>', description: 'search QA with --completions: raw prompt, or qwen2.5 (the prompt in Qwen2.5\'s chat template, as Search-R1 infer.py applies it); default raw' },
];

function int(raw: unknown, flag: string, min: number): number | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag}: expected an integer ≥ ${min}, got "${String(raw)}"`);
  return n;
}

function text(raw: unknown, flag: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') throw new Error(`${flag}: expected a value`);
  return raw;
}

function choice<T extends string>(raw: unknown, flag: string, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const s = String(raw);
  if (!(allowed as readonly string[]).includes(s)) throw new Error(`${flag}: expected one of ${allowed.join(', ')}, got "${s}"`);
  return s as T;
}

export function parseOptions(raw: Record<string, unknown>): SearchQaSettings {
  const s: SearchQaSettings = {
    protocol: choice(raw.protocol, '--protocol', PROTOCOLS, DEFAULTS.protocol),
    topk: int(raw.topk, '--topk', 1) ?? DEFAULTS.topk,
    maxTurns: int(raw.maxTurns, '--max-turns', 0) ?? DEFAULTS.maxTurns,
    completions: raw.completions === true || raw.completions === 'true',
    completionsFormat: choice(raw.completionsFormat, '--completions-format', ['raw', 'qwen2.5'] as const, 'raw'),
  };
  const index = text(raw.index, '--index');
  const corpus = text(raw.corpus, '--corpus');
  const url = text(raw.retrieverUrl, '--retriever-url');
  const given = [index && '--index', corpus && '--corpus', url && '--retriever-url'].filter(Boolean);
  if (given.length > 1) throw new Error(`${given.join(' and ')}: give one retrieval source`);
  if (index) s.index = index;
  if (corpus) s.corpus = corpus;
  if (url) s.retrieverUrl = url;
  const maxSearches = int(raw.maxSearches, '--max-searches', 0);
  if (maxSearches !== undefined) s.maxSearches = maxSearches;
  return s;
}

export function needsRetriever(p: Protocol): boolean {
  return p !== 'direct';
}

/** Settings that change results, for the manifest and the run fingerprint. */
export function settingsJson(s: SearchQaSettings, retriever: JsonObject | null): JsonObject {
  const out: JsonObject = { protocol: s.protocol };
  if (s.protocol === 'tags' || s.protocol === 'tools') {
    out.maxTurns = s.maxTurns;
    out.maxSearches = s.maxSearches ?? null;
  }
  if (s.protocol !== 'tools') {
    out.completions = s.completions;
    if (s.completions) out.completionsFormat = s.completionsFormat;
  }
  if (retriever) {
    out.topk = s.topk;
    out.retriever = retriever;
  }
  return out;
}
