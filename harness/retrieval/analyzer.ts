// Text → index terms for the embedded BM25 engine; the same function analyses passages and queries.
//
// `porter` (default) follows Anserini's DefaultEnglishAnalyzer, which Pyserini's BM25 (and so
// FlashRAG's and Search-R1's BM25 retrievers) index with (io.anserini.analysis.DefaultEnglishAnalyzer:
// StandardTokenizer → EnglishPossessiveFilter → LowerCaseFilter → StopFilter(Lucene's English set)
// → PorterStemFilter). Differences, on purpose and small:
// - StandardTokenizer's UAX#29 word breaking is approximated: a token is a run of letters, digits,
//   marks and `_`, kept whole across one `'` `’` `.` `:` `·` between letters ("don't", "U.S") and one
//   `,` `.` `;` `'` between digits ("1,000", "3.14"), as UAX#29 rules WB6/7 and WB11/12 do.
// - CJK runs become overlapping character bigrams (a lone character stays a unigram), as Lucene's
//   CJKBigramFilter does; StandardTokenizer alone would index single Han characters, which makes
//   two-character Chinese words match any text holding both characters anywhere.
// - Text is NFKC-normalised first (full-width Latin and digits, common in Chinese text, fold to ASCII).
// `unicode61`: the same tokens lowercased with diacritics removed; no stop words, no stemming.
// `trigram`: every 3-character window of each lowercased token (shorter tokens are not indexed), for
// substring matching of names; queries need ≥ 3 characters per word to match.
import { porterStem } from './porter-stemmer.js';

export type AnalyzerName = 'porter' | 'unicode61' | 'trigram';
export const ANALYZERS: readonly AnalyzerName[] = ['porter', 'unicode61', 'trigram'];

/** Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, Anserini's default stop set. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  ('a an and are as at be but by for if in into is it no not of on or such that the their then ' +
    'there these they this to was will with').split(' '),
);

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const HAS_CJK = new RegExp(`[${CJK}]`, 'u');
// A CJK run, or a word: word characters joined across single mid-word punctuation (see above).
const W = `[[\\p{L}\\p{N}\\p{M}_]--[${CJK}]]`;
const TOKEN = new RegExp(
  `[${CJK}]+|${W}+(?:(?:(?<=\\p{L}\\p{M}*)['’.:·](?=\\p{L})|(?<=\\p{N})[,.;'](?=\\p{N}))${W}+)*`,
  'gv',
);
// ASCII-only text (most English corpora) takes a faster expression with the same meaning.
const ASCII_TOKEN = /[A-Za-z0-9_]+(?:(?:(?<=[A-Za-z])['.:](?=[A-Za-z])|(?<=[0-9])[,.;'](?=[0-9]))[A-Za-z0-9_]+)*/g;
const POSSESSIVE = /['’＇][sS]$/;
const MARKS = /\p{M}/gu;

export interface Analyzer {
  readonly name: AnalyzerName;
  /** Call `emit` with each index term of `text`, in order (repeats included). */
  analyze(text: string, emit: (term: string) => void): void;
  /**
   * The raw tokens of `text` before term mapping (the build's fast path: it caches token → term
   * id). `final` tokens (CJK bigrams, trigrams) are terms already; others go through `termOf`.
   */
  tokens(text: string, emit: (token: string, final: boolean) => void): void;
  /** Like `tokens`, as ranges of a source string (ASCII text: of `text` itself, no substrings). */
  spans(text: string, emit: (src: string, start: number, end: number, final: boolean) => void): void;
  /** The term of a non-final token, or null for a stop word. */
  termOf(token: string): string | null;
}

const isAsciiWord = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
const isAsciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigit = (c: number) => c >= 48 && c <= 57;

/** ASCII_TOKEN by hand (no match objects): the build spends most of its time here. */
function asciiSpans(s: string, emit: (src: string, start: number, end: number, final: boolean) => void): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isAsciiWord(s.charCodeAt(i))) i++;
    if (i >= n) return;
    const start = i;
    for (;;) {
      while (i < n && isAsciiWord(s.charCodeAt(i))) i++;
      if (i + 1 >= n) break;
      const c = s.charCodeAt(i);
      const prev = s.charCodeAt(i - 1);
      const next = s.charCodeAt(i + 1);
      // ' . : between letters; , . ; ' between digits (UAX#29 WB6/7, WB11/12).
      if ((c === 39 || c === 46 || c === 58) && isAsciiLetter(prev) && isAsciiLetter(next)) i++;
      else if ((c === 44 || c === 46 || c === 59 || c === 39) && isDigit(prev) && isDigit(next)) i++;
      else break;
    }
    emit(s, start, i, false);
  }
}

/** An analyzer with a per-instance cache of token → term (stemming is the costly part). */
export function createAnalyzer(name: AnalyzerName): Analyzer {
  // null marks a stop word. Bounded so a query stream of unique junk cannot grow it for ever.
  const cache = new Map<string, string | null>();
  const termOf = (raw: string): string | null => {
    let t = cache.get(raw);
    if (t !== undefined) return t;
    t = termOfWord(raw, name);
    if (cache.size > 2_000_000) cache.clear();
    cache.set(raw, t);
    return t;
  };
  const spans = (text: string, emit: (src: string, start: number, end: number, final: boolean) => void): void => {
    const ascii = !/[^\x00-\x7f]/.test(text);
    if (ascii && name !== 'trigram') {
      asciiSpans(text, emit);
      return;
    }
    const s = ascii ? text : text.normalize('NFKC');
    const re = ascii ? ASCII_TOKEN : TOKEN;
    const whole = (t: string, final: boolean) => emit(t, 0, t.length, final);
    re.lastIndex = 0;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      const tok = m[0];
      if (name === 'trigram') emitTrigrams(fold(tok), (t) => whole(t, true));
      else if (!ascii && HAS_CJK.test(tok)) emitBigrams(tok, (t) => whole(t, true));
      else whole(tok, false);
    }
  };
  const tokens = (text: string, emit: (token: string, final: boolean) => void): void =>
    spans(text, (src, start, end, final) => emit(start === 0 && end === src.length ? src : src.slice(start, end), final));
  return {
    name,
    tokens,
    spans,
    termOf,
    analyze(text, emit) {
      tokens(text, (tok, final) => {
        const t = final ? tok : termOf(tok);
        if (t !== null) emit(t);
      });
    },
  };
}

function fold(s: string): string {
  const lower = s.toLowerCase();
  return /[^\x00-\x7f]/.test(lower) ? lower.normalize('NFD').replace(MARKS, '').normalize('NFC') : lower;
}

/** The term of a non-final token, uncached (Analyzer.termOf caches it), or null for a stop word. */
export function termOfWord(raw: string, name: AnalyzerName): string | null {
  if (name === 'unicode61') return fold(raw);
  const word = raw.replace(POSSESSIVE, '').toLowerCase();
  if (word === '' || ENGLISH_STOP_WORDS.has(word)) return null;
  return porterStem(word);
}

function emitBigrams(run: string, emit: (term: string) => void): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    emit(run);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) emit(chars[i]! + chars[i + 1]!);
}

function emitTrigrams(tok: string, emit: (term: string) => void): void {
  const chars = Array.from(tok);
  for (let i = 0; i + 2 < chars.length; i++) emit(chars[i]! + chars[i + 1]! + chars[i + 2]!);
}

/** Query terms with their counts, in first-seen order: Anserini's bag-of-words query adds one
 *  SHOULD clause per query token, so a repeated term weighs its count (BagOfWordsQueryGenerator). */
export function queryTerms(analyzer: Analyzer, query: string, maxTerms = 256): Map<string, number> {
  const counts = new Map<string, number>();
  analyzer.analyze(query.length > 20_000 ? query.slice(0, 20_000) : query, (t) => {
    if (counts.size < maxTerms || counts.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  });
  return counts;
}
