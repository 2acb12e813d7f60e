// The build's chunk analyser: per passage, the terms and counts it reports (through its fused ASCII
// scan-and-hash loop or the analyzer's general path) are the analyzer's own terms for that text;
// local term ids follow first-seen order across chunks; docs.bin bytes and line errors are right.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYZERS, createAnalyzer } from '../harness/retrieval/analyzer.js';
import { ChunkAnalyser, type ChunkResult } from '../harness/retrieval/bm25-chunk.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'retrieval');
const real = readFileSync(join(FIXTURES, 'mini_corpus_from_hotpot_context.jsonl'), 'utf8').split('\n').filter(Boolean);
const odd = [
  "Don't stop: U.S. forces' 1,000,000 men (3.14%) in O'Neil's a.b:c x_y __ 1.2.3 1,2, end.",
  'THE The the tHe RUNNING Runs running',
  'Café naïve ÉMIGRÉ Straße 北京大学 東京 ソニー 한국어 ＡＢＣ 😀 O’Neil’s',
  "trailing joiner' and. 12, 'lead",
  '',
];
const lines = [...real, ...odd.map((t, i) => JSON.stringify({ id: `odd${i}`, contents: t }))];
const enc = new TextEncoder();

/** The passage's (term → tf) as the analyzer's public API gives it. */
function expected(name: (typeof ANALYZERS)[number], text: string): Map<string, number> {
  const m = new Map<string, number>();
  createAnalyzer(name).analyze(text, (t) => m.set(t, (m.get(t) ?? 0) + 1));
  return m;
}

/** Per passage (term → tf) from chunk results, local ids resolved through their new-term lists. */
function decode(results: ChunkResult[]): Array<Map<string, number>> {
  const names: string[] = [];
  const out: Array<Map<string, number>> = [];
  for (const r of results) {
    expect(r.firstNew).toBe(names.length);
    names.push(...r.newTerms);
    let p = 0;
    for (let d = 0; d < r.docs; d++) {
      const m = new Map<string, number>();
      let len = 0;
      for (let e = p + r.postCount[d]!; p < e; p++) {
        m.set(names[r.terms[p]!]!, r.tfs[p]!);
        len += r.tfs[p]!;
      }
      expect(r.docLen[d]).toBe(len);
      out.push(m);
    }
  }
  return out;
}

describe('ChunkAnalyser', () => {
  it.each(ANALYZERS)('%s: gives every passage the analyzer’s terms and counts, across chunks', (name) => {
    const a = new ChunkAnalyser(name);
    const half = Math.floor(lines.length / 2);
    const results = [
      a.analyse({ seq: 0, bytes: enc.encode(lines.slice(0, half).join('\n') + '\n'), firstLine: 1 }),
      a.analyse({ seq: 1, bytes: enc.encode(lines.slice(half).join('\n')), firstLine: half + 1 }),
    ];
    const got = decode(results);
    expect(got).toHaveLength(lines.length);
    lines.forEach((l, i) => expect(got[i], l.slice(0, 60)).toEqual(expected(name, (JSON.parse(l) as { contents: string }).contents)));
    // A term is new once: the second chunk lists only terms the first did not.
    expect(new Set([...results[0]!.newTerms, ...results[1]!.newTerms]).size).toBe(results[0]!.newTerms.length + results[1]!.newTerms.length);
  });

  it('stores each passage’s id and contents as UTF-8, skipping blank lines, and names a bad line', () => {
    const a = new ChunkAnalyser('porter');
    const text = ['{"id": 7, "contents": "\\"T\\"\\nnaïve"}', '', '  ', '{"title": "A", "text": "b"}', ''].join('\r\n');
    const r = a.analyse({ seq: 0, bytes: enc.encode('\uFEFF' + text), firstLine: 1 });
    expect(r.docs).toBe(2);
    const bytes = Buffer.from(r.text);
    expect(bytes.toString('utf8')).toBe('7"T"\nnaïve' + '3"A"\nb');
    expect([...r.textLens]).toEqual([1, Buffer.byteLength('"T"\nnaïve'), 1, 5]);
    const bad = a.analyse({ seq: 1, bytes: enc.encode('{"id": "1", "contents": "x"}\n{"id": 2}\n'), firstLine: 40 });
    expect(bad.error?.line).toBe(41);
    expect(bad.error?.message).toMatch(/needs a string "contents"/);
  });
});
