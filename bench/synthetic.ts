// A synthetic prompt benchmark for the runner benchmarks: N problems, exact-match scoring.
// It exercises the same path as a real run (runner, client, scoring, store, summary).
import type { Benchmark, BenchmarkSession, Sample } from '../harness/types.js';

interface SynthSample extends Sample {
  q: string;
}

export function syntheticBenchmark(count: number): Benchmark<SynthSample> {
  return {
    name: 'synthetic',
    describe: () => ({ name: 'synthetic', title: 'synthetic', metrics: ['em'], dataSources: ['generated'], solvers: ['prompt'] }),
    async open(): Promise<BenchmarkSession<SynthSample>> {
      const samples: SynthSample[] = [];
      for (let i = 0; i < count; i++) samples.push({ id: String(i), q: `question ${i}` });
      return {
        samples,
        dataIssues: [],
        dataset: { source: 'generated', files: [] },
        templates: {},
        settings: { count },
        solver: { kind: 'prompt', messages: (s) => [{ role: 'user', content: s.q }] },
        metrics: [{ key: 'em', label: 'EM', binary: true, primary: true }],
        score: async (_s, e) => ({ scores: { em: e.output.length > 0 ? 1 : 0 } }),
        oracle: () => 'x',
        close: async () => {},
      };
    },
  };
}
