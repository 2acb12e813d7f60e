// Request messages, as BFCL's OpenAI-compatible handler builds them for a single-turn entry:
// - fc mode: the entry's first turn as is; the docs go as `tools` (tools.ts);
// - prompt mode: the official system prompt (prompts/system-prompt.md) with the docs as
//   json.dumps(functions, indent=4) (after the inference-time language hint), put first; when the
//   entry opens with its own system message, the prompt is prepended to it with a blank line
//   (system_prompt_pre_processing_chat_model).
import { readFileSync } from 'node:fs';
import { sha256Text } from '../../harness/datasets/fileinfo.js';
import { assetPath } from '../../harness/paths.js';
import type { ChatMessage } from '../../harness/types.js';
import { pyJsonDumps } from '../../scorers/bfcl/py-json.js';
import type { BfclSample } from './entry.js';
import { withHint } from './tools.js';

export interface SystemTemplate {
  name: string;
  sha256: string;
  body: string;
}

export function loadSystemTemplate(): SystemTemplate {
  const source = readFileSync(assetPath('benchmarks', 'bfcl', 'prompts', 'system-prompt.md'), 'utf8');
  return { name: 'bfcl/system-prompt.md', sha256: sha256Text(source), body: source.replace(/^<!--[\s\S]*?-->\n/, '') };
}

export function systemPrompt(t: SystemTemplate, sample: BfclSample): string {
  const hinted = withHint(sample.functions);
  // The loader built the sample's tools from the same docs, so the hint always applies here.
  if (typeof hinted === 'string') throw new Error(`${sample.id}: ${hinted}`);
  return t.body.replace('{{functions}}', () => pyJsonDumps({ t: 'list', v: hinted }, 4));
}

export function promptMessages(t: SystemTemplate, sample: BfclSample): ChatMessage[] {
  const system = systemPrompt(t, sample);
  const [first, ...rest] = sample.messages;
  if (first && first.role === 'system') return [{ role: 'system', content: `${system}\n\n${first.content ?? ''}` }, ...rest];
  return [{ role: 'system', content: system }, ...sample.messages];
}
