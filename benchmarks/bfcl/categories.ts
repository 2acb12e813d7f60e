// BFCL v4's single-turn categories (bfcl_eval/constants/category_mapping.py SINGLE_TURN_CATEGORY,
// less simple_java / simple_javascript, which need the Java/JS type converters) and which part of
// the score table each feeds (eval_runner_helper.py generate_leaderboard_csv).
import { ConfigError } from '../../harness/run/options.js';

export const CATEGORIES = [
  'simple_python',
  'multiple',
  'parallel',
  'parallel_multiple',
  'irrelevance',
  'live_simple',
  'live_multiple',
  'live_parallel',
  'live_parallel_multiple',
  'live_irrelevance',
  'live_relevance',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** Full sizes at gorilla 6ea5797 (bfcl_eval/data). */
export const FULL_SIZES: Readonly<Record<Category, number>> = {
  simple_python: 400,
  multiple: 200,
  parallel: 200,
  parallel_multiple: 200,
  irrelevance: 240,
  live_simple: 258,
  live_multiple: 1053,
  live_parallel: 16,
  live_parallel_multiple: 24,
  live_irrelevance: 884,
  live_relevance: 16,
};

export const NON_LIVE_AST: readonly Category[] = ['simple_python', 'multiple', 'parallel', 'parallel_multiple'];
export const LIVE_AST: readonly Category[] = ['live_simple', 'live_multiple', 'live_parallel', 'live_parallel_multiple'];
export const IRRELEVANCE: readonly Category[] = ['irrelevance', 'live_irrelevance'];

/** is_relevance_or_irrelevance: no possible-answer file; judged by whether a call was made. */
export const isRelevance = (c: string): boolean => c.includes('relevance');

export const isCategory = (c: string): c is Category => (CATEGORIES as readonly string[]).includes(c);

/** `--category a,b` (default all); the groups `live`, `non_live`, `single_turn`/`all` as BFCL names them. */
export function parseCategories(raw: unknown): Category[] {
  if (raw === undefined || raw === null || raw === '' || raw === 'all') return [...CATEGORIES];
  const out = new Set<Category>();
  for (const part of String(raw).split(',').map((s) => s.trim()).filter(Boolean)) {
    if (part === 'all' || part === 'single_turn') CATEGORIES.forEach((c) => out.add(c));
    else if (part === 'live') CATEGORIES.filter((c) => c.startsWith('live_')).forEach((c) => out.add(c));
    else if (part === 'non_live') CATEGORIES.filter((c) => !c.startsWith('live_')).forEach((c) => out.add(c));
    else if (isCategory(part)) out.add(part);
    else if (part.startsWith('multi_turn') || part.startsWith('memory') || part.startsWith('web_search')) {
      throw new ConfigError(`--category ${part}: multi-turn and agentic categories are not supported (they need BFCL's simulated APIs and state-based checker)`);
    } else throw new ConfigError(`--category: unknown category "${part}" (choose from ${CATEGORIES.join(', ')}, or live, non_live, all)`);
  }
  return CATEGORIES.filter((c) => out.has(c));
}
