// Math reasoning benchmarks as RLVR papers evaluate them: AIME24, AIME25, AMC23, MATH-500, Minerva
// Math, OlympiadBench (and `math`, any {problem, answer} file). One prompt per sample (the problem
// and the boxed-answer instruction), the final answer checked for mathematical equivalence with the
// gold by scorers/math (Math-Verify semantics) in a worker-thread pool with a hard time limit.
// Metrics: `acc` (its mean is Avg@n), pass@k and maj@n from the engine, verl's bootstrap best@k,
// truncation and response length from aggregate.ts.
import type { Benchmark, BenchmarkSession } from '../../harness/types.js';
import { sha256Text } from '../../harness/datasets/fileinfo.js';
import { mathAccumulator } from './aggregate.js';
import { MathCheckPool } from './check-pool.js';
import { openMathData } from './data.js';
import type { MathSample } from './load.js';
import { OPTIONS, parseOptions, settingsJson } from './options.js';
import { mathMessages, oracleOutput } from './prompt.js';
import { scoreMathSample } from './scoring.js';
import { SPECS, type MathName, type MathSpec } from './specs.js';

export type { MathSample } from './load.js';
export { MATH_GROUP, MATH_SIX } from './specs.js';

export const MATH_METRICS = [{ key: 'acc', label: 'Acc', binary: true, primary: true }];

/** What a math benchmark is built with; tests inject a checker module (e.g. one that never returns). */
export interface MathDeps {
  checkerUrl?: string;
}

function makeBenchmark(spec: MathSpec, deps: MathDeps): Benchmark<MathSample> {
  return {
    name: spec.name,
    describe: () => ({
      name: spec.name,
      title: spec.title,
      ...(spec.sizes ? { sizes: spec.sizes } : {}),
      metrics: ['acc (Avg@n)', 'pass@k', 'maj@n', 'best@k(verl)', 'response tokens'],
      dataSources: [
        ...(spec.bundledFile ? [`bundled sample (benchmarks/math/data/${spec.bundledFile})`] : []),
        '--data PATH: JSONL/JSON/Parquet rows with problem and answer fields (--problem-field/--answer-field/--id-field)',
        spec.hub ? `hf:${spec.hub.repo}${spec.hub.dir ? `/${spec.hub.dir}` : ''} split ${spec.hub.split} (--hub-revision <sha>)` : '--hub-repo owner/name --hub-revision <sha>',
      ],
      solvers: ['prompt'],
      ...(spec.bundledFile ? {} : { needsData: true }),
      notes: 'answers checked by scorers/math (Math-Verify semantics); --preset rlvr-math = n 16, temperature 0.6, top-p 0.95, max tokens 32768',
    }),
    options: OPTIONS,
    aggregator: () => mathAccumulator(),
    async open(opts): Promise<BenchmarkSession<MathSample>> {
      const settings = parseOptions(opts.options);
      const data = await openMathData(spec, {
        ...(opts.data !== undefined ? { data: opts.data } : {}),
        ...(opts.split !== undefined ? { split: opts.split } : {}),
        ...(opts.hub ? { hub: opts.hub } : {}),
        fields: settings.fields,
      });
      if (data.warning) opts.log(`${spec.name}: ${data.warning}`);
      const pool = new MathCheckPool({
        timeoutMs: settings.checkTimeoutMs,
        ...(settings.checkWorkers ? { size: settings.checkWorkers } : {}),
        ...(deps.checkerUrl ? { checkerUrl: deps.checkerUrl } : {}),
      });
      return {
        samples: data.samples,
        dataIssues: data.issues,
        dataset: data.info,
        templates: settings.instruction ? { instruction: sha256Text(settings.instruction) } : {},
        settings: settingsJson(settings),
        solver: { kind: 'prompt', messages: (s) => mathMessages(s.problem, settings.instruction) },
        metrics: MATH_METRICS,
        score: (sample, episode) => scoreMathSample(sample.answer, episode, (g, p) => pool.check(g, p)),
        oracle: (sample) => oracleOutput(sample.answer),
        close: () => pool.close(),
      };
    },
  };
}

export function mathBenchmark(name: MathName, deps: MathDeps = {}): Benchmark<MathSample> {
  return makeBenchmark(SPECS[name], deps);
}

export const aime24 = mathBenchmark('aime24');
export const aime25 = mathBenchmark('aime25');
export const amc23 = mathBenchmark('amc23');
export const math500 = mathBenchmark('math500');
export const minerva = mathBenchmark('minerva');
export const olympiadbench = mathBenchmark('olympiadbench');
export const mathGeneric = mathBenchmark('math');
