// Prompt templates are files (benchmarks/text2sql/prompts/*.md) with `{{placeholders}}`; their
// sha256 goes into the run manifest so a prompt change changes the run fingerprint.
// A leading `<!-- … -->` comment documents the placeholders and is not sent to the model.
import { readFileSync } from 'node:fs';
import { sha256Text } from '../../harness/datasets/fileinfo.js';
import { promptPath } from './paths.js';

export interface Template {
  /** Key in `session.templates`, e.g. `text2sql/single.md`. */
  name: string;
  /** The file's full text (what is hashed). */
  source: string;
  sha256: string;
}

export function loadTemplate(file: string, path = promptPath(file)): Template {
  const source = readFileSync(path, 'utf8');
  return { name: `text2sql/${file}`, source, sha256: sha256Text(source) };
}

/** Fill `{{name}}` placeholders; an unknown placeholder is an error (a typo must not reach the model). */
export function render(t: Template, vars: Record<string, string>): string {
  const body = t.source.replace(/^\s*<!--[\s\S]*?-->\s*/, '');
  const out = body.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_m, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`template ${t.name}: no value for {{${key}}}`);
    return v;
  });
  // Optional sections render as '' and would leave runs of blank lines.
  return out.replace(/\n{3,}/g, '\n\n').trim();
}
