import { describe, expect, it } from 'vitest';
import { buildRunConfig, ConfigError } from '../harness/run/options.js';
import { applyPreset, PRESETS } from '../harness/run/presets.js';
import { planSuite } from '../harness/suite/plan.js';
import { getBenchmark } from '../harness/all-benchmarks.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Only configurations are built here; a results root outside the checkout all the same.
const RESULTS = join(tmpdir(), 'agenteval-presets-test');

describe('--preset', () => {
  it('rlvr-math sets n 16, temperature 0.6, top-p 0.95, max tokens 32768', () => {
    const c = buildRunConfig(['math500'], { model: 'oracle', resultsDir: RESULTS, preset: 'rlvr-math' });
    expect(c.n).toBe(16);
    expect(c.ks).toEqual([1, 16]);
    expect(c.sampling).toEqual({ temperature: 0.6, top_p: 0.95, max_tokens: 32768 });
    expect(c.preset).toBe('rlvr-math');
  });

  it('explicit flags win over the preset', () => {
    const c = buildRunConfig(['math500'], { model: 'oracle', resultsDir: RESULTS, preset: 'rlvr-math', samples: '4', temperature: '1.0', maxTokens: '2048' });
    expect(c.n).toBe(4);
    expect(c.sampling).toEqual({ temperature: 1, top_p: 0.95, max_tokens: 2048 });
  });

  it('an unknown preset is a usage error naming the known ones', () => {
    expect(() => buildRunConfig(['math500'], { model: 'oracle', resultsDir: RESULTS, preset: 'nope' })).toThrow(ConfigError);
    expect(() => applyPreset({ preset: 'nope' })).toThrow(/known: rlvr-math/);
    expect(Object.keys(PRESETS)).toContain('rlvr-math');
  });

  it('suite models take a preset; their own sampling wins', () => {
    const cells = planSuite(
      {
        name: 's',
        models: [
          { name: 'm1', spec: 'oracle', preset: 'rlvr-math' },
          { name: 'm2', spec: 'oracle', preset: 'rlvr-math', n: 2, sampling: { temperature: 1 } },
        ],
        benchmarks: [{ name: 'aime24' }],
      },
      '/tmp/agenteval-preset-suite',
      getBenchmark,
    );
    expect(cells.map((c) => [c.config.n, c.config.sampling])).toEqual([
      [16, { temperature: 0.6, top_p: 0.95, max_tokens: 32768 }],
      [2, { temperature: 1, top_p: 0.95, max_tokens: 32768 }],
    ]);
  });
});
