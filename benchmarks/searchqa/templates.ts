// Prompt templates (benchmarks/searchqa/prompts/*.md). Each file starts with a `<!-- … -->` comment
// (source and placeholders, not sent); the rest is sent EXACTLY — Search-R1's prompts end in "\n",
// which matters when the prompt is continued as raw text. Their sha256 goes into session.templates.
import { readFileSync } from 'node:fs';
import { sha256Text } from '../../harness/datasets/fileinfo.js';
import { promptPath } from './specs.js';

export interface Template {
  /** Key in session.templates, e.g. `searchqa/tags.md`. */
  name: string;
  source: string;
  sha256: string;
  body: string;
}

export function loadTemplate(file: string, path = promptPath(file)): Template {
  const source = readFileSync(path, 'utf8');
  const body = source.replace(/^<!--[\s\S]*?-->\n/, '');
  return { name: `searchqa/${file}`, source, sha256: sha256Text(source), body };
}

/** A template body cut at its placeholders: literal, key, literal, key, …, literal. */
const PIECES = new WeakMap<Template, string[]>();

function pieces(t: Template): string[] {
  let p = PIECES.get(t);
  if (!p) {
    p = [];
    const re = /\{\{\s*([a-z_]+)\s*\}\}/g;
    let from = 0;
    for (const m of t.body.matchAll(re)) {
      p.push(t.body.slice(from, m.index), m[1]!);
      from = m.index + m[0].length;
    }
    p.push(t.body.slice(from));
    PIECES.set(t, p);
  }
  return p;
}

/**
 * Fill `{{name}}` placeholders (values inserted verbatim); an unknown placeholder is an error.
 * The body is cut once per template: rendering is then a join, not a regex pass per prompt.
 */
export function render(t: Template, vars: Record<string, string>): string {
  const p = pieces(t);
  let out = p[0]!;
  for (let i = 1; i < p.length; i += 2) {
    const key = p[i]!;
    const v = vars[key];
    if (v === undefined) throw new Error(`template ${t.name}: no value for {{${key}}}`);
    out += v + p[i + 1]!;
  }
  return out;
}

/**
 * The question as Search-R1 puts it in its prompts: stripped, with '?' appended when it does not end
 * with one (scripts/data_process/nq_search.py, nq.py, nq_rag.py process_fn).
 */
export function searchR1Question(q: string): string {
  const s = q.trim();
  return s.endsWith('?') ? s : `${s}?`;
}

/**
 * Qwen2.5's chat template for one user message with the generation prompt, i.e. what Search-R1's
 * infer.py builds with tokenizer.apply_chat_template (Qwen2.5 inserts its default system message).
 * Search-R1's released checkpoints are mostly Qwen2.5 models; use the raw format for others.
 */
export function qwen25Prompt(user: string): string {
  return `<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\n${user}<|im_end|>\n<|im_start|>assistant\n`;
}
