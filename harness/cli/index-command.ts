// `agenteval index <corpus.jsonl> --out <index>`: stream a Search-R1/FlashRAG JSONL corpus
// (`{"id", "contents"}`, title on the first line; `{id|doc_id, title, text}` also read) into an
// on-disk SQLite FTS5 BM25 index, for `agenteval run … --index <index>`.
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildIndex, type BuildResult } from '../retrieval/fts-index.js';
import type { FtsTokenizer } from '../retrieval/types.js';
import { ConfigError } from '../run/options.js';
import { codeFor, exitWith } from './exit.js';

const TOKENIZERS: readonly FtsTokenizer[] = ['porter', 'unicode61', 'trigram'];

export interface IndexCommandOptions {
  out?: string;
  tokenizer?: string;
  batchSize?: string | number;
  force?: boolean;
  quiet?: boolean;
}

export interface IndexIo {
  /** Progress and the final line go here (stderr by default). */
  write(text: string): void;
  /** Rewrite one status line in place (a terminal); else progress is printed every few seconds. */
  tty: boolean;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function parse(corpus: string, o: IndexCommandOptions): { out: string; tokenizer: FtsTokenizer; batchSize?: number } {
  if (!o.out) throw new ConfigError('--out <index> is required');
  if (!existsSync(corpus) || !statSync(corpus).isFile()) throw new ConfigError(`corpus not found: ${corpus}`);
  const tokenizer = (o.tokenizer ?? 'porter') as FtsTokenizer;
  if (!TOKENIZERS.includes(tokenizer)) throw new ConfigError(`--tokenizer must be one of ${TOKENIZERS.join(', ')} (got "${o.tokenizer}")`);
  let batchSize: number | undefined;
  if (o.batchSize !== undefined) {
    batchSize = Number(o.batchSize);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError(`--batch-size must be an integer ≥ 1 (got "${String(o.batchSize)}")`);
  }
  if (existsSync(o.out) && !o.force) throw new ConfigError(`${o.out} exists; pass --force to replace it`);
  return { out: o.out, tokenizer, ...(batchSize !== undefined ? { batchSize } : {}) };
}

/** Build the index; throws ConfigError on bad usage and CorpusError (file:line) on a bad corpus line. */
export async function runIndexCommand(corpus: string, o: IndexCommandOptions, io: IndexIo): Promise<BuildResult> {
  const p = parse(corpus, o);
  const t0 = performance.now();
  let lastPrint = 0;
  const onProgress = (n: number) => {
    if (o.quiet) return;
    const now = performance.now();
    const rate = Math.round(n / Math.max((now - t0) / 1000, 1e-3));
    if (io.tty) io.write(`\rindexing ${corpus}: ${fmt(n)} passages (${fmt(rate)}/s)`);
    else if (now - lastPrint >= 5000) {
      io.write(`indexing ${corpus}: ${fmt(n)} passages (${fmt(rate)}/s)\n`);
      lastPrint = now;
    }
  };
  // buildIndex writes a temp file and renames it over --out at the end, so a failed build leaves
  // any existing index untouched.
  const result = await buildIndex(corpus, p.out, { tokenizer: p.tokenizer, ...(p.batchSize ? { batchSize: p.batchSize } : {}), onProgress });
  if (!o.quiet && io.tty) io.write('\n');
  const secs = result.ms / 1000;
  const mb = statSync(result.path).size / 1e6;
  io.write(
    `indexed ${fmt(result.passages)} passages in ${secs.toFixed(1)} s (${fmt(Math.round(result.passages / Math.max(secs, 1e-3)))}/s) → ` +
      `${resolve(result.path)} (${mb.toFixed(1)} MB, tokenizer ${p.tokenizer})\n`,
  );
  return result;
}

export function registerIndex(program: Command): void {
  program
    .command('index')
    .description('build a BM25 index (SQLite FTS5) of a JSONL corpus, streamed, for `run --index`')
    .argument('<corpus.jsonl>', 'one passage per line: {"id", "contents"} with the title on the first line (wiki-18 / FlashRAG), or {id, title, text}')
    .requiredOption('--out <index>', 'index file to write (e.g. wiki18.sqlite)')
    .option('--tokenizer <name>', 'porter (English, stemmed; default) | unicode61 (no stemming) | trigram (substrings)', 'porter')
    .option('--batch-size <N>', 'passages per transaction', '10000')
    .option('--force', 'replace --out if it exists')
    .option('--quiet', 'no progress')
    .addHelpText('after', '\nExample:\n  agenteval index wiki-18.jsonl --out wiki18.sqlite\n  agenteval run nq hotpotqa --index wiki18.sqlite --model openai:search-r1 --base-url http://localhost:8000/v1')
    .action(async (corpus: string, o: IndexCommandOptions) => {
      try {
        await runIndexCommand(corpus, o, { write: (t) => process.stderr.write(t), tty: Boolean(process.stderr.isTTY) });
      } catch (err) {
        exitWith(codeFor(err), err);
      }
      // Success returns normally (exit code 0): the index is closed, nothing keeps the process alive.
    });
}
