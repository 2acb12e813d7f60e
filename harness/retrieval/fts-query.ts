// Query side of the LocalSearchBench merchant index on SQLite FTS5 (benchmarks/localsearch/
// merchant-index.ts), and the CJK segmentation shared with that index's build: free
// text → a bag-of-words MATCH expression, an OR of quoted terms with Lucene's English stop words and
// possessive 's dropped, like Anserini's DefaultEnglishAnalyzer (Pyserini's BM25 default), so no LLM
// output can be an FTS5 syntax error. `segmentForIndex` shapes the indexed text: changing it means
// bumping MERCHANT_INDEX_VERSION (benchmarks/localsearch/
// merchant-index.ts), or cached indexes go stale silently.
import type { FtsTokenizer } from './types.js';

/** Query terms beyond this are dropped: an OR query costs one doclist scan per term. */
const MAX_TERMS = 64;

/** Lucene's English stop set (EnglishAnalyzer, Pyserini's default BM25 analyzer); porter mode only. */
const STOPWORDS = new Set(
  ('a an and are as at be but by for if in into is it no not of on or such that the their then ' +
    'there these they this to was will with').split(' '),
);

// unicode61 treats a run of Han/Kana/Hangul as ONE token ("西单大悦城" is a single term), so a
// 2-character word could never match. We index every CJK character as its own token (spaces
// around it) and query each CJK run as phrases of adjacent-character bigrams ("西 单"), which is
// what Lucene's CJKAnalyzer does with bigram tokens. Single-character runs query the unigram.
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const CJK_CHAR = new RegExp(`[${CJK}]`, 'gu');
const HAS_CJK = new RegExp(`[${CJK}]`, 'u');
const CJK_OR_OTHER = new RegExp(`[${CJK}]+|[^${CJK}]+`, 'gu');
/** FTS5 unicode61 token characters are letters, numbers and private-use; marks kept with them. */
const TERM = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** NFKC folds full-width Latin/digits (common in Chinese text) onto ASCII; ASCII is left alone. */
function nfkc(s: string): string {
  return /[^\x00-\x7f]/.test(s) ? s.normalize('NFKC') : s;
}

/** The text put in the FTS column (the stored `contents` is untouched). */
export function segmentForIndex(s: string, tokenizer: FtsTokenizer): string {
  const n = nfkc(s);
  if (tokenizer === 'trigram' || !HAS_CJK.test(n)) return n;
  return n.replace(CJK_CHAR, ' $& ');
}

/**
 * Free text → FTS5 MATCH expression: an OR of double-quoted terms, or null when nothing is
 * searchable (then the result is empty). Quoting makes operators (AND, NEAR, *, :, ( …) plain
 * words. trigram mode keeps terms of ≥3 characters only, because FTS5's trigram tokenizer cannot
 * match shorter strings; use the default tokenizer for 2-character Chinese words.
 */
export function buildMatchQuery(query: string, tokenizer: FtsTokenizer): string | null {
  const phrases: string[] = [];
  const stops: string[] = [];
  // Anserini's EnglishPossessiveFilter: "Derrickson's" searches "Derrickson", not also "s".
  const text = tokenizer === 'porter' ? nfkc(query).replace(/(\p{L})['’]s\b/gu, '$1') : nfkc(query);
  for (const term of text.match(TERM) ?? []) {
    if (tokenizer === 'trigram') {
      if (Array.from(term).length >= 3) phrases.push(term);
      continue;
    }
    for (const run of term.match(CJK_OR_OTHER) ?? []) {
      if (!HAS_CJK.test(run)) {
        if (tokenizer === 'porter' && STOPWORDS.has(run.toLowerCase())) stops.push(run);
        else phrases.push(run);
        continue;
      }
      const chars = Array.from(run);
      if (chars.length === 1) phrases.push(run);
      for (let i = 0; i + 1 < chars.length; i++) phrases.push(`${chars[i]} ${chars[i + 1]}`);
    }
  }
  // A query made only of stop words ("The Who") still searches with them.
  const terms = phrases.length > 0 ? phrases : stops;
  const seen = new Set<string>();
  const unique = terms.filter((t) => {
    const key = t.toLowerCase();
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (unique.length === 0) return null;
  return unique
    .slice(0, MAX_TERMS)
    .map((t) => `"${t.replace(/"/g, '""')}"`)
    .join(' OR ');
}
