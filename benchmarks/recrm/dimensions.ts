// The four evaluation dimensions of RecRM-Bench (dataset card of wwzeng/RecRM-Bench), their
// short keys (metric keys `acc_<short>`) and `--dimension` parsing.
import { ConfigError } from '../../harness/run/options.js';

export const DIMENSIONS = [
  'instruction-following',
  'factual-consistency',
  'query-item-relevance',
  'user-behavior-prediction',
] as const;

export type Dimension = (typeof DIMENSIONS)[number];

export const SHORT: Record<Dimension, string> = {
  'instruction-following': 'if',
  'factual-consistency': 'fc',
  'query-item-relevance': 'qir',
  'user-behavior-prediction': 'ubp',
};

export const LABEL: Record<Dimension, string> = {
  'instruction-following': 'IF',
  'factual-consistency': 'FC',
  'query-item-relevance': 'QIR',
  'user-behavior-prediction': 'UBP',
};

export function isDimension(s: string): s is Dimension {
  return (DIMENSIONS as readonly string[]).includes(s);
}

/** Per-dimension accuracy metric key, e.g. `acc_if`. */
export function accKey(d: Dimension): string {
  return `acc_${SHORT[d]}`;
}

/**
 * `--dimension` value → dimensions in canonical order. Accepts full names, short keys
 * (`if,fc,qir,ubp`), `all`, or nothing (all four).
 */
export function parseDimensions(value: unknown): Dimension[] {
  if (value === undefined || value === null || value === '' || value === true) return [...DIMENSIONS];
  const parts = (Array.isArray(value) ? value.map(String) : String(value).split(','))
    .map((s) => s.trim().toLowerCase().replace(/_/g, '-'))
    .filter(Boolean);
  if (parts.includes('all')) return [...DIMENSIONS];
  const chosen = new Set<Dimension>();
  for (const p of parts) {
    const d = isDimension(p) ? p : DIMENSIONS.find((x) => SHORT[x] === p);
    if (!d) {
      throw new ConfigError(`--dimension: unknown dimension "${p}" (known: ${DIMENSIONS.map((x) => `${x} (${SHORT[x]})`).join(', ')}, or all)`);
    }
    chosen.add(d);
  }
  if (chosen.size === 0) throw new ConfigError('--dimension: no dimension given');
  return DIMENSIONS.filter((d) => chosen.has(d));
}
