// Search-R1/FlashRAG passage conventions: how `contents` splits into title and text, and how
// retrieved passages are rendered for the model.
import type { Passage } from './types.js';

/**
 * Split `contents` exactly as Search-R1 does: the first line is the title, the remaining lines
 * (re-joined with "\n") are the text. Quotes are NOT stripped here: `_passages2string` keeps them,
 * so the model sees `(Title: "Ed Wood (film)")` for wiki-18 passages.
 * Source: PeterGriffinJin/Search-R1 search_r1/llm_agent/generation.py `_passages2string`
 * (`title = content.split("\n")[0]`, `text = "\n".join(content.split("\n")[1:])`).
 * Like Python's `str.split("\n")`, only "\n" separates lines (a "\r" stays in place).
 */
export function splitContents(contents: string): { title: string; text: string } {
  const lines = contents.split('\n');
  return { title: lines[0] ?? '', text: lines.slice(1).join('\n') };
}

/**
 * Remove leading and trailing double quotes, like Python's `title.strip("\"")` in Search-R1's
 * BM25Retriever._search (search_r1/search/retrieval_server.py) and FlashRAG's BM25 retriever.
 */
export function stripTitleQuotes(title: string): string {
  return title.replace(/^"+|"+$/g, '');
}

/**
 * `contents` for a `{title, text}` record, in the wiki-18 shape (`"Title"\ntext`), so that
 * formatting it gives the same string as the equivalent wiki-18 line. A newline inside the title
 * would move text into the title line, so it becomes a space.
 */
export function contentsFromTitleText(title: string, text: string): string {
  return `"${title.replace(/\r?\n/g, ' ')}"\n${text}`;
}

/**
 * Render passages as Search-R1 shows them to the model: `Doc {i}(Title: {title}) {text}\n` per
 * passage (no space before the parenthesis). Search-R1 then wraps the stripped string in
 * `<information>…</information>` (generation.py `execute_predictions`); that is the caller's job.
 */
export function formatSearchR1(passages: readonly Passage[]): string {
  let out = '';
  passages.forEach((p, i) => {
    const { title, text } = splitContents(p.contents);
    out += `Doc ${i + 1}(Title: ${title}) ${text}\n`;
  });
  return out;
}

type Doc = Omit<Passage, 'score'>;

function idOf(obj: Record<string, unknown>): { id: string | null } | { error: string } {
  for (const key of ['id', 'doc_id', '_id'] as const) {
    const v = obj[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') return { id: v };
    if (typeof v === 'number' && Number.isFinite(v)) return { id: String(v) };
    return { error: `field ${key} must be a string or a number` };
  }
  return { id: null };
}

/**
 * Normalise one corpus line or one server document to a passage. Accepted shapes:
 * `{id, contents}` (wiki-18, FlashRAG), `{title, text, contents}` (Search-R1's BM25 server) and
 * `{id|doc_id, title?, text}` (MuSiQue/HotpotQA paragraph corpora). `fallbackId` is used when the
 * record has no id (the 0-based line number for corpus files).
 */
export function normaliseDocument(value: unknown, fallbackId: string): Doc | { error: string } {
  const rec = corpusRecord(value, fallbackId);
  if ('error' in rec) return rec;
  // Title and text as the contents split them, so both input shapes agree.
  const { title, text } = splitContents(rec.contents);
  return { id: rec.id, title: stripTitleQuotes(title), text, contents: rec.contents };
}

/** The id and `contents` of a record, as normaliseDocument reads them (the index build needs no more). */
export function corpusRecord(value: unknown, fallbackId: string): { id: string; contents: string } | { error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'expected a JSON object' };
  }
  const obj = value as Record<string, unknown>;
  const idr = idOf(obj);
  if ('error' in idr) return idr;
  const id = idr.id ?? fallbackId;
  if (typeof obj.contents === 'string') return { id, contents: obj.contents };
  if (typeof obj.text === 'string') {
    if (obj.title !== undefined && obj.title !== null && typeof obj.title !== 'string') {
      return { error: 'field title must be a string' };
    }
    return { id, contents: contentsFromTitleText(typeof obj.title === 'string' ? obj.title : '', obj.text) };
  }
  return { error: 'needs a string "contents", or a string "text" (with an optional "title")' };
}
