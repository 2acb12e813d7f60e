// BFCL's `agenteval run` options, apart from the benchmark so the CLI can list them without loading it.
import type { BenchmarkOption } from '../../harness/types.js';
import { CATEGORIES } from './categories.js';

export const BFCL_OPTIONS: BenchmarkOption[] = [
  // No `choices`: text2sql shares --mode with other values; open() validates.
  { flags: '--mode <mode>', description: 'fc (native function calling, OpenAI tools) | prompt (official system prompt, Python-call output)', default: 'fc' },
  { flags: '--category <list>', description: `categories, comma-separated (${CATEGORIES.join(', ')}; or live, non_live, all)`, default: 'all' },
];
