// The FTS5 MATCH builder and CJK segmentation used by the LocalSearchBench merchant index.
import { describe, expect, it } from 'vitest';
import { buildMatchQuery, segmentForIndex } from '../harness/retrieval/fts-query.js';

describe('buildMatchQuery', () => {
  it('builds OR queries of quoted terms, dropping stop words unless nothing else is left', () => {
    expect(buildMatchQuery('Who directed the film "Ed Wood"?', 'porter')).toBe('"Who" OR "directed" OR "film" OR "Ed" OR "Wood"');
    expect(buildMatchQuery('AND OR NOT', 'porter')).toBe('"AND" OR "OR" OR "NOT"');
    expect(buildMatchQuery('NEAR( * : )', 'porter')).toBe('"NEAR"');
    expect(buildMatchQuery('" * ( :', 'porter')).toBeNull();
    expect(buildMatchQuery('the the THE', 'unicode61')).toBe('"the"');
    expect(buildMatchQuery("Scott Derrickson's nationality?", 'porter')).toBe('"Scott" OR "Derrickson" OR "nationality"');
    expect(buildMatchQuery('a "b" c', 'porter')).toBe('"b" OR "c"');
  });

  it('indexes each CJK character as a token and queries CJK runs as bigram phrases', () => {
    expect(segmentForIndex('KFC西单店', 'porter')).toBe('KFC 西  单  店 ');
    expect(segmentForIndex('ＫＦＣ', 'porter')).toBe('KFC');
    expect(buildMatchQuery('西单 酒店', 'porter')).toBe('"西 单" OR "酒 店"');
    expect(buildMatchQuery('朝阳区火锅', 'porter')).toBe('"朝 阳" OR "阳 区" OR "区 火" OR "火 锅"');
    expect(buildMatchQuery('茶', 'porter')).toBe('"茶"');
    expect(buildMatchQuery('西单 酒店', 'trigram')).toBeNull();
  });
});
