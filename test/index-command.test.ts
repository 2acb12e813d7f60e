// `agenteval index`: a streamed FTS5 build of a real corpus, progress output, usage errors, and the
// commander registration.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { SPECS, dataPath } from '../benchmarks/searchqa/specs.js';
import { registerIndex, runIndexCommand } from '../harness/cli/index-command.js';
import { openIndex } from '../harness/retrieval/fts-index.js';
import { CorpusError } from '../harness/retrieval/types.js';
import { ConfigError } from '../harness/run/options.js';

const tmp = mkdtempSync(join(tmpdir(), 'index-command-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const corpus = dataPath('combined-corpus.jsonl');

function io(tty = false) {
  const out: string[] = [];
  return { out, io: { write: (t: string) => void out.push(t), tty } };
}

describe('runIndexCommand', () => {
  it('indexes every passage of the bundled corpus, with progress, and the index searches', async () => {
    const out = join(tmp, 'combined.sqlite');
    const { out: lines, io: sink } = io(true);
    const r = await runIndexCommand(corpus, { out, batchSize: '50' }, sink);
    expect(r.passages).toBe(304);
    const progress = lines.filter((l) => l.startsWith('\rindexing'));
    expect(progress.length).toBe(7); // 6 full batches of 50 + the last 4
    expect(progress.at(-1)).toMatch(/: 304 passages \(/);
    expect(lines.at(-1)).toMatch(/^indexed 304 passages in [\d.]+ s \([\d,]+\/s\) → .*combined\.sqlite \([\d.]+ MB, tokenizer porter\)\n$/);
    const ix = openIndex(out);
    try {
      const hits = await ix.search('Miquette Giraudy keyboard player', 3);
      expect(hits[0]!.id).toBe('musique-dev_0#5');
      expect(ix.describe()).toMatchObject({ passages: 304, tokenizer: 'porter' });
    } finally {
      await ix.close();
    }
  });

  it('refuses bad usage before touching anything, and never overwrites without --force', async () => {
    const out = join(tmp, 'x.sqlite');
    await expect(runIndexCommand(corpus, {}, io().io)).rejects.toThrow(ConfigError);
    await expect(runIndexCommand(join(tmp, 'missing.jsonl'), { out }, io().io)).rejects.toThrow(/corpus not found/);
    await expect(runIndexCommand(corpus, { out, tokenizer: 'bpe' }, io().io)).rejects.toThrow(/--tokenizer must be one of porter, unicode61, trigram/);
    await expect(runIndexCommand(corpus, { out, batchSize: '0' }, io().io)).rejects.toThrow(/--batch-size/);
    expect(existsSync(out)).toBe(false);

    await runIndexCommand(dataPath(SPECS.musique.bundledCorpus), { out, quiet: true }, io().io);
    const before = statSync(out).size;
    await expect(runIndexCommand(corpus, { out }, io().io)).rejects.toThrow(/exists; pass --force/);
    await runIndexCommand(corpus, { out, force: true, tokenizer: 'unicode61', quiet: true }, io().io);
    expect(statSync(out).size).toBeGreaterThan(before);
  });

  it('names the file and line of a bad corpus line, leaving the existing index in place', async () => {
    const bad = join(tmp, 'bad.jsonl');
    writeFileSync(bad, `${readFileSync(dataPath(SPECS.musique.bundledCorpus), 'utf8').split('\n')[0]}\n{"id": "2"}\n`);
    const out = join(tmp, 'keep.sqlite');
    await runIndexCommand(dataPath(SPECS.musique.bundledCorpus), { out, quiet: true }, io().io);
    const err = await runIndexCommand(bad, { out, force: true }, io().io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorpusError);
    expect((err as Error).message).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: needs a string "contents"`));
    const ix = openIndex(out);
    expect(ix.describe()).toMatchObject({ passages: 44 });
    await ix.close();
  });
});

describe('registerIndex', () => {
  it('adds `index <corpus.jsonl> --out <index>` to the program', async () => {
    const program = new Command().exitOverride();
    registerIndex(program);
    const cmd = program.commands.find((c) => c.name() === 'index')!;
    expect(cmd.options.map((o) => o.long)).toEqual(['--out', '--tokenizer', '--batch-size', '--force', '--quiet']);
    const out = join(tmp, 'cli.sqlite');
    await program.parseAsync(['node', 'agenteval', 'index', dataPath(SPECS.musique.bundledCorpus), '--out', out, '--tokenizer', 'trigram', '--quiet']);
    const ix = openIndex(out);
    expect(ix.describe()).toMatchObject({ passages: 44, tokenizer: 'trigram' });
    await ix.close();
  });
});
