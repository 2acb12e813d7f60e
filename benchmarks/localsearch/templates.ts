// Prompt files (benchmarks/localsearch/prompts/*.md). Each starts with one `<!-- … -->` line saying
// where the text comes from; everything after that line is the prompt, byte for byte (the official
// prompts are Python strings whose exact bytes matter: the judge cache is keyed by them). The
// whole file's sha256 goes into the run manifest and fingerprint.
import { readFileSync } from 'node:fs';
import { sha256Text } from '../../harness/datasets/fileinfo.js';
import { assetPath } from '../../harness/paths.js';

export interface Template {
  /** Key in `session.templates`, e.g. `localsearch/judge-all.md`. */
  name: string;
  /** The prompt text (the header line removed). */
  body: string;
  sha256: string;
}

export function loadTemplate(file: string): Template {
  const source = readFileSync(assetPath('benchmarks', 'localsearch', 'prompts', file), 'utf8');
  const m = /^<!--[\s\S]*?-->\n/.exec(source);
  const body = m ? source.slice(m[0].length) : source;
  return { name: `localsearch/${file}`, body, sha256: sha256Text(source) };
}

/** Fill `{{name}}` placeholders; an unknown one is an error (a typo must not reach the model). */
export function fill(t: Template, vars: Record<string, string>): string {
  return t.body.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_m, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`template ${t.name}: no value for {{${key}}}`);
    return v;
  });
}

/** The judge prompts: `combined` is what the agent pipeline uses (LLMJudge.evaluate_all). */
export const JUDGE_FILES = {
  combined: { all: 'judge-all.md' },
  separate: {
    correctness: 'judge-correctness.md',
    completeness: 'judge-completeness.md',
    fluency: 'judge-fluency.md',
    safety: 'judge-safety.md',
    hallucination: 'judge-hallucination.md',
  },
} as const;
