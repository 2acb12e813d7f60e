// QA answer metrics, faithful to the official scripts that papers report:
// - hotpotqa/hotpot, hotpot_evaluate_v1.py (normalize_answer, f1_score, exact_match_score);
//   normalize_answer is the SQuAD v1.1 one, unchanged.
// - RUC-NLPIR/FlashRAG, flashrag/evaluator/metrics.py (ExactMatch "em", Sub_ExactMatch "acc",
//   F1_Score "f1") with flashrag/evaluator/utils.py normalize_answer (identical to hotpot's).
// - PeterGriffinJin/Search-R1, verl/utils/reward_score/qa_em.py (normalize_answer, em_check,
//   subem_check, extract_solution); same normalize_answer again. (Read from forks of the repo,
//   e.g. Zhuofeng-Li/Search-R1, which carry the file unchanged.)
//
// Paper families: Search-R1 and work built on its code (e.g. ZeroSearch ships the same
// qa_em.py) report EM = exactMatch (em_check), some also cover-EM = coverExactMatch
// (subem_check); FlashRAG-based RAG papers report em / acc / f1 from metrics.py (f1FlashRag);
// HotpotQA-style multi-hop papers report hotpot's EM / F1 (f1Hotpot).

// Python's string.punctuation, exactly: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ (32 ASCII chars,
// i.e. 0x21–0x2F, 0x3A–0x40, 0x5B–0x60, 0x7B–0x7E). Non-ASCII punctuation (“ ” ’ — «) is
// NOT removed by the official code, so it is not removed here either.
const PY_PUNCTUATION = /[!-\/:-@\[-`{-~]/g;

// Python `re` on str patterns: \w is Unicode (str.isalnum() or '_'), so \b is a Unicode word
// boundary. JS \b is ASCII-only even with the u flag ("españa" would lose its final "a"), so
// the boundary is spelled out with lookarounds over letters, numbers and '_'. Combining marks
// are not \w in Python either.
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

// Python str.split() with no argument splits on str.isspace() characters, which differ from
// JS \s: Python includes \x1c–\x1f and \x85, and excludes \ufeff.
const PY_WHITESPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
const PY_STRIP = /^[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/gu;

/** Python's `' '.join(s.split())`. */
function pySplit(s: string): string[] {
  return s.split(PY_WHITESPACE).filter((t) => t.length > 0);
}

/** Python's str.strip() with no argument. */
function pyStrip(s: string): string {
  return s.replace(PY_STRIP, '');
}

/**
 * SQuAD / hotpot normalize_answer. The official order is
 *   white_space_fix(remove_articles(remove_punc(lower(s))))
 * i.e. punctuation goes BEFORE articles, so "(The) Beatles" → "the beatles" → "beatles",
 * while "the-end" → "theend" (the hyphen is deleted without a space, leaving no article).
 * Removed articles become a space, collapsed at the end.
 */
export function normalizeAnswer(s: string): string {
  const lowered = s.toLowerCase(); // full Unicode lowercasing, like Python str.lower()
  const noPunc = lowered.replace(PY_PUNCTUATION, '');
  const noArticles = noPunc.replace(ARTICLES, ' ');
  return pySplit(noArticles).join(' ');
}

/** Tokens of an already normalised string (Python `normalized.split()`; '' → []). */
function tokens(normalized: string): string[] {
  return normalized === '' ? [] : normalized.split(' ');
}

/**
 * Exact match, max over golds (1 if the normalised prediction equals any normalised gold).
 * = hotpot exact_match_score per gold, FlashRAG ExactMatch.calculate_em (non-regex datasets),
 * Search-R1 em_check. No golds → 0.
 */
export function exactMatch(pred: string, golds: readonly string[]): number {
  const p = normalizeAnswer(pred);
  for (const g of golds) if (normalizeAnswer(g) === p) return 1;
  return 0;
}

/**
 * Cover EM / sub-EM / FlashRAG "acc": 1 if some normalised gold is a SUBSTRING of the
 * normalised prediction. Search-R1 subem_check and FlashRAG Sub_ExactMatch both test
 * `golden_answer in normalized_prediction` on raw strings, not on token boundaries, so:
 * - gold "1" covers prediction "1990", gold "art" covers "martin" (substring false positives
 *   that the reported numbers include — replicated on purpose);
 * - a gold that normalises to "" (e.g. "The", ".") covers every prediction.
 */
export function coverExactMatch(pred: string, golds: readonly string[]): number {
  const p = normalizeAnswer(pred);
  for (const g of golds) if (p.includes(normalizeAnswer(g))) return 1;
  return 0;
}

export interface PRF1 {
  precision: number;
  recall: number;
  f1: number;
}

const ZERO: PRF1 = { precision: 0, recall: 0, f1: 0 };
const SPECIAL = new Set(['yes', 'no', 'noanswer']);

/**
 * hotpot_evaluate_v1.py f1_score(prediction, ground_truth) for ONE gold, returning all three
 * numbers as hotpot does. Its rule: if either normalised side is "yes", "no" or "noanswer"
 * and the two differ, everything is 0 (no partial credit for "no" vs "no way"). No common
 * token (including an empty prediction) → 0.
 */
export function precisionRecallF1(pred: string, gold: string): PRF1 {
  return precisionRecallF1Normalized(normalizeAnswer(pred), normalizeAnswer(gold));
}

/** precisionRecallF1 of two already normalised strings (callers scoring many metrics normalise once). */
export function precisionRecallF1Normalized(p: string, g: string): PRF1 {
  if ((SPECIAL.has(p) || SPECIAL.has(g)) && p !== g) return { ...ZERO };
  const pt = tokens(p);
  const gt = tokens(g);
  // Counter(pred) & Counter(gold): multiset intersection.
  const counts = new Map<string, number>();
  for (const t of gt) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pt) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      same++;
      counts.set(t, left - 1);
    }
  }
  if (same === 0) return { ...ZERO };
  const precision = same / pt.length;
  const recall = same / gt.length;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

/**
 * Token F1 with hotpot's yes/no/noanswer rule, max over golds. hotpot itself has one gold per
 * question; the max over aliases is SQuAD's metric_max_over_ground_truths. No golds → 0.
 */
export function f1Hotpot(pred: string, golds: readonly string[]): number {
  let best = 0;
  for (const g of golds) best = Math.max(best, precisionRecallF1(pred, g).f1);
  return best;
}

/** Alias of f1Hotpot: the default QA F1. */
export const f1Score = f1Hotpot;

/**
 * FlashRAG F1_Score.token_level_scores: the same per-gold computation and the same
 * yes/no/noanswer rule (a mismatching gold is skipped, i.e. contributes 0), but f1, precision
 * and recall are EACH maximised independently over the golds, so precision and recall may
 * come from different aliases. Its f1 therefore always equals f1Hotpot; only P/R differ.
 * FlashRAG does not coerce non-string golds (normalize_answer calls .lower() and would raise
 * on an int), so golds here are strings; convert numbers upstream deliberately.
 */
export function flashRagTokenScores(pred: string, golds: readonly string[]): PRF1 {
  const best: PRF1 = { ...ZERO };
  for (const g of golds) {
    const s = precisionRecallF1(pred, g);
    best.f1 = Math.max(best.f1, s.f1);
    best.precision = Math.max(best.precision, s.precision);
    best.recall = Math.max(best.recall, s.recall);
  }
  return best;
}

/** FlashRAG "f1" (F1_Score.calculate_metric per sample). Numerically equal to f1Hotpot. */
export function f1FlashRag(pred: string, golds: readonly string[]): number {
  return flashRagTokenScores(pred, golds).f1;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Text of the LAST <tag>…</tag> in the model's own output (non-greedy, across newlines —
 * Python re.DOTALL — and stripped like Python str.strip()); null when there is none.
 *
 * Search-R1's extract_solution differs on purpose: it runs over prompt + response, whose
 * prompt template already contains "For example, <answer> Beijing </answer>", so it demands
 * ≥ 2 matches (≤ 1 → None) to be sure the model wrote one. We only look at text the model
 * generated, so one match is enough, and the prompt's example can never be taken as the
 * model's answer.
 */
// One compiled pattern per tag (matchAll clones it, so sharing is safe).
const TAG_PATTERNS = new Map<string, RegExp>();

export function extractTaggedAnswer(output: string, tag = 'answer'): string | null {
  let re = TAG_PATTERNS.get(tag);
  if (!re) {
    const t = escapeRegExp(tag);
    TAG_PATTERNS.set(tag, (re = new RegExp(`<${t}>([\\s\\S]*?)</${t}>`, 'g')));
  }
  let last: string | null = null;
  for (const m of output.matchAll(re)) last = m[1] ?? '';
  return last === null ? null : pyStrip(last);
}

/** The last <answer>…</answer> of the output, or else the whole output, stripped. */
export function answerOrWhole(output: string): string {
  return extractTaggedAnswer(output) ?? pyStrip(output);
}
