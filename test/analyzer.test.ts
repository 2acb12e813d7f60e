// Text → terms as Pyserini's default English analyzer makes them (UAX#29-like words, possessives,
// lowercase, Lucene's stop set, Porter), CJK bigrams, and the unicode61/trigram variants.
import { describe, expect, it } from 'vitest';
import { createAnalyzer, queryTerms, type AnalyzerName } from '../harness/retrieval/analyzer.js';

const terms = (name: AnalyzerName, text: string) => {
  const out: string[] = [];
  createAnalyzer(name).analyze(text, (t) => out.push(t));
  return out;
};

describe('porter (Pyserini-like)', () => {
  it('drops stop words and possessives, lowercases and stems', () => {
    expect(terms('porter', 'Who directed the film "Ed Wood"? Scott Derrickson’s nationality')).toEqual(['who', 'direct', 'film', 'ed', 'wood', 'scott', 'derrickson', 'nation']);
    expect(terms('porter', 'The Who')).toEqual(['who']);
    expect(terms('porter', 'the of and a')).toEqual([]);
  });

  it('keeps words joined by apostrophes, dots and colons between letters, and numbers with separators', () => {
    expect(terms('porter', "don't U.S. 3.14 1,000 e-mail foo_bar x:y")).toEqual(["don't", 'u.', '3.14', '1,000', 'e', 'mail', 'foo_bar', 'x:y']);
    // The non-ASCII path gives the same tokens.
    expect(terms('porter', "don't U.S. 3.14 1,000 e-mail foo_bar x:y é")).toEqual(["don't", 'u.', '3.14', '1,000', 'e', 'mail', 'foo_bar', 'x:y', 'é']);
  });

  it('indexes CJK runs as overlapping bigrams (a lone character as itself), full-width Latin folded', () => {
    expect(terms('porter', 'KFC西单店 茶 ＫＦＣ')).toEqual(['kfc', '西单', '单店', '茶', 'kfc']);
  });

  it('weighs a repeated query term by its count', () => {
    expect([...queryTerms(createAnalyzer('porter'), 'new york new films film')]).toEqual([['new', 2], ['york', 1], ['film', 2]]);
  });
});

describe('unicode61 and trigram', () => {
  it('unicode61 folds case and diacritics, keeps stop words, does not stem', () => {
    expect(terms('unicode61', 'The Émigrés')).toEqual(['the', 'emigres']);
  });
  it('trigram indexes 3-character windows of each token', () => {
    expect(terms('trigram', '朝阳北路 ab Hello')).toEqual(['朝阳北', '阳北路', 'hel', 'ell', 'llo']);
  });
});
