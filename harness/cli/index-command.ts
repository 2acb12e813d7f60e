// `agenteval index <corpus.jsonl> --out <index>`: stream a Search-R1/FlashRAG JSONL corpus
// (`{"id", "contents"}`, title on the first line; `{id|doc_id, title, text}` also read) into an
// embedded BM25 index folder (harness/retrieval/bm25-*.ts), for `agenteval run … --index <index>`.
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnalyzerName } from '../retrieval/analyzer.js';
import type { Bm25BuildResult } from '../retrieval/bm25-build.js';
import { ConfigError } from '../run/options.js';
import { codeFor, exitWith } from './exit.js';

export interface IndexCommandOptions {
  out?: string;
  tokenizer?: string;
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

function parse(corpus: string, o: IndexCommandOptions, ANALYZERS: readonly AnalyzerName[]): { out: string; analyzer: AnalyzerName } {
  if (!o.out) throw new ConfigError('--out <index> is required');
  if (!existsSync(corpus) || !statSync(corpus).isFile()) throw new ConfigError(`corpus not found: ${corpus}`);
  const analyzer = (o.tokenizer ?? 'porter') as AnalyzerName;
  if (!ANALYZERS.includes(analyzer)) throw new ConfigError(`--tokenizer must be one of ${ANALYZERS.join(', ')} (got "${o.tokenizer}")`);
  if (existsSync(o.out) && !o.force) throw new ConfigError(`${o.out} exists; pass --force to replace it`);
  if (existsSync(o.out) && !statSync(o.out).isDirectory()) throw new ConfigError(`${o.out} is a file, not an index folder; remove it first`);
  return { out: o.out, analyzer };
}

/** Build the index; throws ConfigError on bad usage and CorpusError (file:line) on a bad corpus line. */
export async function runIndexCommand(corpus: string, o: IndexCommandOptions, io: IndexIo): Promise<Bm25BuildResult> {
  // The index builder is imported here, not when the command is defined (every command's start-up).
  const [{ ANALYZERS }, { buildBm25Index }] = await Promise.all([import('../retrieval/analyzer.js'), import('../retrieval/bm25-build.js')]);
  const p = parse(corpus, o, ANALYZERS);
  const t0 = performance.now();
  const total = statSync(corpus).size;
  let lastPrint = t0;
  const onProgress = (n: number, bytes: number) => {
    if (o.quiet) return;
    const now = performance.now();
    const secs = Math.max((now - t0) / 1000, 1e-3);
    const frac = total > 0 ? Math.min(1, bytes / total) : 1;
    const eta = frac > 0 ? Math.round((secs * (1 - frac)) / frac) : 0;
    const line = `indexing ${corpus}: ${Math.floor(frac * 100)}% · ${fmt(n)} passages · ${fmt(Math.round(n / secs))}/s · ETA ${eta} s`;
    if (io.tty) io.write(`\r${line}`);
    else if (now - lastPrint >= 5000) {
      io.write(`${line}\n`);
      lastPrint = now;
    }
  };
  // The build writes a temp folder and renames it over --out at the end, so a failed build leaves
  // any existing index untouched.
  const result = await buildBm25Index(corpus, p.out, { analyzer: p.analyzer, onProgress });
  if (!o.quiet && io.tty) io.write('\n');
  const secs = result.ms / 1000;
  io.write(
    `indexed ${fmt(result.passages)} passages in ${secs.toFixed(1)} s (${fmt(Math.round(result.passages / Math.max(secs, 1e-3)))}/s) → ` +
      `${resolve(result.path)} (${(result.bytes / 1e6).toFixed(1)} MB, tokenizer ${p.analyzer})\n`,
  );
  return result;
}

export function registerIndex(program: Command): void {
  program
    .command('index')
    .description('build an embedded BM25 index (Lucene/Pyserini scoring) of a JSONL corpus, streamed, for `run --index`')
    .argument('<corpus.jsonl>', 'one passage per line: {"id", "contents"} with the title on the first line (wiki-18 / FlashRAG), or {id, title, text}')
    .requiredOption('--out <index>', 'index folder to write (e.g. wiki18.bm25)')
    .option('--tokenizer <name>', 'porter (Pyserini\'s English analyzer: stop words, Porter stems; default) | unicode61 (no stemming) | trigram (substrings)', 'porter')
    .option('--force', 'replace --out if it exists')
    .option('--quiet', 'no progress')
    .addHelpText('after', '\nExample:\n  agenteval index wiki-18.jsonl --out wiki18.bm25\n  agenteval run nq hotpotqa --index wiki18.bm25 --model openai:search-r1 --base-url http://localhost:8000/v1')
    .action(async (corpus: string, o: IndexCommandOptions) => {
      try {
        await runIndexCommand(corpus, o, { write: (t) => process.stderr.write(t), tty: Boolean(process.stderr.isTTY) });
      } catch (err) {
        exitWith(codeFor(err), err);
      }
      // Success returns normally (exit code 0): nothing keeps the process alive.
    });
}
