// LaTeX answer normalisation, a port of latex2sympy2_extended 1.11.0
// (huggingface/latex2sympy2_extended, src/latex2sympy2_extended/math_normalization.py:
// normalize_latex, extract_boxed_content, _fix_fracs, _fix_sqrt, _fix_a_slash_b), with the
// NormalizationConfig Math-Verify's LatexExtractionConfig uses (basic_latex, units,
// malformed_operators, nits all on; boxed "all", or "last" for a bare \boxed{…} match).
// Quirks are kept on purpose (e.g. the unit list's "integer" "point" Python string
// concatenation, "0.5" → \frac{1}{2}, any trailing \text{…} dropped as a unit).

export type BoxedMode = 'all' | 'last' | 'none';

const R_LEFT =
  /\\m?left(\\\{|\{|\\\||\||\[|\(|\\rbracl|\\lgroup|\\lbrace|\\lbrack|\\vert|\\lvert|\\lceil|\\lfloor|\\vert|\\lvert|\\langle|\\llcorner|\\ulcorner)/g;
const R_RIGHT =
  /\\m?right(\\\}|\}|\\\||\||\]|\)|\\rbrack|\\rgroup|\\rbrace|\\rbrack|\\vert|\\rvert|\\rceil|\\rfloor|\\vert|\\rvert|\\rangle|\\lrcorner|\\urcorner)/g;

// math_normalization.py `units`, in its order ("integer" "point" is one Python string).
const UNITS = [
  'integerpoint', 'feet', 'sue', 'digit', 'pound', 'meal', 'edge', 'student', 'children ticket', 'multiple',
  'east', 'degree', 'mph', 'kmph', 'ft', 'm square', ' m east', 'sq m', 'deg', 'mile', 'q .', 'monkey', 'prime',
  'ratio', 'profit of rs', 'rd', 'o', 'gm', 'p . m', 'lb', 'tile', 'per', 'dm', 'lt', 'gain', 'ab', 'way', 'west',
  'a .', 'b .', 'c .', 'd .', 'e .', 'f .', 'g .', 'h .', 't', 'h', 'no change', 'men', 'soldier', 'pie', 'bc',
  'excess', 'st', 'inches', 'noon', 'cent', 'by', 'gal', 'kmh', 'c', 'acre', 'rise', 'a . m', 'th', 'π r 2', 'sq',
  'mark', 'l', 'toy', 'coin', 'sq . m', 'gallon', '° f', 'profit', 'minw', 'yr', 'women', 'am', 'pm', 'hr', 'cu cm',
  'square', 'v â € ™', 'are', 'rupee', 'rounds', 'cubic', 'cc', 'mtr', 's', 'ohm', 'number', 'kmph', 'day', 'hour',
  'minute', 'min', 'second', 'man', 'woman', 'sec', 'cube', 'mt', 'sq inch', 'mp', '∏ cm ³', 'hectare', 'more',
  'sec', 'unit', 'cu . m', 'cm 2', 'rs .', 'rs', 'kg', 'g', 'month', 'km', 'm', 'cm', 'mm', 'apple', 'liter', 'loss',
  'yard', 'pure', 'year', 'increase', 'decrease', 'd', 'less', 'Surface', 'litre', 'pi sq m', 's .', 'metre',
  'meter', 'inch',
];
// The Python joins the names unescaped, so "." is a regex wildcard there too.
const UNITS_RE = new RegExp(`(\\d|\\}|\\s)\\s*(?:(?:${UNITS.join('|')})(?:s|es)?)\\s*$`);

const TO_REMOVE = /\\mathrm\{th\}|\\!\s*|\\text\s*\{\s*\}|\\\$|\$|(?<!\\)["']|\\displaystyle/g;

// to_replace_patterns, one alternation tried left to right at each position like Python's.
const REPLACEMENTS: Array<[string, string]> = [
  ['\\\\math(?:rm|it|bf)', '\\text'],
  ['\\\\text(?:normal|bf|it|rm)', '\\text'],
  ['\\\\(?:d|t|c)frac', '\\frac'],
  ['\\s\\.', ' 0.'],
  ['\\{\\.', '{0.'],
  ['\\~\\=', '\\approx'],
  ['\\s*\\{\\s*,\\s*\\}', ','],
  ['(?<![a-zA-Z])(?:,?\\s*(?:and|or))(?![a-zA-Z])', ','],
  ['(?:,?\\s*\\\\text\\{\\s*(?:and|or)\\s*\\})', ','],
  ['(?<!\\\\)\\\\\\s', ' '],
  ['infinity', '\\infty'],
  [',?(?:\\\\ldots)', ' '],
  ['\\s*\\bpercentage\\b', '\\%'],
  ['\\\\text\\{percentage\\}', '%'],
  ['\\s*\\bpercent\\b', '\\%'],
  ['\\\\text\\{percent\\}', '%'],
  ['\\s*\\bpct\\b', '\\%'],
  ['\\\\text\\{pct\\}', '%'],
  ['(?:(?<!\\\\)inf(?!inity))', '\\infty'],
  [' sqrt', '\\sqrt'],
];
const REPLACE_RE = new RegExp(REPLACEMENTS.map(([p], i) => `(?<g${i}>${p})`).join('|'), 'g');

function replaceInLatex(text: string): string {
  return text.replace(REPLACE_RE, (...args: unknown[]) => {
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    for (let i = 0; i < REPLACEMENTS.length; i++) {
      if (groups[`g${i}`] !== undefined) return REPLACEMENTS[i]![1];
    }
    return String(args[0]);
  });
}

const COMMAND_SLASH_FIX = /\\\\(?=[a-zA-Z])/g;
const PERMUTATION = /\(([a-zA-Z0-9+\-*/\\ ]+?)\)_{([a-zA-Z0-9+\-*/\\ ]+?)}/g;
const UNIT_SUPERSCRIPT = /(\\(?:text|mbox){.*?})(\^\d|\{\^\d\})?$/;

const MALFORMED: Array<[RegExp, (...m: string[]) => string]> = [
  [/\^\s?\((.*?)\)/g, (_m, a) => `^{${a}}`],
  [/sqrt\s?\((.*?)\)/g, (_m, a) => `\\sqrt{${a}}`],
  [/\\frac\s?(\d)\s?(\d+)/g, (_m, a, b) => `\\frac{${a}}{${b}}`],
  [/\\log_\s?(\d)\s?(\d+)/g, (_m, a, b) => `\\log_{${a}}{${b}}`],
  [/\\frac\s?{(.*?)}\s?(\d)/g, (_m, a, b) => `\\frac{${a}}{${b}}`],
  [/\\frac\s?(\d)\s?{(.*?)}/g, (_m, a, b) => `\\frac{${a}}{${b}}`],
  [/\\sqrt\s?(\d)/g, (_m, a) => `\\sqrt{${a}}`],
];

function fixMalformedOperators(text: string): string {
  let s = text;
  for (const [re, fn] of MALFORMED) s = s.replace(re, fn as (substring: string, ...args: string[]) => string);
  return s.split(' sqrt').join('\\sqrt');
}

/** hendrycks/math _fix_fracs as copied into math_normalization.py. */
function fixFracs(text: string): string {
  const substrs = text.split('\\frac');
  let out = substrs[0]!;
  for (let k = 1; k < substrs.length; k++) {
    const substr = substrs[k]!.replace(/^\s+/, '');
    out += '\\frac';
    if (substr.length > 0 && substr[0] === '{') out += substr;
    else if (substr.length < 2) return text;
    else {
      const a = substr[0]!;
      const b = substr[1]!;
      if (b !== '{') out += `{${a}}{${b}}` + substr.slice(2);
      else out += `{${a}}${b}` + substr.slice(2);
    }
  }
  return out;
}

/** _fix_a_slash_b: "2/3" (two plain ints, exactly) → \frac{2}{3}. */
function fixASlashB(text: string): string {
  const parts = text.split('/');
  if (parts.length !== 2) return text;
  const m = /^\s*[+-]?\d+\s*$/;
  if (!m.test(parts[0]!) || !m.test(parts[1]!)) return text;
  const a = BigInt(parts[0]!.trim());
  const b = BigInt(parts[1]!.trim());
  if (text !== `${a}/${b}`) return text;
  return `\\frac{${a}}{${b}}`;
}

function fixSqrt(text: string): string {
  if (!text.includes('\\sqrt')) return text;
  const splits = text.split('\\sqrt');
  let out = splits[0]!;
  for (let k = 1; k < splits.length; k++) {
    const s = splits[k]!.replace(/^\s+/, '');
    if (s.length > 0 && s[0] !== '{' && s[0] !== '[') out += `\\sqrt{${s[0]}}` + s.slice(1);
    else out += '\\sqrt' + s;
  }
  return out;
}

const VALID_SEPARATOR = /\b(and|or)\b|,|;/;

/**
 * extract_boxed_content: the \boxed{…}/\fbox{…} contents, scanned right to left with brace
 * matching. "all" joins every box with ","; "last" keeps the last box plus earlier ones that
 * sit close before it (< 10 chars, or < 70 with a separator and different content).
 * Consecutive identical boxes are deduplicated. Without any box the text is returned as is.
 */
export function extractBoxedContent(text: string, mode: 'last' | 'all'): string {
  const results: string[] = [];
  let currentPos = text.length;
  let lastBoxedStart: number | null = null;
  let maxPos = text.length;
  const rfind = (needle: string, end: number): number => {
    // Python str.rfind(sub, 0, end): the match must lie entirely before `end`.
    if (end - needle.length < 0) return -1;
    return text.lastIndexOf(needle, end - needle.length);
  };
  for (;;) {
    const boxedIdx = rfind('\\boxed', currentPos);
    const fboxIdx = rfind('\\fbox', currentPos);
    if (boxedIdx < 0 && fboxIdx < 0) break;
    const startIdx = Math.max(boxedIdx, fboxIdx);
    let next = startIdx + (boxedIdx > fboxIdx ? 6 : 5);
    while (next < maxPos && /\s/.test(text[next]!)) next++;
    if (next >= maxPos) break;
    if (text[next] === '{') {
      let depth = 1;
      let close = -1;
      for (let i = next + 1; i < maxPos; i++) {
        const c = text[i];
        if (c === '{') depth++;
        else if (c === '}' && --depth === 0) {
          close = i;
          break;
        }
      }
      if (close < 0) {
        if (results.length === 0) results.push(text.slice(next));
        break;
      }
      const content = text.slice(next + 1, close).trim();
      if (mode === 'last' && lastBoxedStart !== null) {
        const between = text.slice(close + 1, lastBoxedStart);
        const prev = results.length > 0 ? results[results.length - 1]! : '';
        const ok = between.length < 10 || (prev !== content && between.length < 70 && VALID_SEPARATOR.test(between));
        if (!ok) break;
      }
      if (results.length === 0 || results[results.length - 1] !== content) results.push(content);
      lastBoxedStart = startIdx;
      maxPos = startIdx;
    } else {
      if (results.length === 0) results.push(text.slice(next));
      break;
    }
    currentPos = startIdx;
  }
  if (results.length === 0) return text;
  return results.reverse().join(',');
}

/** normalize_latex with Math-Verify's LatexExtractionConfig normalisation settings. */
export function normalizeLatex(input: string, boxed: BoxedMode): string {
  let text = input;
  if (boxed !== 'none') text = extractBoxedContent(text, boxed);

  // basic_latex
  text = text.split('\\mathrm{T}').join('T');
  text = text.split('\\mathrm{d}').join('d').split('{\\rm d}').join('d');
  text = text.split('\\left[\\begin{matrix}').join('\\begin{bmatrix}').split('\\end{matrix}\\right]').join('\\end{bmatrix}');
  text = text.replace(R_LEFT, (_m, a: string) => a).replace(R_RIGHT, (_m, a: string) => a);
  text = text.replace(PERMUTATION, (_m, a: string, b: string) => `\\frac{(${a})!}{((${a})-(${b}))!}`);
  text = text.replace(TO_REMOVE, '');
  text = replaceInLatex(text);
  text = text.replace(/\n/g, ' ').replace(/\t/g, ' ');
  if (!text.includes('matrix')) text = text.replace(COMMAND_SLASH_FIX, '\\');

  // units
  const noSup = text.replace(UNIT_SUPERSCRIPT, '').trim();
  if (noSup !== '' && noSup !== text) text = noSup;
  for (let k = 0; k < 2; k++) {
    const t = text.replace(UNITS_RE, (_m, a: string) => a);
    if (t !== '' && t !== text) text = t;
  }

  // nits
  if (text.length > 0 && text[0] === '.') text = '0' + text;
  if (text === '0.5') text = '\\frac{1}{2}';

  // malformed_operators
  text = fixMalformedOperators(text);
  text = fixSqrt(text);
  text = fixFracs(text);
  text = fixASlashB(text);
  return text.trim();
}
