// A minimal benchmark for engine tests: question "what is <word>?" → answer "<word>", scored by
// exact match. Real enough to exercise the runner, store, summary and reports end to end.
import type { Benchmark, BenchmarkSession, Episode, Sample } from '../../harness/types.js';

export interface ToySample extends Sample {
  question: string;
  answer: string;
}

export function toySamples(count: number): ToySample[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(i),
    question: `what is word${i}?`,
    answer: `word${i}`,
    groups: { parity: i % 2 === 0 ? 'even' : 'odd' },
  }));
}

/** The answer the toy prompt asks for, read back from a request body (for scripted mocks). */
export function toyAnswerFor(body: Record<string, unknown>): string {
  const messages = body.messages as Array<{ content: string }>;
  const m = /what is (word\d+)\?/.exec(messages[messages.length - 1]!.content);
  return m ? m[1]! : '';
}

export function toyIdFor(body: Record<string, unknown>): string {
  return toyAnswerFor(body).replace('word', '');
}

export function toyBenchmark(count = 10, settings: Record<string, string> = {}): Benchmark<ToySample> {
  return {
    name: 'toy',
    describe: () => ({ name: 'toy', title: 'Toy QA', metrics: ['em'], dataSources: ['in-memory'], solvers: ['prompt'] }),
    async open(): Promise<BenchmarkSession<ToySample>> {
      return {
        samples: toySamples(count),
        dataIssues: [],
        dataset: { source: 'memory:toy', files: [] },
        templates: { 'toy.md': 'abc' },
        settings,
        solver: { kind: 'prompt', messages: (s) => [{ role: 'user', content: s.question }] },
        metrics: [{ key: 'em', label: 'EM', binary: true, primary: true }],
        async score(sample: ToySample, episode: Episode) {
          const pred = episode.output.trim();
          return { scores: { em: pred === sample.answer ? 1 : 0 }, vote: pred };
        },
        oracle: (s) => s.answer,
        view: (s) => ({ question: s.question, reference: s.answer }),
        async close() {},
      };
    },
  };
}
