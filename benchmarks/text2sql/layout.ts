// The on-disk layouts of Spider and BIRD: which file holds the questions (the "split"), where the
// schema file and the databases are. Both official releases put each database at
// `<db dir>/<db_id>/<db_id>.sqlite`; they differ in file and folder names:
//   Spider: dev.json | train_spider.json | test.json, tables.json (test_tables.json), database/ (test_database/)
//   BIRD:   dev.json, train.json, dev_tables.json (train_tables.json), dev_databases/ (train_databases/),
//           `<db dir>/<db_id>/database_description/*.csv`
// Layouts are probed through a FileProbe so the same rules serve a local folder and a Hub listing.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { DatasetError } from '../../harness/datasets/records.js';

export type Flavor = 'spider' | 'bird';

interface LayoutSpec {
  /** Tried in order when no `--split` is given. */
  defaultQuestionFiles: string[];
  tablesFor(split: string): string[];
  dbDirsFor(split: string): string[];
}

const SPECS: Record<Flavor, LayoutSpec> = {
  spider: {
    // `questions.json` is the bundled sample's honest name (it is Spider train data, not dev).
    defaultQuestionFiles: ['dev.json', 'questions.json'],
    tablesFor: (split) => [`${split}_tables.json`, 'tables.json'],
    dbDirsFor: (split) => [`${split}_database`, 'database'],
  },
  bird: {
    // `mini_dev_sqlite.json` is BIRD mini-dev's name for its SQLite split.
    defaultQuestionFiles: ['dev.json', 'mini_dev_sqlite.json', 'questions.json'],
    tablesFor: (split) => [`${split}_tables.json`, 'dev_tables.json', 'tables.json'],
    dbDirsFor: (split) => [`${split}_databases`, 'dev_databases', 'databases', 'database'],
  },
};

/** Existence checks on dataset-relative paths (`/`-separated). */
export interface FileProbe {
  isFile(rel: string): boolean;
  isDir(rel: string): boolean;
  /** File names directly inside a folder. */
  list(relDir: string): string[];
}

export function localProbe(root: string): FileProbe {
  const abs = (rel: string) => join(root, ...rel.split('/'));
  const st = (rel: string) => {
    try {
      return statSync(abs(rel));
    } catch {
      return null;
    }
  };
  return {
    isFile: (rel) => st(rel)?.isFile() ?? false,
    isDir: (rel) => st(rel)?.isDirectory() ?? false,
    list: (relDir) => {
      try {
        return readdirSync(abs(relDir));
      } catch {
        return [];
      }
    },
  };
}

/** A probe over a repo's file listing (Hub). */
export function listingProbe(files: readonly string[]): FileProbe {
  const set = new Set(files);
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return {
    isFile: (rel) => set.has(rel),
    isDir: (rel) => dirs.has(rel),
    list: (relDir) => files.filter((f) => f.startsWith(`${relDir}/`) && !f.slice(relDir.length + 1).includes('/')).map((f) => f.slice(relDir.length + 1)),
  };
}

export interface Layout {
  flavor: Flavor;
  /** Absolute dataset root. */
  root: string;
  /** Questions file, relative to root. */
  questionsRel: string;
  /** Split name: the questions file name without extension (`dev`, `questions`, `mini_dev_sqlite`). */
  split: string;
  /** Schema file relative to root, or null when absent: the prompt reads DDL from the databases. */
  tablesRel: string | null;
  /** Folder of `<db_id>/<db_id>.sqlite`, relative to root; the first candidate when none exists. */
  dbDirRel: string;
}

function splitName(file: string): string {
  return basename(file).replace(/\.(jsonl?|ndjson)$/i, '');
}

/** The questions file for `--split` (a name like `dev`, a file name or relative path) or the defaults. */
export function questionFileCandidates(flavor: Flavor, split?: string): string[] {
  if (split === undefined || split === '') return SPECS[flavor].defaultQuestionFiles;
  if (/\.(jsonl?|ndjson)$/i.test(split) || split.includes('/')) return [split];
  return [`${split}.json`, `${split}.jsonl`];
}

/**
 * Find the layout's files with a probe. `questionsFile` (relative) overrides the split lookup, for
 * `--data` naming the questions file itself. Throws DatasetError when no questions file is found.
 */
export function findLayout(flavor: Flavor, root: string, probe: FileProbe, split?: string, questionsFile?: string): Layout {
  const tried = questionsFile !== undefined ? [questionsFile] : questionFileCandidates(flavor, split);
  const questionsRel = tried.find((f) => probe.isFile(f));
  if (questionsRel === undefined) {
    throw new DatasetError(`${flavor}: no questions file in ${root} (tried ${tried.join(', ')}); choose one with --split`);
  }
  const name = splitName(questionsRel);
  const tablesRel = SPECS[flavor].tablesFor(name).find((f) => probe.isFile(f)) ?? null;
  const dbDirs = SPECS[flavor].dbDirsFor(name);
  const dbDirRel = dbDirs.find((d) => probe.isDir(d)) ?? dbDirs[dbDirs.length - 1]!;
  return { flavor, root, questionsRel, split: name, tablesRel, dbDirRel };
}

/** A local folder (or a questions file inside one) in the official layout. */
export function resolveLocalLayout(flavor: Flavor, path: string, split?: string): Layout {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new DatasetError(`${flavor}: --data ${path}: no such file or folder (${abs})`);
  if (statSync(abs).isFile()) {
    // The questions file itself: the rest of the layout sits next to it.
    const root = resolve(abs, '..');
    return findLayout(flavor, root, localProbe(root), undefined, basename(abs));
  }
  const splitRel = split !== undefined && isAbsolute(split) ? relative(abs, split).split('\\').join('/') : split;
  return findLayout(flavor, abs, localProbe(abs), splitRel);
}

export const abs = (layout: Layout, rel: string): string => join(layout.root, ...rel.split('/'));

export function dbRel(layout: Layout, dbId: string): string {
  return `${layout.dbDirRel}/${dbId}/${dbId}.sqlite`;
}

/**
 * Every `.sqlite` file of the database's folder (relative), its own `<db_id>.sqlite` first: the
 * Spider test-suite evaluator compares on all of them (taoyds/test-suite-sql-eval, exec_eval.py,
 * eval_exec_match: "find all databases in the same directory"). With the official Spider release
 * this is the one file.
 */
export function suiteDbRels(layout: Layout, probe: FileProbe, dbId: string): string[] {
  const main = dbRel(layout, dbId);
  const dir = `${layout.dbDirRel}/${dbId}`;
  const others = probe
    .list(dir)
    .filter((f) => f.endsWith('.sqlite'))
    .map((f) => `${dir}/${f}`)
    .filter((f) => f !== main && probe.isFile(f))
    .sort();
  return [main, ...others];
}

/** BIRD's column descriptions: `<db dir>/<db_id>/database_description/`, or `database_description/<db_id>/` at the root. */
export function descriptionDirRel(layout: Layout, probe: FileProbe, dbId: string): string | null {
  const candidates = [`${layout.dbDirRel}/${dbId}/database_description`, `database_description/${dbId}`];
  return candidates.find((d) => probe.isDir(d)) ?? null;
}
