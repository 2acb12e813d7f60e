// Spider test-suite SQL rewriting done before execution (pred and gold), as pure functions. Source:
// taoyds/test-suite-sql-eval — evaluation.py `evaluate`, exec_eval.py `postprocess` / `replace_cur_year` /
// `eval_exec_match`, and process_sql/parse.py `remove_distinct` (a sqlparse token walk, mirrored below).
// The result comparison that follows execution lives in scorers/sql-results.ts.

/**
 * What the Spider test-suite does to a query before executing it, in its order:
 * 1. pred only — evaluation.py `evaluate`: `p_str.replace(" value ", " 1 ")` (for models that emit placeholders);
 * 2. exec_eval.py `postprocess`: '> =' → '>=', '< =' → '<=', '! =' → '!=';
 * 3. unless `keepDistinct` (`--keep_distinct`, default off) — parse.py `remove_distinct`: see `spiderRemoveDistinct`;
 * 4. exec_eval.py `replace_cur_year`: `YEAR\s*\(\s*CURDATE\s*\(\s*\)\s*\)\s*` → '2020' (case-insensitive).
 * Whitespace-only input returns '' (the official code would raise IndexError there).
 */
export function spiderPrepareSql(sql: string, opts: { role?: 'pred' | 'gold'; keepDistinct?: boolean } = {}): string {
  let s = opts.role === 'pred' ? sql.replaceAll(' value ', ' 1 ') : sql;
  s = s.replaceAll('> =', '>=').replaceAll('< =', '<=').replaceAll('! =', '!=');
  if (!opts.keepDistinct) s = spiderRemoveDistinct(s);
  return s.replace(/YEAR\s*\(\s*CURDATE\s*\(\s*\)\s*\)\s*/gi, '2020');
}

/**
 * exec_eval.py `eval_exec_match`: `order_matters = 'order by' in g_str.lower()` on the gold after postprocess and
 * remove_distinct — a plain substring test: 'ORDER  BY' (two spaces) or 'order\nby' does not count, while
 * 'order by' inside a string literal or a subquery does.
 */
export function spiderOrderMatters(goldSql: string, opts: { keepDistinct?: boolean } = {}): boolean {
  return spiderPrepareSql(goldSql, { role: 'gold', keepDistinct: opts.keepDistinct }).toLowerCase().includes('order by');
}

/**
 * parse.py `remove_distinct(s)`: `"".join(t.value for t in sqlparse.parse(s)[0].flatten() if t.value.lower() !=
 * "distinct")`. So every DISTINCT word goes, including `COUNT(DISTINCT x)` → `COUNT( x)` (which changes results —
 * the official scorer does it to gold and pred alike), and only the FIRST statement is kept (sqlparse splits at a
 * top-level ';' and keeps the spaces/`--` comments after it). Quoted strings, quoted names and comments are single
 * tokens, so a 'distinct' inside them stays. The lexer below mirrors the sqlparse rules that matter here.
 */
export function spiderRemoveDistinct(sql: string): string {
  if (sql.trim() === '') return '';
  let out = '';
  let level = 0;
  let ended = false;
  for (const t of sqlparseTokens(sql)) {
    if (ended) {
      // sqlparse StatementSplitter: after ';' it keeps consuming EOS_TTYPE = (Whitespace, Comment.Single).
      if (t.kind !== 'ws' && t.kind !== 'comment1') break;
      out += t.text;
      continue;
    }
    if (t.kind === 'punct' && t.text === '(') level++;
    else if (t.kind === 'punct' && t.text === ')') level--;
    else if (t.kind === 'word' && /^end$/i.test(t.text)) level--; // `_change_splitlevel`: CASE … END is -1 too
    if (t.kind === 'punct' && t.text === ';' && level <= 0) ended = true;
    if ((t.kind === 'word' || t.kind === 'name') && t.text.toLowerCase() === 'distinct') continue;
    out += t.text;
  }
  return out;
}

type TokKind = 'ws' | 'nl' | 'comment1' | 'name' | 'word' | 'punct' | 'other';
const W = '[\\p{L}\\p{N}_]'; // Python `\w` under re.UNICODE
const NAME0 = '[A-Za-zÀ-Üà-ü]'; // sqlparse `[A-ZÀ-Ü]` under re.IGNORECASE
// sqlparse keywords.py SQL_REGEX, in its order, reduced to what decides token boundaries.
const LEX: Array<[RegExp, TokKind]> = [
  [/(?:--|# )[^\r\n]*(?:\r\n|\r|\n|$)/y, 'comment1'],
  [/\/\*[\s\S]*?\*\//y, 'other'],
  [/\r\n|\r|\n/y, 'nl'],
  [/\s/uy, 'ws'],
  [/:=|::/y, 'other'],
  [/`(?:``|[^`])*`/y, 'other'],
  [/´(?:´´|[^´])*´/y, 'other'],
  [new RegExp(`(?<!\\S)(\\$(?:${NAME0}${W}*)?\\$)[\\s\\S]*?\\1`, 'uy'), 'other'],
  [new RegExp(`\\?|%(?:\\(${W}+\\))?s|(?<!${W})[$:?]${W}+|\\\\${W}+`, 'uy'), 'other'],
  [new RegExp(`(?:@|##|#)${NAME0}${W}+`, 'uy'), 'other'],
  [new RegExp(`${NAME0}${W}*(?=\\s*\\.|\\()`, 'uy'), 'name'], // Name tokens: `x.`, `f(` (never a keyword)
  [/'(?:''|\\'|[^'])*'/y, 'other'],
  [/"(?:""|\\"|[^"])*"/y, 'other'],
  [/(?<![\p{L}\p{N}_\])])\[[^\][]+\]/uy, 'other'],
  [new RegExp(`${W}[$#\\p{L}\\p{N}_]*`, 'uy'), 'word'],
];

function sqlparseTokens(sql: string): Array<{ text: string; kind: TokKind }> {
  const out: Array<{ text: string; kind: TokKind }> = [];
  let i = 0;
  while (i < sql.length) {
    let hit: { text: string; kind: TokKind } | null = null;
    for (const [re, kind] of LEX) {
      re.lastIndex = i;
      const m = re.exec(sql);
      if (m && m[0].length > 0) {
        hit = { text: m[0], kind };
        break;
      }
    }
    if (!hit) {
      const ch = String.fromCodePoint(sql.codePointAt(i) ?? 0);
      hit = { text: ch, kind: ch === ';' || ch === '(' || ch === ')' ? 'punct' : 'other' };
    }
    out.push(hit);
    i += hit.text.length;
  }
  return out;
}
