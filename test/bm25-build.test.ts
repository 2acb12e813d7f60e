// The parallel index build: the same corpus built on the calling thread and with 1, 2 and 3 worker
// threads (small chunks, so every worker gets many, and small run buffers, so several runs spill)
// gives the same files byte for byte; corpus errors in a late chunk still name the right line;
// progress reaches the whole file. The corpus mixes real passages with the cases chunking could
// get wrong: a BOM, CRLF and blank lines, {title, text} lines without id (id = line number),
// non-ASCII and CJK text, mixed case, and a line longer than a chunk.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataPath } from '../benchmarks/searchqa/specs.js';
import { buildBm25Index } from '../harness/retrieval/bm25-build.js';
import { loadBm25Index } from '../harness/retrieval/bm25-index.js';
import { openLocalSearcher } from '../harness/retrieval/bm25-local.js';
import { seededRandom } from '../harness/testing/prng.js';
import { CorpusError } from '../harness/retrieval/types.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'retrieval');
const texts = [join(FIXTURES, 'hotpot_corpus_context_paragraphs.jsonl'), dataPath('combined-corpus.jsonl')].flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const o = JSON.parse(l) as { contents?: string; title?: string; text?: string };
      return o.contents ?? `${o.title ?? ''}\n${o.text ?? ''}`;
    }),
);
const words = texts.join(' ').split(/\s+/).filter(Boolean);
const EXTRA = ['Café', 'naïve', 'ÉMIGRÉ', '北京大学', '東京', 'ソニー', '한국어', "John's", "don't", 'U.S.', '1,000', '3.14', 'ＡＢＣ', '😀', 'Straße', 'O’Neil’s', 'x_y', 'THE', 'Running'];

function corpusLines(n: number): string[] {
  const rand = seededRandom(11);
  const pick = () => (rand() < 0.04 ? EXTRA[Math.floor(rand() * EXTRA.length)]! : words[Math.floor(rand() * words.length)]!);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const w = Array.from({ length: 5 + Math.floor(rand() * 80) }, pick);
    if (i % 5 === 0) lines.push(JSON.stringify({ title: w[0], text: w.slice(1).join(' ') }));
    else lines.push(JSON.stringify({ id: `p${i}`, contents: `"${w.slice(0, 2).join(' ')}"\n${w.slice(2).join(' ')}` }));
    if (i % 97 === 0) lines.push(i % 2 ? '' : '  ');
  }
  // One passage longer than a chunk.
  lines.splice(500, 0, JSON.stringify({ id: 'long', contents: `"Zyqxvor"\n${Array.from({ length: 3000 }, pick).join(' ')}` }));
  return lines;
}

const dir = mkdtempSync(join(tmpdir(), 'bm25-build-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CHUNK = 8192;

function filesOf(index: string): Record<string, string> {
  const meta = JSON.parse(readFileSync(join(index, 'meta.json'), 'utf8')) as Record<string, unknown>;
  delete meta.built_at;
  return {
    meta: JSON.stringify(meta),
    postings: readFileSync(join(index, 'postings.bin')).toString('base64'),
    docs: readFileSync(join(index, 'docs.bin')).toString('base64'),
  };
}

describe('buildBm25Index with worker threads', () => {
  const corpus = join(dir, 'corpus.jsonl');
  writeFileSync(corpus, '\uFEFF' + corpusLines(1500).join('\r\n') + '\r\n');

  it('writes the same index byte for byte on the calling thread and with 1, 2 or 3 workers', { timeout: 60_000 }, async () => {
    const built: Array<Record<string, string>> = [];
    for (const workers of [0, 1, 2, 3]) {
      for (const analyzer of ['porter', 'trigram'] as const) {
        const out = join(dir, `ix-${analyzer}-${workers}`);
        const progress: Array<[number, number]> = [];
        const r = await buildBm25Index(corpus, out, { workers, analyzer, chunkBytes: CHUNK, runPostings: 5000, onProgress: (n, b) => progress.push([n, b]) });
        expect(r.passages).toBe(1501);
        expect(progress.at(-1)).toEqual([1501, statSync(corpus).size]);
        if (analyzer === 'porter') built.push(filesOf(out));
        else expect(filesOf(out)).toEqual(filesOf(join(dir, `ix-trigram-0`)));
      }
    }
    for (const b of built.slice(1)) expect(b).toEqual(built[0]);
  });

  it('keeps corpus line numbers across chunks: default ids and searchable passages', async () => {
    const out = join(dir, 'ix-porter-2');
    const ix = loadBm25Index(out);
    const s = openLocalSearcher(out, ix.meta, ix.postings);
    try {
      // Line 1 (after the BOM) is {title, text} without id: its id is its 0-based line number.
      const lines = readFileSync(corpus, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
      const at = lines.findIndex((l, i) => i > 1000 && l.startsWith('{"title"'));
      const o = JSON.parse(lines[at]!) as { title: string; text: string };
      const hits = s.search(`${o.title} ${o.text}`, 3);
      expect(hits[0]?.id).toBe(String(at));
      expect(s.search('zyqxvor', 1)[0]?.id).toBe('long');
    } finally {
      s.close();
    }
  });

  it('fails on a bad line in a late chunk naming its line, and leaves nothing behind', async () => {
    const sub = mkdtempSync(join(dir, 'bad-'));
    const bad = join(sub, 'bad.jsonl');
    const lines = corpusLines(1500);
    lines.splice(1234, 0, '{"id": "x", "contents": ');
    writeFileSync(bad, lines.join('\n'));
    for (const workers of [0, 2]) {
      const err = await buildBm25Index(bad, join(sub, 'bad.bm25'), { workers, chunkBytes: CHUNK }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CorpusError);
      expect((err as CorpusError).line).toBe(1235);
    }
    expect(readdirSync(sub)).toEqual(['bad.jsonl']);
  });
});
