// Pull the SQL query out of a model's answer text (reasoning already removed by the model client).
//
// Order of preference:
// 1. a fenced code block: the last one tagged sql/sqlite/…; else the last one whose body starts with
//    SELECT/WITH/VALUES; else the last non-empty one (an unterminated final fence runs to the end of the text);
// 2. the text after the last `SQL:`-like marker (`SQL:`, `SQL query:`, `Final SQL:`, `Query:`), when it starts
//    with SELECT/WITH/VALUES — up to the first top-level `;`, a blank line or the end;
// 3. a bare statement: a SELECT/WITH that starts a line (or follows `:` `;` `.` `!` `?`), running to the first
//    top-level `;`, a blank line or the end, with balanced parentheses. Statements with FROM (or a WITH … AS ( CTE) are
//    preferred; among them the one ending last, and for equal ends the outermost (so a CTE keeps its WITH and a
//    subquery that starts a line is not mistaken for the query).
// Finally trailing semicolons and whitespace are stripped. Returns '' when no SQL is found.

const SQL_TAGS = /^(sql|sqlite3?|postgres(ql)?|psql|mysql|tsql|plsql)$/i;
/** `WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (` — tells a CTE from the English word. */
const CTE_HEAD =
  /^with\s+(?:recursive\s+)?(?:"[^"]+"|`[^`]+`|\[[^\]]+\]|\w+)\s*(?:\([^)]*\)\s*)?as\s*(?:(?:not\s+)?materialized\s*)?\(/i;
const STARTS_SQL = /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(select|with|values)\b/i;

export function extractSql(text: string): string {
  const t = text.replace(/<think>[\s\S]*?<\/think>/gi, '');
  const block = lastFencedBlock(t);
  if (block !== null) return clean(block);
  const marked = afterLastMarker(t);
  if (marked !== null) return clean(marked);
  const bare = lastBareStatement(t);
  return bare === null ? '' : clean(bare);
}

function clean(sql: string): string {
  return sql.trim().replace(/[\s;]+$/, '').trim();
}

interface Block {
  lang: string;
  body: string;
}

function fencedBlocks(text: string): Block[] {
  const fences: number[] = [];
  for (let i = text.indexOf('```'); i >= 0; i = text.indexOf('```', i + 3)) fences.push(i);
  const blocks: Block[] = [];
  for (let k = 0; k < fences.length; k += 2) {
    const open = (fences[k] ?? 0) + 3;
    const close = fences[k + 1] ?? text.length; // unterminated final fence: to the end
    const raw = text.slice(open, close);
    const nl = raw.indexOf('\n');
    const first = (nl < 0 ? raw : raw.slice(0, nl)).trim();
    // The info string is a single word on the fence line; anything else is already code (```SELECT 1```).
    const hasInfo = nl >= 0 && /^[\w+.-]*$/.test(first);
    blocks.push(hasInfo ? { lang: first, body: raw.slice(nl + 1) } : { lang: '', body: raw });
  }
  return blocks.filter((b) => b.body.trim() !== '');
}

function lastFencedBlock(text: string): string | null {
  const blocks = fencedBlocks(text);
  const pick =
    blocks.findLast((b) => SQL_TAGS.test(b.lang)) ??
    blocks.findLast((b) => STARTS_SQL.test(b.body)) ??
    blocks.at(-1);
  return pick ? pick.body : null;
}

function afterLastMarker(text: string): string | null {
  const markers = [...text.matchAll(/\b(?:final\s+)?(?:sql(?:\s+query)?|query)\s*\**\s*[:：]\**/gi)];
  const last = markers.at(-1);
  if (!last) return null;
  const rest = text.slice((last.index ?? 0) + last[0].length);
  if (!STARTS_SQL.test(rest)) return null;
  const start = rest.search(/\S/);
  const { end } = scanStatement(rest, start);
  return rest.slice(start, end);
}

function lastBareStatement(text: string): string | null {
  type Cand = { start: number; end: number; strong: boolean };
  const cands: Cand[] = [];
  for (const m of text.matchAll(/\b(select|with)\b/gi)) {
    const start = m.index ?? 0;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(lineStart, start).trimEnd();
    if (before !== '' && !/[:;`.!?]$/.test(before)) continue; // line start, or after a label/sentence
    const { end, balanced } = scanStatement(text, start);
    if (!balanced) continue;
    const body = text.slice(start, end);
    const isWith = /^with$/i.test(m[1] ?? '');
    if (isWith && !CTE_HEAD.test(body)) continue; // prose "with …"
    cands.push({ start, end, strong: isWith || /\bfrom\b/i.test(body) });
  }
  const pool = cands.some((c) => c.strong) ? cands.filter((c) => c.strong) : cands;
  let best: Cand | null = null;
  for (const c of pool) if (!best || c.end > best.end || (c.end === best.end && c.start < best.start)) best = c;
  return best ? text.slice(best.start, best.end) : null;
}

/**
 * From `start`: end of the statement (first `;` at paren depth 0, a blank line, or the end), skipping quotes
 * and comments; `balanced` is false when a `)` closes more than was opened or parens stay open.
 */
function scanStatement(text: string, start: number): { end: number; balanced: boolean } {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      const j = text.indexOf(c, i + 1);
      i = j < 0 ? text.length : j + 1;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      const j = text.indexOf('\n', i);
      i = j < 0 ? text.length : j; // the newline itself may start a blank line
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const j = text.indexOf('*/', i + 2);
      i = j < 0 ? text.length : j + 2;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return { end: i, balanced: false };
    else if (c === ';' && depth === 0) return { end: i, balanced: true };
    else if (c === '\n' && /^\n[ \t\r]*\n/.test(text.slice(i, i + 64))) return { end: i, balanced: depth === 0 };
    i++;
  }
  return { end: text.length, balanced: depth === 0 };
}
