// The math family's benchmarks: where each one's data lives (bundled sample, official Hub source)
// and which fields hold problem, answer and id. Sources and sizes are documented in README.md.
import { assetPath } from '../../harness/paths.js';

export type MathName = 'aime24' | 'aime25' | 'amc23' | 'math500' | 'minerva' | 'olympiadbench' | 'math';

export interface MathSpec {
  name: MathName;
  title: string;
  /** Full benchmark size per split, for `agenteval list`. */
  sizes?: Record<string, number>;
  /** File under benchmarks/math/data/, or null (the generic `math` needs --data or a Hub repo). */
  bundledFile: string | null;
  /**
   * The official full-size source on the Hub, used with `--hub-revision <sha>` when no `--hub-repo`
   * is given. Never fetched without a revision: the commit is the user's to pin.
   */
  hub: { repo: string; split: string; dir?: string } | null;
  /** Field candidates, first present wins; `--problem-field` etc. override them. */
  problemFields: readonly string[];
  answerFields: readonly string[];
  /** Row fields kept as per-group breakdowns (e.g. MATH-500's subject and level). */
  groupFields: readonly string[];
}

const PROBLEM = ['problem', 'question', 'Problem', 'Question'] as const;
const ANSWER = ['answer', 'final_answer', 'Answer', 'expected_answer'] as const;

const spec = (s: Omit<MathSpec, 'problemFields' | 'answerFields' | 'groupFields'> & Partial<MathSpec>): MathSpec => ({
  problemFields: PROBLEM,
  answerFields: ANSWER,
  groupFields: [],
  ...s,
});

export const SPECS: Readonly<Record<MathName, MathSpec>> = {
  aime24: spec({ name: 'aime24', title: 'AIME 2024 (I and II)', sizes: { test: 30 }, bundledFile: 'aime24.jsonl', hub: { repo: 'HuggingFaceH4/aime_2024', split: 'train' } }),
  aime25: spec({ name: 'aime25', title: 'AIME 2025 (I and II)', sizes: { test: 30 }, bundledFile: 'aime25.jsonl', hub: { repo: 'math-ai/aime25', split: 'test' } }),
  // AMC23 as RLVR papers use it: the 40 AMC 2023 problems with integer answers. AI-MO/aimo-validation-amc
  // holds 83 (AMC12 2022 and 2023): no Hub default, pass --hub-repo or --data.
  amc23: spec({ name: 'amc23', title: 'AMC 2023', sizes: { test: 40 }, bundledFile: 'amc23.jsonl', hub: null }),
  math500: spec({ name: 'math500', title: 'MATH-500', sizes: { test: 500 }, bundledFile: 'math500.jsonl', hub: { repo: 'HuggingFaceH4/MATH-500', split: 'test' }, groupFields: ['subject', 'level'] }),
  minerva: spec({ name: 'minerva', title: 'Minerva Math (OCWCourses)', sizes: { test: 272 }, bundledFile: 'minerva.jsonl', hub: { repo: 'math-ai/minervamath', split: 'test' } }),
  olympiadbench: spec({
    name: 'olympiadbench', title: 'OlympiadBench (OE_TO_maths_en_COMP)', sizes: { test: 674 }, bundledFile: 'olympiadbench.jsonl',
    hub: { repo: 'Hothan/OlympiadBench', split: 'train', dir: 'OE_TO_maths_en_COMP' },
  }),
  math: spec({ name: 'math', title: 'Any {problem, answer} JSONL/Parquet', bundledFile: null, hub: null }),
};

/** The six benchmarks RLVR papers report, in the order their tables print them. */
export const MATH_SIX: readonly MathName[] = ['aime24', 'aime25', 'amc23', 'math500', 'minerva', 'olympiadbench'];

export function bundledPath(file: string): string {
  return assetPath('benchmarks', 'math', 'data', file);
}

/** The six as one leaderboard table with the papers' "Avg" column (harness/report/group-table.ts). */
export const MATH_GROUP = {
  name: 'math',
  title: 'Math reasoning (Avg@n, %)',
  metric: 'acc',
  benchmarks: [
    { name: 'aime24', label: 'AIME24' },
    { name: 'aime25', label: 'AIME25' },
    { name: 'amc23', label: 'AMC23' },
    { name: 'math500', label: 'MATH-500' },
    { name: 'minerva', label: 'Minerva' },
    { name: 'olympiadbench', label: 'Olympiad' },
  ],
} as const;
