// Prompt templates: one file per dimension plus one verdict-format file per label type, under
// prompts/<version>/. Their sha256 goes into the run manifest, so editing a prompt changes the
// run fingerprint. `{{name}}` is a placeholder; `{{#name}}…{{/name}}` a section kept only when
// that field is non-empty; a leading `<!-- … -->` comment documents the file and is not sent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Text } from '../../harness/datasets/fileinfo.js';
import type { ChatMessage } from '../../harness/types.js';
import { DIMENSIONS, type Dimension } from './dimensions.js';
import type { RecSample } from './extract.js';
import { verdictExample } from './verdict.js';
import { promptDir } from './paths.js';

export const PROMPT_VERSION = 'v1';

export interface Template {
  /** Key in `session.templates`, e.g. `recrm/v1/factual-consistency.md`. */
  name: string;
  source: string;
  sha256: string;
}

export interface PromptSet {
  version: string;
  dimension: Record<Dimension, Template>;
  verdict: Record<'binary' | 'graded' | 'ranking', Template>;
}

function load(version: string, file: string): Template {
  const source = readFileSync(join(promptDir(version), file), 'utf8');
  return { name: `recrm/${version}/${file}`, source, sha256: sha256Text(source) };
}

export function loadPrompts(version = PROMPT_VERSION): PromptSet {
  const dimension = Object.fromEntries(DIMENSIONS.map((d) => [d, load(version, `${d}.md`)])) as Record<Dimension, Template>;
  const verdict = {
    binary: load(version, 'verdict-binary.md'),
    graded: load(version, 'verdict-graded.md'),
    ranking: load(version, 'verdict-ranking.md'),
  };
  return { version, dimension, verdict };
}

/** name → sha256 of the templates a run uses (the chosen dimensions and their label types). */
export function templateHashes(p: PromptSet, dims: readonly Dimension[], labelTypes: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of dims) out[p.dimension[d].name] = p.dimension[d].sha256;
  for (const [type, t] of Object.entries(p.verdict)) if (labelTypes.has(type)) out[t.name] = t.sha256;
  return out;
}

/** Fill placeholders and sections; an unknown placeholder is an error (a typo must not reach the model). */
export function render(t: Template, vars: Record<string, string>): string {
  const body = t.source.replace(/^\s*<!--[\s\S]*?-->\s*/, '');
  const sections = body.replace(/\{\{#([a-z_]+)\}\}([\s\S]*?)\{\{\/\1\}\}/g, (_m, key: string, inner: string) => {
    if (!(key in vars)) throw new Error(`template ${t.name}: no value for section {{#${key}}}`);
    return vars[key]!.trim() === '' ? '' : inner;
  });
  const out = sections.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_m, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`template ${t.name}: no value for {{${key}}}`);
    return v;
  });
  return out.replace(/\n{3,}/g, '\n\n').trim();
}

function itemsText(s: RecSample): string {
  if (s.items.length === 0) return '';
  // One item without a meaningful id (positional "1") needs no id; rankings always show ids.
  if (s.items.length === 1 && s.label.type !== 'ranking') return s.items[0]!.text;
  return s.items.map((it) => `[${it.id}]\n${it.text}`).join('\n\n');
}

export function verdictFormat(p: PromptSet, s: RecSample): string {
  const spec = s.label;
  const example = verdictExample(spec);
  if (spec.type === 'binary') return render(p.verdict.binary, { example });
  if (spec.type === 'graded') {
    const classes = spec.classes.map((c) => `- ${String(c.value)}${c.description ? ` — ${c.description}` : ''}`).join('\n');
    return render(p.verdict.graded, { classes, example });
  }
  return render(p.verdict.ranking, { ids: s.items.map((x) => x.id).join(', '), example });
}

/** The request for one entry: a single user message. */
export function buildMessages(p: PromptSet, s: RecSample): ChatMessage[] {
  const content = render(p.dimension[s.dimension], {
    query: s.query,
    context: s.context,
    items: itemsText(s),
    response: s.response,
    verdict_format: verdictFormat(p, s),
  });
  return [{ role: 'user', content }];
}
