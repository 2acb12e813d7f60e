// Where the run history lives by default. Apart from db.ts so that naming the path does not load SQLite.
import { resolve } from 'node:path';

export const HISTORY_FILE = 'history.sqlite';

export function defaultHistoryPath(resultsDir: string): string {
  return resolve(resultsDir, HISTORY_FILE);
}
