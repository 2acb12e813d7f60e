// The answer-finding regexes of Math-Verify 0.8.0 (huggingface/Math-Verify,
// src/math_verify/parser.py: make_latex_env_pattern, lazy_latex_regex, lazy_expr_regex) for
// its default targets LatexExtractionConfig() and ExprExtractionConfig(), with their
// priorities (lower first): 0 "final answer is … I hope", 50 "final answer … is" and
// \boxed{}, 100 "answer:", 200 "answer", 300 any LaTeX environment / number / expression.
// Python's inline (?i:…) groups are spelled out as character classes (JS lacks them on Node 20).

export interface PatternSpec {
  re: RegExp;
  priority: number;
  kind: 'latex' | 'expr';
  /** Characters a match can start at (a superset), for the checkpointed scan of long texts. */
  starts: RegExp;
}

const STARTS = {
  final: /[Ff]/g,
  answer: /[Aa]/g,
  latex: /[$\\\s-]/g,
  boxed: /\\/g,
  expr: /^|[\s=]/g,
};

/** Case-insensitive literal text, e.g. "answer" → [Aa][Nn][Ss][Ww][Ee][Rr]. */
function ci(s: string): string {
  return [...s].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c === ' ' ? ' ' : `\\${c}`)).join('');
}

function latexEnvPattern(prefix: string, context: 'boxed' | 'plain'): string {
  const percent = `(?<${prefix}percent>(?:\\\\?%|[Pp]ercent|[Pp]ercentage|[Pp]ct))`;
  let dd = '(?:[^$]|\\$(?!\\$))';
  let db = '(?:[^\\\\]|\\\\(?!\\]))';
  let id = '(?:\\\\[$]|[^\\n$])';
  let ip = '(?:[^\\\\\\n]|\\\\(?!\\)))';
  let ib = '[^\\n\\]\\[]';
  if (context === 'boxed') {
    const boxed = (c: string): string => `${c}*?\\\\boxed\\{${c}+?\\}${c}*?`;
    [dd, db, id, ip, ib] = [boxed(dd), boxed(db), boxed(id), boxed(ip), boxed(ib)];
  } else {
    [dd, db, id, ip, ib] = [`${dd}+?`, `${db}+?`, `${id}+?`, `${ip}+?`, `${ib}+?`];
  }
  const patterns = [
    `(?<!\\\\)\\$\\$(?<${prefix}latexDisplayDollar>${dd})(?<!\\\\)\\$\\$`,
    `(?<!\\\\)\\\\\\[(?<${prefix}latexDisplayBracket>${db})(?<!\\\\)\\\\\\]`,
    `(?<!\\\\|\\d)\\$(?<${prefix}latexInlineDollar>${id})(?<!\\\\)\\$`,
    `(?<!\\\\)\\\\\\((?<${prefix}latexInlineParenthesis>${ip})(?<!\\\\)\\\\\\)`,
    `\\s\\[(?<${prefix}latexInlineBracket>${ib})\\]\\s`,
  ];
  if (context === 'plain') {
    const simpleNumber = '-?\\d+(?:[.,]\\d+)?';
    patterns.push(`(?<${prefix}latexFraction>-?\\\\frac\\{${simpleNumber}\\}\\{${simpleNumber}\\})`);
  }
  return `(?:(?:${patterns.join('|')})\\s*${percent}?)`;
}

function latexPatterns(): PatternSpec[] {
  const first = latexEnvPattern('first_', 'plain');
  let next = '';
  for (let i = 1; i <= 5; i++) next += `(?:\\s*(?:,?and|,?or|,)\\s*${latexEnvPattern(`next${i}_`, 'plain')})?`;
  const latexRe = `(?:${first}${next})`;
  const answer = ci('answer');
  const out: Array<[string, number, RegExp]> = [
    [`${ci('final answer is')}\\:?\\s*${latexRe}\\.?\\s?I hope`, 0, STARTS.final],
    [`${ci('final answer')}.{0,100}?\\s+is\\:?\\s*${latexRe}`, 50, STARTS.final],
    [`${answer}:.{0,50}?${latexRe}`, 100, STARTS.answer],
    [`${answer}.{0,50}?${latexRe}`, 200, STARTS.answer],
    [latexRe, 300, STARTS.latex],
  ];
  let boxedNext = '';
  for (let i = 1; i <= 5; i++) boxedNext += `\\s*(?:\\s*(?:,?and|,?or|,)\\s*${latexEnvPattern(`next${i}_`, 'boxed')})?`;
  out.push([`${latexEnvPattern('first_', 'boxed')}${boxedNext}`, 50, STARTS.latex]);
  out.push(['(?<first_latexBoxed>\\\\boxed\\{.+\\})', 50, STARTS.boxed]);
  return out.map(([src, priority, starts]) => ({ re: new RegExp(src, 'gs'), priority, kind: 'latex' as const, starts }));
}

function exprPatterns(): PatternSpec[] {
  const numberRe =
    '(?<!\\d)(?:' +
    '(?<integer1>-?[1-9]\\d{0,2}(?:[ ,]\\d{3})+)(?<decimal1>\\.\\d+)?|' +
    '(?<integer2>-?\\d+)(?<decimal2>[.,]\\d+)|' +
    '(?<decimal3>\\.\\d+)|' +
    '(?<integer3>-?\\d+)' +
    ')(?<percent>\\s*(?:%|[Pp]ercent|\\s*[Pp]ercentage|\\s*[Pp]ct))?';
  const ops = '\\+\\-\\*\\×\\/\\^\\(\\)\\÷';
  const allExprChars = `[\\d\\.\\s${ops}]`;
  const exprRe = `(?<expr>-?\\(?-?\\d${allExprChars}*[${ops}]${allExprChars}+\\)?)`;
  const currency = '$€£¥₹₽₪₩₫฿₡₢₣₤₥₦₧₨₩₪₫₭₮₯₰₱₲₳₴₵₶₷₸₹₺₻₼₽₾₿'.replace(/[$]/g, '\\$');
  const prefix = '(?:^|\\s|\\=)(?:\\*\\*)?';
  // Python's "$" (no MULTILINE) also matches just before a final newline.
  const suffix = '(?:\\*\\*)?(?:\\.|,|:|\\s|\\)|\\$|(?=\\n?$))';
  const exprWithAnchors = `(?:${prefix}${exprRe}${suffix})`;
  const numberWithAnchors = `(?:${prefix}[${currency}]?${numberRe})`;
  const exprOrNumber = `(?:${exprWithAnchors}|${numberWithAnchors})`;
  const answer = ci('answer');
  const out: Array<[string, number, RegExp]> = [
    [`${ci('final answer is')}\\:?\\s*${exprOrNumber}\\.?\\s?I hope`, 0, STARTS.final],
    [`${ci('final answer')}.{0,100}?\\s+is\\:?${exprOrNumber}`, 50, STARTS.final],
    [`${answer}:(?:.{0,100}=\\s*|.{0,50}?)${exprOrNumber}(?!\\s*=)`, 100, STARTS.answer],
    [`${answer}(?:.{0,100}=\\s*|.{0,50}?)${exprOrNumber}(?!\\s*=)`, 200, STARTS.answer],
    [exprWithAnchors, 300, STARTS.expr],
    [numberWithAnchors, 300, STARTS.expr],
  ];
  return out.map(([src, priority, starts]) => ({ re: new RegExp(src, 'g'), priority, kind: 'expr' as const, starts }));
}

let cached: PatternSpec[] | undefined;
/** All patterns in Math-Verify's order: latex targets first, then expr, stable by priority. */
export function extractionPatterns(): PatternSpec[] {
  cached ??= [...latexPatterns(), ...exprPatterns()].map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.priority - b.p.priority || a.i - b.i)
    .map((x) => x.p);
  return cached;
}
