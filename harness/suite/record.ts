// `<out>/suite.json`: what a suite run planned and how each cell ended. Written before the cells
// start (so a run indexed into the history mid-suite already knows its suite, night and model
// name) and again when they finish.
import type { JsonObject } from '../types.js';

export const SUITE_RUN_FILE = 'suite.json';

export interface SuiteCellRecord {
  /** The suite's model name (the run folder's parent). */
  model: string;
  /** The suite's benchmark label (the run folder's name). */
  benchmark: string;
  /** Run folder relative to the suite's out folder: `<model>/<benchmark>`. */
  dir: string;
  status: 'pending' | 'ok' | 'sample-errors' | 'failed' | 'aborted';
  errors?: number;
  error?: string;
  /** Primary metrics on their display scale, for a quick look. */
  primary?: Record<string, number>;
}

export interface SuiteRunFile {
  format: 'agenteval-suite-run/1';
  name: string;
  /** The `{date}` the out folder was made from (UTC YYYY-MM-DD), when it had one. */
  date: string | null;
  source: string | null;
  started_at: string;
  finished_at: string | null;
  /** The suite as validated, with secrets redacted (keys are read from the environment by name). */
  suite: JsonObject;
  cells: SuiteCellRecord[];
}
