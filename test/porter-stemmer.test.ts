// Porter stemming as Lucene's PorterStemmer does it, cross-checked against an independent
// implementation: SQLite FTS5's `porter` tokenizer (read back through fts5vocab) over every word of
// the real fixture passages, plus the examples of Porter's paper.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { porterStem } from '../harness/retrieval/porter-stemmer.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'retrieval');

describe('porterStem', () => {
  it('stems the examples of Porter (1980)', () => {
    const cases: Record<string, string> = {
      caresses: 'caress', ponies: 'poni', ties: 'ti', caress: 'caress', cats: 'cat', feed: 'feed', agreed: 'agre',
      plastered: 'plaster', motoring: 'motor', sing: 'sing', conflated: 'conflat', troubled: 'troubl', sized: 'size',
      hopping: 'hop', falling: 'fall', hissing: 'hiss', filing: 'file', happy: 'happi', sky: 'sky',
      relational: 'relat', conditional: 'condit', rational: 'ration', digitizer: 'digit', vietnamization: 'vietnam',
      triplicate: 'triplic', formalize: 'formal', electrical: 'electr', hopeful: 'hope', goodness: 'good',
      revival: 'reviv', allowance: 'allow', adjustable: 'adjust', adoption: 'adopt', effective: 'effect',
      probate: 'probat', controll: 'control', roll: 'roll', archaeology: 'archaeolog', generalizations: 'gener',
    };
    for (const [w, s] of Object.entries(cases)) expect(porterStem(w), w).toBe(s);
    expect(porterStem('is')).toBe('is');
  });

  it('agrees with SQLite FTS5’s porter tokenizer on every word of the fixture passages', () => {
    const text = ['mini_corpus_from_hotpot_context.jsonl', 'hotpot_corpus_context_paragraphs.jsonl', 'musique_corpus_supporting_paragraphs.jsonl']
      .map((f) => readFileSync(join(FIXTURES, f), 'utf8'))
      .join(' ')
      .toLowerCase();
    const words = [...new Set(text.match(/[a-z]+/g) ?? [])];
    expect(words.length).toBeGreaterThan(2000);
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE f USING fts5(x, tokenize='porter ascii'); CREATE VIRTUAL TABLE v USING fts5vocab(f, 'row');");
    const ins = db.prepare('INSERT INTO f(rowid, x) VALUES (?, ?)');
    const vocab = db.prepare('SELECT term FROM v');
    const differ: string[] = [];
    for (const w of words) {
      db.exec('DELETE FROM f');
      ins.run(1, w);
      const theirs = (vocab.get() as { term: string }).term;
      if (theirs !== porterStem(w)) differ.push(`${w}: ${theirs} vs ${porterStem(w)}`);
    }
    db.close();
    expect(differ).toEqual([]);
  });
});
