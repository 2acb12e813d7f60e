// `agenteval index`: a streamed BM25 build of a real corpus, progress output, usage errors, the
// commander registration, and the CLI spawned from dist/ as a user types it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { SPECS, dataPath } from '../benchmarks/searchqa/specs.js';
import { registerIndex, runIndexCommand } from '../harness/cli/index-command.js';
import { readBm25Meta } from '../harness/retrieval/bm25-index.js';
import { openBm25Retriever } from '../harness/retrieval/bm25-pool.js';
import { CorpusError } from '../harness/retrieval/types.js';
import { ConfigError } from '../harness/run/options.js';

const tmp = mkdtempSync(join(tmpdir(), 'index-command-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const corpus = dataPath('combined-corpus.jsonl');
const musique = dataPath(SPECS.musique.bundledCorpus);
const CLI = join(import.meta.dirname, '..', 'dist', 'harness', 'cli', 'main.js');

function io(tty = false) {
  const out: string[] = [];
  return { out, io: { write: (t: string) => void out.push(t), tty } };
}

describe('runIndexCommand', () => {
  it('indexes every passage of the bundled corpus, with progress, and the index searches', async () => {
    const out = join(tmp, 'combined.bm25');
    const { out: lines, io: sink } = io(true);
    const r = await runIndexCommand(corpus, { out }, sink);
    expect(r.passages).toBe(304);
    const progress = lines.filter((l) => l.startsWith('\rindexing'));
    expect(progress.at(-1)).toMatch(/: 100% · 304 passages · [\d,]+\/s · ETA 0 s$/);
    expect(lines.at(-1)).toMatch(/^indexed 304 passages in [\d.]+ s \([\d,]+\/s\) → .*combined\.bm25 \([\d.]+ MB, tokenizer porter\)\n$/);
    const ix = openBm25Retriever(out, { workers: 0 });
    try {
      const hits = await ix.search('Miquette Giraudy keyboard player', 3);
      expect(hits[0]!.id).toBe('musique-dev_0#5');
      expect(ix.describe()).toMatchObject({ backend: 'bm25', passages: 304, tokenizer: 'porter' });
    } finally {
      await ix.close();
    }
  });

  it('refuses bad usage before touching anything, and never overwrites without --force', async () => {
    const out = join(tmp, 'x.bm25');
    await expect(runIndexCommand(corpus, {}, io().io)).rejects.toThrow(ConfigError);
    await expect(runIndexCommand(join(tmp, 'missing.jsonl'), { out }, io().io)).rejects.toThrow(/corpus not found/);
    await expect(runIndexCommand(corpus, { out, tokenizer: 'bpe' }, io().io)).rejects.toThrow(/--tokenizer must be one of porter, unicode61, trigram/);
    expect(existsSync(out)).toBe(false);

    await runIndexCommand(musique, { out, quiet: true }, io().io);
    expect(readBm25Meta(out).passages).toBe(44);
    await expect(runIndexCommand(corpus, { out }, io().io)).rejects.toThrow(/exists; pass --force/);
    await runIndexCommand(corpus, { out, force: true, tokenizer: 'unicode61', quiet: true }, io().io);
    expect(readBm25Meta(out)).toMatchObject({ passages: 304, analyzer: 'unicode61' });
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
  });

  it('names the file and line of a bad corpus line, leaving the existing index in place', async () => {
    const bad = join(tmp, 'bad.jsonl');
    writeFileSync(bad, `${readFileSync(musique, 'utf8').split('\n')[0]}\n{"id": "2"}\n`);
    const out = join(tmp, 'keep.bm25');
    await runIndexCommand(musique, { out, quiet: true }, io().io);
    const err = await runIndexCommand(bad, { out, force: true }, io().io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusError);
    expect((err as Error).message).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: needs a string "contents"`));
    expect(readBm25Meta(out).passages).toBe(44);
  });
});

describe('registerIndex', () => {
  it('adds `index <corpus.jsonl> --out <index>` to the program', async () => {
    const program = new Command().exitOverride();
    registerIndex(program);
    const cmd = program.commands.find((c) => c.name() === 'index')!;
    expect(cmd.options.map((o) => o.long)).toEqual(['--out', '--tokenizer', '--force', '--quiet']);
    const out = join(tmp, 'cli.bm25');
    await program.parseAsync(['node', 'agenteval', 'index', musique, '--out', out, '--tokenizer', 'trigram', '--quiet']);
    expect(readBm25Meta(out)).toMatchObject({ passages: 44, analyzer: 'trigram' });
  });
});

describe('agenteval index (spawned from dist/)', () => {
  // Three node processes that load the whole CLI: room for a loaded 2-core machine.
  it('builds with periodic progress lines when piped, silent with --quiet, exit 0; usage errors exit non-zero', { timeout: 120_000 }, () => {
    const out = join(tmp, 'spawned.bm25');
    const r = spawnSync(process.execPath, [CLI, 'index', musique, '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^indexed 44 passages in .* → .*spawned\.bm25 \(/m);
    expect(r.stderr).not.toContain('\r');
    const q = spawnSync(process.execPath, [CLI, 'index', musique, '--out', out, '--force', '--quiet'], { encoding: 'utf8' });
    expect(q.status).toBe(0);
    expect(q.stderr).toMatch(/^indexed 44 passages/);
    const bad = spawnSync(process.execPath, [CLI, 'index', musique, '--out', out], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/exists; pass --force/);
  });
});
