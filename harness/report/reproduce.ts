// `reproduce`: a run beside the numbers papers report for its benchmark and model — reported vs
// measured on the paper's scale, Δ, whether the reported number lies inside the run's 95% CI,
// and which settings differ from what the paper says (sampling, n, split, prompt, benchmark
// settings), so a mis-configured run is caught before its number is compared with a paper's.
import type { Json } from '../types.js';
import type { ReportedEntry } from './reported.js';
import type { LoadedRun } from './runs.js';

export type SettingStatus = 'same' | 'differs' | 'not recorded by the paper' | 'not recorded by the run' | 'not comparable';

export interface SettingCheck {
  setting: string;
  paper: string | null;
  run: string | null;
  status: SettingStatus;
}

export type ReproFlag = 'outside_ci' | 'settings_differ' | 'not_measured';

export interface ReproEntry {
  reported: { model: string; metric: string; value: number; split: string | null; source: string; file: string };
  metric: { key: string; label: string; scale: number } | null;
  /** On the paper's (display) scale. */
  measured: number | null;
  ci_low: number | null;
  ci_high: number | null;
  delta: number | null;
  /** Reported value within [ci_low, ci_high], widened by half its printed precision. */
  inside_ci: boolean | null;
  /** Within the CI widened further by --tolerance points. */
  within_tolerance: boolean | null;
  settings: SettingCheck[];
  differing: string[];
  flags: ReproFlag[];
  status: 'reproduced' | 'not reproduced';
}

export interface Reproduction {
  run: { dir: string; benchmark: string; model: string; spec: string; fingerprint: string; n: number; problems: number; errors: number };
  /** How reported entries were matched: the --as name, or the run's model name. */
  matched_as: string;
  tolerance: number;
  entries: ReproEntry[];
  /** Reported models for this benchmark, to suggest an --as when nothing matched. */
  available_models: string[];
  /** Some entry's settings differ from the paper's: the run is not the configuration reported. */
  misconfigured: boolean;
  /** Every matched entry reproduced (false when none matched). */
  reproduced: boolean;
}

/** Model names compare loosely: `MTIR-SQL-4B` = `mtir-sql-4b` = `org/mtir_sql_4b`. */
export function normalizeModel(name: string): string {
  return (name.split('/').pop() ?? name).toLowerCase().replace(/[^a-z0-9.]/g, '');
}

const norm = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Paper setting names → the run field they correspond to. */
const ALIASES: Record<string, string> = {
  temperature: 'temperature',
  temp: 'temperature',
  topp: 'top_p',
  maxtokens: 'max_tokens',
  maxlength: 'max_tokens',
  maxnewtokens: 'max_tokens',
  n: 'n',
  samples: 'n',
  numsamples: 'n',
  nsamples: 'n',
  seed: 'seed',
  split: 'split',
  prompt: 'prompt',
  prompthash: 'prompt',
  promptsha256: 'prompt',
  template: 'prompt',
  templatesha256: 'prompt',
};

type Scalar = string | number | boolean | null;

function show(v: Json | undefined): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function sameValue(a: Scalar, b: Json): boolean {
  const x = typeof a === 'string' ? a.trim() : a;
  const y = typeof b === 'string' ? b.trim() : b;
  const nx = typeof x === 'number' ? x : typeof x === 'string' && x !== '' ? Number(x) : NaN;
  const ny = typeof y === 'number' ? y : typeof y === 'string' && y !== '' ? Number(y) : NaN;
  if (Number.isFinite(nx) && Number.isFinite(ny)) return Math.abs(nx - ny) < 1e-9;
  return String(x).toLowerCase() === String(y).toLowerCase();
}

function check(setting: string, paper: Scalar | undefined, run: Json | undefined): SettingCheck {
  const p = paper === undefined ? null : show(paper);
  const r = show(run);
  if (p === null) return { setting, paper: null, run: r, status: 'not recorded by the paper' };
  if (r === null) return { setting, paper: p, run: null, status: 'not recorded by the run' };
  return { setting, paper: p, run: r, status: sameValue(paper as Scalar, run as Json) ? 'same' : 'differs' };
}

function promptCheck(paper: Scalar | undefined, templates: Record<string, string>): SettingCheck {
  const hashes = Object.values(templates);
  const run = Object.entries(templates).map(([f, h]) => `${f}=${h.slice(0, 12)}`).join(', ') || null;
  if (paper === undefined || paper === null) return { setting: 'prompt', paper: null, run, status: 'not recorded by the paper' };
  const p = String(paper).trim().toLowerCase();
  // Only a hash can be checked; a prompt's name ("Search-R1 template") cannot.
  if (!/^[0-9a-f]{7,64}$/.test(p)) return { setting: 'prompt', paper: String(paper), run, status: 'not comparable' };
  if (run === null) return { setting: 'prompt', paper: p, run: null, status: 'not recorded by the run' };
  return { setting: 'prompt', paper: p, run, status: hashes.some((h) => h.toLowerCase().startsWith(p)) ? 'same' : 'differs' };
}

export function settingChecks(entry: ReportedEntry, run: LoadedRun): SettingCheck[] {
  const m = run.manifest;
  const paper = new Map<string, { name: string; value: Scalar }>();
  for (const [k, v] of Object.entries(entry.setting ?? {})) paper.set(ALIASES[norm(k)] ?? norm(k), { name: k, value: v });
  const take = (field: string): Scalar | undefined => {
    const hit = paper.get(field);
    paper.delete(field);
    return hit?.value;
  };
  const split = take('split') ?? entry.split;
  const out: SettingCheck[] = [
    check('temperature', take('temperature'), m.sampling.temperature),
    check('top_p', take('top_p'), m.sampling.top_p),
    check('max_tokens', take('max_tokens'), m.sampling.max_tokens),
    check('seed', take('seed'), m.sampling.seed),
    check('n', take('n'), m.n),
    check('split', split, m.dataset.split ?? null),
    promptCheck(take('prompt'), m.templates),
  ];
  // The benchmark's own settings (mode, ex-mode, max turns…), matched by normalised name.
  for (const [k, v] of Object.entries(m.settings)) {
    const hit = paper.get(norm(k));
    paper.delete(norm(k));
    out.push(check(k, hit?.value, v));
  }
  // What the paper states that the run does not record (e.g. model size).
  for (const { name, value } of paper.values()) out.push(check(name, value, undefined));
  // Unstated sampling fields nobody set are noise, not information.
  return out.filter((c) => !(c.paper === null && c.run === null));
}

/** Half the last printed digit: 84.6 stands for [84.55, 84.65). */
function printedPrecision(v: number): number {
  const s = String(v);
  const dot = s.indexOf('.');
  const decimals = dot < 0 || /e/i.test(s) ? 0 : s.length - dot - 1;
  return 0.5 * 10 ** -decimals;
}

export function reproduce(run: LoadedRun, reported: readonly ReportedEntry[], opts: { as?: string; tolerance?: number } = {}): Reproduction {
  const bench = run.manifest.benchmark;
  const tolerance = opts.tolerance ?? 0;
  const matchedAs = opts.as ?? run.manifest.model.name;
  const forBench = reported.filter((e) => e.benchmark === bench);
  const want = normalizeModel(matchedAs);
  const matched = forBench.filter((e) => normalizeModel(e.model) === want);
  const entries = matched.map((e): ReproEntry => {
    const settings = settingChecks(e, run);
    const differing = settings.filter((c) => c.status === 'differs').map((c) => c.setting);
    const metric = run.summary.metrics[e.metric];
    const flags: ReproFlag[] = [];
    let measured: number | null = null;
    let lo: number | null = null;
    let hi: number | null = null;
    let inside: boolean | null = null;
    let within: boolean | null = null;
    if (!metric || !Number.isFinite(metric.value)) {
      flags.push('not_measured');
    } else {
      measured = metric.value * metric.scale;
      lo = metric.ci_low * metric.scale;
      hi = metric.ci_high * metric.scale;
      const slack = printedPrecision(e.value);
      inside = e.value >= lo - slack && e.value <= hi + slack;
      within = e.value >= lo - slack - tolerance && e.value <= hi + slack + tolerance;
      if (!within) flags.push('outside_ci');
    }
    if (differing.length) flags.push('settings_differ');
    return {
      reported: {
        model: e.model,
        metric: e.metric,
        value: e.value,
        split: e.split ?? null,
        source: `${e.source.arxiv ? `arXiv ${e.source.arxiv}` : e.source.paper} · ${e.source.where}`,
        file: e.file,
      },
      metric: metric ? { key: e.metric, label: metric.label, scale: metric.scale } : null,
      measured,
      ci_low: lo,
      ci_high: hi,
      delta: measured === null ? null : measured - e.value,
      inside_ci: inside,
      within_tolerance: within,
      settings,
      differing,
      flags,
      status: flags.length === 0 ? 'reproduced' : 'not reproduced',
    };
  });
  return {
    run: {
      dir: run.dir,
      benchmark: bench,
      model: run.manifest.model.name,
      spec: run.manifest.model.spec,
      fingerprint: run.manifest.fingerprint,
      n: run.manifest.n,
      problems: run.summary.counts.problems,
      errors: run.summary.counts.errors,
    },
    matched_as: matchedAs,
    tolerance,
    entries,
    available_models: [...new Set(forBench.map((e) => e.model))].sort(),
    misconfigured: entries.some((e) => e.flags.includes('settings_differ')),
    reproduced: entries.length > 0 && entries.every((e) => e.status === 'reproduced'),
  };
}
