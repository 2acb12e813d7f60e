// Math answer checker figures (scorers/math): comparisons/s on one core and tail latency, over
// the 285 Math-Verify dev pairs and over typical AIME/MATH answers (integers, fractions,
// decimals, simple radicals in boxed responses, right and wrong), the case the issue's
// ≥ 2,000 comparisons/s target is about. Single-threaded on purpose: "one core".
import fs from 'node:fs';
import { assetPath } from '../harness/paths.js';
import { verifyMath } from '../scorers/math/index.js';

interface Pair {
  gold: string;
  prediction: string;
  equivalent: boolean;
}

const TYPICAL_GOLD = /^(?:-?\d+(?:\.\d+)?|\\frac\{\d+\}\{\d+\}|\d*\\sqrt\{\d+\}|\\pi)$/;

export async function benchMathCheck(opts: { quick: boolean }): Promise<Record<string, number | string>> {
  const dev = loadPairs(assetPath('test', 'fixtures', 'math', 'equivalence_dev.jsonl'));
  const typical = typicalPairs(dev);
  const rounds = opts.quick ? 3 : 20;
  const out: Record<string, number | string> = { dev_pairs: dev.length, typical_pairs: typical.length };

  // Cold start: the first comparison compiles the regexes and (for symbolic answers) boots the CAS.
  let t0 = performance.now();
  verifyMath('\\frac{1}{2}', 'The answer is $\\boxed{0.5}$.');
  out.cold_first_ms = round(performance.now() - t0, 1);
  t0 = performance.now();
  verifyMath('x^2+2x+1', 'The answer is $\\boxed{(x+1)^2}$.');
  out.cold_first_symbolic_ms = round(performance.now() - t0, 1);

  for (const [name, pairs] of [['dev', dev], ['typical', typical]] as const) {
    const times: number[] = [];
    let agree = 0;
    const start = performance.now();
    for (let r = 0; r < rounds; r++) {
      for (const p of pairs) {
        const t = performance.now();
        const v = verifyMath(p.gold, p.prediction, { deadlineMs: 5000 });
        times.push(performance.now() - t);
        if (r === 0 && v.correct === p.equivalent) agree++;
      }
    }
    const s = (performance.now() - start) / 1000;
    times.sort((a, b) => a - b);
    out[`${name}_comparisons_per_s`] = Math.round(times.length / s);
    out[`${name}_ms_p50`] = round(times[Math.floor(times.length / 2)] ?? 0, 3);
    out[`${name}_ms_p99`] = round(times[Math.floor(times.length * 0.99)] ?? 0, 2);
    out[`${name}_ms_max`] = round(times[times.length - 1] ?? 0, 1);
    out[`${name}_agreement_with_expected`] = `${agree}/${pairs.length}`;
  }
  return out;
}

/**
 * Typical AIME/MATH comparisons: the dev pairs whose gold is a plain number, fraction, radical
 * or π, plus each such gold against a correct and an off-by-one boxed answer in a
 * model-style response.
 */
function typicalPairs(dev: Pair[]): Pair[] {
  const out = dev.filter((p) => TYPICAL_GOLD.test(p.gold.trim()));
  const golds = [...new Set(out.map((p) => p.gold))];
  for (const g of golds) {
    const body = 'Let me work through this carefully.\n\nComputing the intermediate product, $13 \\cdot 11 = 143$.\n\n';
    out.push({ gold: g, prediction: `${body}**Final Answer**\n\\[\n\\boxed{${g}}\n\\]`, equivalent: true });
    if (/^\d+$/.test(g)) out.push({ gold: g, prediction: `${body}Hence, the answer is $\\boxed{${Number(g) + 1}}$.`, equivalent: false });
  }
  return out;
}

function loadPairs(file: string): Pair[] {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Pair);
}

function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

