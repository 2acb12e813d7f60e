import { describe, expect, it } from 'vitest';
import { parseSuite, SuiteError } from '../harness/suite/load.js';
import { planSuite } from '../harness/suite/plan.js';
import { benchmarkOptionValues } from '../harness/suite/options.js';
import { ConfigError } from '../harness/run/options.js';
import type { Benchmark } from '../harness/types.js';
import { toyBenchmark } from './helpers/toy-benchmark.js';

const toy = toyBenchmark(3) as unknown as Benchmark;
const judged: Benchmark = {
  ...toy,
  name: 'judged',
  options: [
    { flags: '--style <s>', description: 'prompt style' },
    { flags: '--no-hints', description: 'no hints' },
    { flags: '--judge <spec>', description: 'judge' },
    { flags: '--judge-base-url <urls>', description: 'judge url' },
    { flags: '--mode <m>', description: 'mode', choices: ['a', 'b'] },
  ],
};
const lookup = (name: string) => ({ toy, judged })[name as 'toy' | 'judged'];

const GOOD = `name: nightly
out: /tmp/x/{date}
endpoints:
  vllm: { base_url: http://127.0.0.1:8000/v1, api_key_env: VLLM_KEY, concurrency: 64 }
models:
  - { name: ckpt-1200, spec: openai:ckpt-1200, endpoint: vllm, sampling: { temperature: 0.6, top_p: 0.95, max_tokens: 2048 }, n: 4 }
  - { name: ref, spec: oracle }
benchmarks:
  - { name: toy, limit: 2 }
  - { name: judged, options: { style: terse, no-hints: true } }
judge: { spec: openai:gpt-4o, base_url: http://127.0.0.1:9000/v1, api_key_env: JUDGE_KEY, temperature: 0 }
`;

function problems(text: string): string[] {
  try {
    parseSuite(text, 'suite.yaml', lookup);
  } catch (err) {
    expect(err).toBeInstanceOf(SuiteError);
    expect(err).toBeInstanceOf(ConfigError); // exit code 2 in the CLI
    return (err as SuiteError).problems;
  }
  throw new Error('expected the suite to be rejected');
}

describe('suite files', () => {
  it('parses a valid suite and plans the matrix with run configs as `agenteval run` would build them', () => {
    const suite = parseSuite(GOOD, 'suite.yaml', lookup);
    const cells = planSuite(suite, '/tmp/x/2025-06-01', lookup);
    expect(cells.map((c) => c.rel)).toEqual(['ckpt-1200/toy', 'ckpt-1200/judged', 'ref/toy', 'ref/judged']);
    const c = cells[1]!;
    expect(c.dir).toBe('/tmp/x/2025-06-01/ckpt-1200/judged');
    expect(c.endpoint).toBe('vllm');
    expect(c.config).toMatchObject({
      model: 'openai:ckpt-1200',
      baseUrls: ['http://127.0.0.1:8000/v1'],
      apiKeyEnv: 'VLLM_KEY',
      n: 4,
      ks: [1, 4],
      sampling: { temperature: 0.6, top_p: 0.95, max_tokens: 2048 },
      concurrency: 64,
      out: '/tmp/x/2025-06-01/ckpt-1200/judged',
    });
    // Benchmark options as commander would give them; the suite judge only where --judge exists.
    expect(c.config.benchmarkOptions).toEqual({
      judge: 'openai:gpt-4o',
      judgeBaseUrl: 'http://127.0.0.1:9000/v1',
      judgeApiKeyEnv: 'JUDGE_KEY',
      judgeTemperature: '0',
      style: 'terse',
      hints: false,
    });
    expect(cells[0]!.config.benchmarkOptions).toEqual({});
    expect(cells[0]!.config.limit).toBe(2);
    expect(cells[2]!.endpoint).toBeNull();
    expect(cells[2]!.config.sampling.temperature).toBe(0);
  });

  it('reports YAML syntax errors with their line', () => {
    const p = problems('name: x\nmodels: [\n  { name: a\n');
    expect(p[0]).toMatch(/^line \d+, col \d+: /);
    expect(problems('name: x\nname: y\nmodels: []\nbenchmarks: []\n')[0]).toMatch(/^line 2, col 1: .*unique/);
  });

  it('reports every schema problem at once, each with the line it is on', () => {
    const text = `name: nightly
endpoints:
  vllm: { base_url: http://h/v1, concurrency: fast }
models:
  - name: a
    spec: openai:a
    endpoint: vllm
    sampling:
      temperature: 3
  - name: b
    endpoint: vllm
    colour: blue
benchmarks:
  - { name: toy }
`;
    const p = problems(text);
    expect(p).toEqual(
      expect.arrayContaining([
        'line 3, col 47: endpoints.vllm.concurrency must be an integer ≥ 1 or "auto"',
        'line 9, col 20: models[0].sampling.temperature must be <= 2',
        'line 10, col 5: models[1] needs "spec"',
        expect.stringMatching(/^line 12, col 5: unknown key "colour" in models\[1\] \(allowed: name, spec, endpoint/),
      ]),
    );
    expect(p).toHaveLength(4);
  });

  it('checks what the schema cannot: endpoints exist, names are unique, benchmarks and options are known', () => {
    const text = `name: nightly
endpoints:
  vllm: { base_url: http://h/v1 }
models:
  - { name: a, spec: openai:a, endpoint: gpu }
  - { name: a, spec: openai:b }
  - { name: c, spec: oracle, endpoint: vllm }
benchmarks:
  - { name: toy }
  - { name: nope }
  - { name: judged, options: { colour: red, mode: c, style: true } }
`;
    const p = problems(text);
    expect(p).toEqual([
      'line 5, col 42: models[0].endpoint "gpu" is not defined under endpoints: (defined: vllm)',
      'line 6, col 13: model name "a" is used twice (it names the run folders)',
      'line 6, col 5: models[1] (openai:b) needs "endpoint": one of vllm',
      'line 7, col 40: models[2].endpoint: only openai: models use an endpoint (oracle does not)',
      'line 10, col 13: unknown benchmark "nope" (see `agenteval list`)',
      expect.stringMatching(/^line 11, col 32: benchmark judged has no option "colour" \(its options: style, no-hints, hints, judge, judge-base-url, mode\)/),
      'line 11, col 51: judged option "mode" must be one of a, b (got "c")',
      'line 11, col 61: judged option "style" takes a value, not true',
    ]);
  });

  it('names bad folder names and specs plainly', () => {
    const p = problems('name: "my suite"\nmodels:\n  - { name: a/b, spec: gpt-4 }\nbenchmarks: [{ name: toy }]\n');
    expect(p.join('\n')).toMatch(/line 1, col 7: name must match .*names a folder/);
    expect(p.join('\n')).toMatch(/line 3, col 13: models\[0\]\.name must match/);
    expect(p.join('\n')).toMatch(/line 3, col 24: models\[0\]\.spec must match .*openai:<model>, oracle or replay/);
  });

  it('turns option values into what commander would pass, and refuses mistyped switches', () => {
    expect(benchmarkOptionValues(judged, { style: 3, hints: true }, undefined)).toEqual({ style: '3', hints: true });
    expect(() => benchmarkOptionValues(judged, { style: true }, undefined)).toThrow(/takes a value/);
    expect(() => benchmarkOptionValues(judged, { 'no-hints': 'yes' }, undefined)).toThrow(/switch/);
  });
});
