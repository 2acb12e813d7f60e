// Named protocol presets (`agenteval run --preset NAME`, a suite model's `preset:`): the sampling
// and benchmark options a paper's evaluation protocol fixes, so a reproduction is one flag. A
// preset only fills options the user left unset: an explicit flag always wins.

export interface Preset {
  description: string;
  /** Option values as `agenteval run` parses them (camelCase keys, e.g. `topP`, `maxTokens`). */
  values: Readonly<Record<string, string | number | boolean>>;
  /** Where the protocol comes from. */
  source: string;
}

export const PRESETS: Readonly<Record<string, Preset>> = {
  'rlvr-math': {
    description: 'RLVR math papers: Avg@16 at temperature 0.6, top-p 0.95, 32k-token budget, the boxed-answer instruction',
    values: { samples: 16, temperature: 0.6, topP: 0.95, maxTokens: 32768 },
    source:
      'the Avg@16 protocol of the lab\'s RLVR math papers (six benchmarks, temperature 0.6, top-p 0.95); ' +
      'the instruction is the math family\'s default',
  },
};

export function presetNames(): string[] {
  return Object.keys(PRESETS);
}

/**
 * `opts` with the preset's values filled in where `isUnset(key)` holds. The preset's name is kept
 * under `preset` (for the manifest's command line); an unknown name throws with the known ones.
 */
export function applyPreset(opts: Record<string, unknown>, isUnset: (key: string) => boolean = (k) => opts[k] === undefined): Record<string, unknown> {
  const name = opts.preset;
  if (name === undefined || name === null) return opts;
  const preset = typeof name === 'string' ? PRESETS[name] : undefined;
  if (!preset) throw new Error(`unknown --preset "${String(name)}" (known: ${presetNames().join(', ')})`);
  const out = { ...opts };
  for (const [k, v] of Object.entries(preset.values)) if (isUnset(k)) out[k] = v;
  return out;
}
