// Answer extraction as Math-Verify's parse() does it (src/math_verify/parser.py:
// extract_target_from_pred, extract_latex, extract_expr, get_last_eq), default settings
// (fallback_mode "first_match", extraction_mode "any_match"): patterns are tried by priority
// group; within a group the match ending last wins (ties: the one starting first); the first
// match whose text parses is the answer, and the first matched text is kept as a string
// fallback (compared as a string when nothing parsed).
import type { MathNode } from './ast.js';
import { type PatternSpec, extractionPatterns } from './extract-patterns.js';
import { normalizeLatex } from './latex-normalize.js';
import { parseLatex } from './latex-parse.js';

/** One parse() result entry: a parsed answer or the fallback string. */
export type Extracted = { kind: 'math'; node: MathNode; text: string } | { kind: 'string'; text: string };

// grader.py complex_number_pattern (should_treat_as_complex).
const COMPLEX_RE =
  /\\mathbb\{C\}|\\i\b|\bi\b|\\text\{i\}|\\mathrm\{i\}|\\imath\b|\\det|\\operatorname\{tr\}|\\operatorname\{rank\}|\\text\{rank\}|\\arg\{|\\Re\{|\\Im\{|\\operatorname\{Re\}|\\operatorname\{Im\}|\\text\{Re\}|\\text\{Im\}/;

const EQ_SPLIT = /(?<!\\|<|!|>)=/;

/** parse_latex_cached: the whole text, else the part after the last "=" of a chain a = b = c. */
export function parseLatexAnswer(latex: string): MathNode {
  try {
    return parseLatex(latex, COMPLEX_RE.test(latex));
  } catch (e) {
    if (!latex.includes(',') && !latex.includes(';')) {
      const parts = latex.split(EQ_SPLIT);
      if (parts.length > 2) {
        const last = parts[parts.length - 1]!;
        return parseLatex(last, COMPLEX_RE.test(last));
      }
    }
    throw e;
  }
}

const pct = (n: MathNode): MathNode => ({ k: 'pct', arg: n });

function extractLatex(groups: Record<string, string | undefined>): { node: MathNode | null; text: string } {
  const names = Object.keys(groups);
  const found: Array<[string, string]> = [];
  const firstName = names.find((n) => n.startsWith('first_latex') && groups[n]);
  if (firstName) found.push([firstName, groups[firstName]!]);
  for (let i = 1; i <= 5; i++) {
    const n = names.find((x) => x.startsWith(`next${i}_latex`) && groups[x]);
    if (n) found.push([n, groups[n]!]);
  }
  const nodes: Array<MathNode | null> = [];
  const texts: string[] = [];
  for (const [name, latex] of found) {
    const [prefix, groupName] = name.split('_');
    const isPct = Boolean(groups[`${prefix}_percent`]);
    const normalized = normalizeLatex(latex, groupName === 'latexBoxed' ? 'last' : 'all');
    texts.push(normalized);
    try {
      const node = parseLatexAnswer(normalized);
      nodes.push(isPct ? pct(node) : node);
    } catch {
      nodes.push(null);
    }
  }
  if (nodes.length === 0) return { node: null, text: '' };
  if (nodes.length > 1 && nodes.every((n) => n !== null)) {
    const items = (nodes as MathNode[]).flatMap((n) => (n.k === 'set' ? n.items : [n]));
    return { node: { k: 'set', items }, text: texts.join(' and ') };
  }
  return { node: nodes[0]!, text: texts[0]! };
}

// Python's parse_expr (no implicit multiplication) would reject these spacings.
const NOT_PYTHON_EXPR = /\d\s+[\d.(]|\)\s*[\d.(]|\d\(/;

function extractExpr(groups: Record<string, string | undefined>): { node: MathNode | null; text: string } {
  const pick = (prefix: string): string =>
    Object.keys(groups).filter((n) => n.startsWith(prefix)).map((n) => groups[n]).find((v) => v) ?? '';
  let integer = pick('integer');
  let decimal = pick('decimal');
  if (integer || decimal) {
    integer = integer.replace(/[, ]/g, '').replace(/^0+/, '');
    if (integer.length === 0) integer = '0';
    decimal = decimal.replace(',', '.');
    const text = integer + decimal;
    const node: MathNode = decimal ? { k: 'float', text } : { k: 'int', v: BigInt(text) };
    return { node: groups['percent'] ? pct(node) : node, text };
  }
  const expr = groups['expr'] ?? '';
  if (expr) {
    try {
      // Python float literals: "3." is 3.0.
      const src = expr.replace(/\n/g, ' ').replace(/(\d)\.(?!\d)/g, '$1.0');
      if (NOT_PYTHON_EXPR.test(src)) throw new Error('not a Python expression');
      return { node: parseLatex(src.replace(/\*\*/g, '^'), false), text: expr };
    } catch {
      /* unparseable */
    }
  }
  return { node: null, text: expr };
}

// Above this length the regexes run one start position at a time with deadline checks in
// between: Math-Verify's patterns backtrack quadratically on long letter-free runs ("1 1 1 …"
// from a looping generation), and one unbounded exec() could not be interrupted.
const CHECKPOINTED_SCAN_FROM = 8000;

function* scan(p: PatternSpec, text: string, checkpoint?: () => void): Generator<RegExpExecArray> {
  if (text.length < CHECKPOINTED_SCAN_FROM || !checkpoint) {
    p.re.lastIndex = 0;
    yield* text.matchAll(p.re);
    return;
  }
  const sticky = new RegExp(p.re.source, p.re.flags.replace('g', '') + 'y');
  const starts = new RegExp(p.starts.source, p.starts.flags);
  let pos = 0;
  let attempts = 0;
  while (pos <= text.length) {
    starts.lastIndex = pos;
    const f = starts.exec(text);
    if (!f) return;
    const at = f.index;
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (m) {
      yield m;
      pos = m[0].length > 0 ? at + m[0].length : at + 1;
    } else pos = at + 1;
    if (++attempts % 128 === 0) checkpoint();
  }
}

export interface ExtractOptions {
  /** Called between candidate matches; throws to abandon extraction (deadline). */
  checkpoint?: () => void;
}

/** Math-Verify parse(text) with the default extraction configs. */
export function extractCandidates(text: string, opts: ExtractOptions = {}): Extracted[] {
  const patterns = extractionPatterns();
  const fallbacks: string[] = [];
  const out: Extracted[] = [];
  let i = 0;
  while (i < patterns.length) {
    const priority = patterns[i]!.priority;
    const group = [];
    while (i < patterns.length && patterns[i]!.priority === priority) group.push(patterns[i++]!);
    const matches: Array<{ start: number; end: number; groups: Record<string, string | undefined>; kind: 'latex' | 'expr'; order: number }> = [];
    for (const p of group) {
      opts.checkpoint?.();
      for (const m of scan(p, text, opts.checkpoint)) {
        matches.push({ start: m.index, end: m.index + m[0].length, groups: m.groups ?? {}, kind: p.kind, order: matches.length });
      }
    }
    // sorted(key=(end, -start), reverse=True), stable: rightmost end first, then leftmost start.
    matches.sort((a, b) => b.end - a.end || a.start - b.start || a.order - b.order);
    for (const m of matches) {
      opts.checkpoint?.();
      const r = m.kind === 'latex' ? extractLatex(m.groups) : extractExpr(m.groups);
      if (r.text) fallbacks.push(r.text);
      if (r.node) {
        out.push({ kind: 'math', node: r.node, text: r.text });
        break;
      }
    }
    if (out.length > 0) break;
  }
  if (fallbacks.length > 0) out.push({ kind: 'string', text: fallbacks[0]! });
  return out;
}
