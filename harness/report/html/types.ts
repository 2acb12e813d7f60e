// The data embedded in report.html (one JSON block the page's script renders). Short keys on
// sample rows keep large reports small.
import type { Tabular } from '../render.js';

export interface ReportRun {
  id: number;
  /** Unique display name: the model, plus the folder name when one model has several runs. */
  label: string;
  /** The model as every chart names it (label without the run tag): its colour's key. */
  model_key: string;
  benchmark: string;
  model: string;
  dir: string;
  n: number;
  problems: number;
  errors: number;
  fingerprint: string;
}

export interface Bar {
  run: number;
  label: string;
  value: number;
  low: number;
  high: number;
}

/** One primary metric of a benchmark: a bar per run, with 95% CI whiskers (display scale). */
export interface MetricChart {
  key: string;
  label: string;
  scale: number;
  bars: Bar[];
}

export interface CurveSeries {
  label: string;
  /** The model (ReportRun.model_key, or the history's model name): its colour's key. */
  model_key: string;
  points: Array<{ x: number; y: number; low: number | null; high: number | null; when?: string }>;
}

/** pass@k (x = k) or a trend (x = time in ms), one series per run or model. */
export interface CurveChart {
  key: string;
  label: string;
  series: CurveSeries[];
}

export interface BenchmarkSection {
  name: string;
  metrics: MetricChart[];
  passk: CurveChart[];
  trends: CurveChart[];
}

export interface TraceRow {
  turn: number;
  tool: string;
  input: string;
  output: string;
  error: string | null;
}

export interface SampleRow {
  /** Run id. */
  r: number;
  id: string;
  s: number;
  scores: Record<string, number> | null;
  error: string | null;
  ek: string | null;
  /** The question: the problem's own (recorded on its sample 0), else the first user message. */
  q: string | null;
  /** The reference answer / gold SQL, recorded on the problem's sample 0. */
  ref: string | null;
  out: string | null;
  reasoning: string | null;
  trace: TraceRow[];
  tools: number;
  turns: number;
  /** Across the runs of its benchmark: fixed/regressed (two runs: first is the baseline) or differs. */
  flip: 'fixed' | 'regressed' | 'differs' | null;
  /** Per-problem primary metric mean ≥ 0.5 in this run. */
  solved: boolean | null;
}

export interface ReportData {
  title: string;
  generated_at: string;
  version: string;
  /** One table per benchmark, each with its own metric columns. */
  leaderboard: Array<{ benchmark: string; table: Tabular }>;
  runs: ReportRun[];
  benchmarks: BenchmarkSection[];
  samples: SampleRow[];
  /** Run id → records left out of the sample browser (beyond --max-samples). */
  omitted: Record<string, number>;
  /** Where trends came from, or null when there was no history. */
  history: string | null;
}
