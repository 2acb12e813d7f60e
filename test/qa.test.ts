import { describe, expect, it } from 'vitest';
import {
  answerOrWhole,
  coverExactMatch,
  exactMatch,
  extractTaggedAnswer,
  f1FlashRag,
  f1Hotpot,
  f1Score,
  flashRagTokenScores,
  normalizeAnswer,
  precisionRecallF1,
} from '../scorers/qa.js';

describe('normalizeAnswer (SQuAD / hotpot order: lower → punctuation → articles → whitespace)', () => {
  it('lowercases, strips punctuation and articles, collapses whitespace', () => {
    expect(normalizeAnswer('The Beatles')).toBe('beatles');
    expect(normalizeAnswer('  Hello,   World!  ')).toBe('hello world');
    expect(normalizeAnswer('An apple a day')).toBe('apple day');
    expect(normalizeAnswer('U.S.A.')).toBe('usa');
    expect(normalizeAnswer('')).toBe('');
    expect(normalizeAnswer('The')).toBe('');
  });

  it('removes punctuation before articles, exactly like the official code', () => {
    expect(normalizeAnswer('(The) Beatles')).toBe('beatles');
    expect(normalizeAnswer('"A" Tale')).toBe('tale');
    // the hyphen / underscore / apostrophe vanish without a space, so no article is left
    expect(normalizeAnswer('the-end')).toBe('theend');
    expect(normalizeAnswer('the_end')).toBe('theend');
    expect(normalizeAnswer("an't")).toBe('ant');
    // a dot between words glues them: "a.m." is not the article "a"
    expect(normalizeAnswer('9 a.m.')).toBe('9 am');
    expect(normalizeAnswer('theater another ant')).toBe('theater another ant');
  });

  it('removes exactly Python string.punctuation and nothing else', () => {
    expect(normalizeAnswer('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~x')).toBe('x');
    // non-ASCII punctuation is kept by the official scripts
    expect(normalizeAnswer('“Hello” — don’t')).toBe('“hello” — don’t');
    expect(normalizeAnswer("don't")).toBe('dont');
  });

  it('uses Unicode word boundaries like Python re (not JS ASCII \\b)', () => {
    expect(normalizeAnswer('España')).toBe('españa');
    expect(normalizeAnswer('Thé')).toBe('thé');
    expect(normalizeAnswer('ñan')).toBe('ñan');
    // a combining mark is not a word character in Python either: the article goes, the mark stays
    expect(normalizeAnswer('the\u0301')).toBe('\u0301');
  });

  it('handles Unicode case and Python whitespace', () => {
    expect(normalizeAnswer('ΟΔΟΣ')).toBe('οδος'); // final sigma, as Python str.lower()
    expect(normalizeAnswer('Ünïcödé')).toBe('ünïcödé');
    expect(normalizeAnswer('new\u00a0york\u3000city\x1cnow')).toBe('new york city now');
    // U+FEFF is whitespace to JS but not to Python's str.split()
    expect(normalizeAnswer('x\ufeffy')).toBe('x\ufeffy');
  });
});

describe('exactMatch', () => {
  it('compares normalised strings, max over golds', () => {
    expect(exactMatch('The Eiffel Tower.', ['eiffel tower'])).toBe(1);
    expect(exactMatch('NYC', ['New York City', 'nyc'])).toBe(1);
    expect(exactMatch('New York', ['New York City'])).toBe(0);
    expect(exactMatch('Ünïcödé', ['ünïcödé'])).toBe(1);
  });

  it('handles empty predictions and empty gold lists', () => {
    expect(exactMatch('', ['Paris'])).toBe(0);
    expect(exactMatch('', ['the'])).toBe(1); // both normalise to ''
    expect(exactMatch('Paris', [])).toBe(0);
  });
});

describe('coverExactMatch (Search-R1 subem_check / FlashRAG Sub_ExactMatch "acc")', () => {
  it('is 1 when a normalised gold is contained in the normalised prediction', () => {
    expect(coverExactMatch('It is Paris, France.', ['paris'])).toBe(1);
    expect(coverExactMatch('york', ['New York'])).toBe(0);
    expect(coverExactMatch('The answer is NYC', ['New York City', 'NYC'])).toBe(1);
  });

  it('replicates the raw-substring false positives of the official code', () => {
    expect(coverExactMatch('1990', ['1'])).toBe(1);
    expect(coverExactMatch('Martin', ['art'])).toBe(1);
    expect(coverExactMatch('anything at all', ['The'])).toBe(1); // gold normalises to ''
    expect(coverExactMatch('', ['Paris'])).toBe(0);
    expect(coverExactMatch('Paris', [])).toBe(0);
  });
});

describe('precisionRecallF1 / f1 (hotpot_evaluate_v1.py f1_score)', () => {
  it('computes token overlap on normalised tokens', () => {
    // pred → "cat sat on mat" (4), gold → "cat on mat" (3), common 3
    const r = precisionRecallF1('the cat sat on the mat', 'Cat on mat');
    expect(r.precision).toBe(0.75);
    expect(r.recall).toBe(1);
    expect(r.f1).toBeCloseTo(6 / 7, 15);
  });

  it('counts repeated tokens as a multiset intersection', () => {
    const r = precisionRecallF1('paris paris paris', 'Paris');
    expect(r.precision).toBeCloseTo(1 / 3, 15);
    expect(r.recall).toBe(1);
    expect(r.f1).toBe(0.5);
  });

  it('applies the yes / no / noanswer rule', () => {
    expect(precisionRecallF1('no', 'no way').f1).toBe(0); // pred is special and differs
    expect(precisionRecallF1('yes it is', 'yes').f1).toBe(0); // gold is special and differs
    expect(precisionRecallF1('noanswer', 'no answer').f1).toBe(0);
    expect(precisionRecallF1('Yes.', 'yes').f1).toBe(1);
    expect(precisionRecallF1('no way', 'no way jose').f1).toBeCloseTo(0.8, 15); // not special
  });

  it('gives 0 for empty predictions', () => {
    expect(precisionRecallF1('', 'Paris')).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(precisionRecallF1('', '')).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(f1Hotpot('', ['Paris', 'the'])).toBe(0);
  });

  it('takes the max over aliases', () => {
    // "obama": P 1/2, R 1, F1 2/3 — "barack hussein obama": P 1, R 2/3, F1 0.8
    expect(f1Hotpot('Barack Obama', ['Obama', 'Barack Hussein Obama'])).toBeCloseTo(0.8, 15);
    expect(f1Score('Barack Obama', ['Obama', 'Barack Hussein Obama'])).toBeCloseTo(0.8, 15);
    expect(f1Hotpot('x', [])).toBe(0);
    expect(f1Hotpot('yes', ['no', 'yes'])).toBe(1);
  });
});

describe('FlashRAG F1_Score.token_level_scores', () => {
  it('has the same f1 as hotpot but maximises P and R independently over golds', () => {
    const golds = ['Obama', 'Barack Hussein Obama'];
    const s = flashRagTokenScores('Barack Obama', golds);
    expect(s.f1).toBeCloseTo(0.8, 15);
    expect(s.precision).toBe(1); // from the second alias
    expect(s.recall).toBe(1); // from the first alias
    expect(f1FlashRag('Barack Obama', golds)).toBe(f1Hotpot('Barack Obama', golds));
  });

  it('skips golds that trip the yes/no rule', () => {
    expect(flashRagTokenScores('no', ['no way', 'No'])).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(flashRagTokenScores('no', ['no way'])).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('extractTaggedAnswer / answerOrWhole', () => {
  it('takes the last <answer> block, across newlines, stripped', () => {
    expect(extractTaggedAnswer('<answer>A</answer> then <answer>\n  B c \n</answer> tail')).toBe('B c');
    expect(extractTaggedAnswer('<think>x</think><answer> Paris </answer>')).toBe('Paris');
  });

  it('returns null without a complete block, and "" for an empty one', () => {
    expect(extractTaggedAnswer('Paris')).toBeNull();
    expect(extractTaggedAnswer('<answer>Paris')).toBeNull();
    expect(extractTaggedAnswer('<answer></answer>')).toBe('');
  });

  it('is non-greedy from the first opening tag, like re.finditer', () => {
    expect(extractTaggedAnswer('<answer>x<answer>y</answer>')).toBe('x<answer>y');
  });

  it('supports other tags, escaping regex characters', () => {
    expect(extractTaggedAnswer('<sql>SELECT 1</sql>', 'sql')).toBe('SELECT 1');
    expect(extractTaggedAnswer('<a.b>k</a.b><axb>z</axb>', 'a.b')).toBe('k');
  });

  it('answerOrWhole falls back to the whole output, stripped', () => {
    expect(answerOrWhole('  Paris \n')).toBe('Paris');
    expect(answerOrWhole('I think <answer>Lyon</answer>')).toBe('Lyon');
  });
});
