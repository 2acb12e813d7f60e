// Tests write only to temp folders: every run a test starts names its results root (the history
// index and caches live there; the default is the checkout's results/), and the suite-wide guard
// (test/global-guard.ts, vitest globalSetup) notices anything written into results/ regardless.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../vitest.config.js';
import { changedEntries, snapshotResults } from './global-guard.js';

const TEST_DIR = import.meta.dirname;

/** The argument text of each call `name(…)` in a source (balanced parentheses). */
function callArguments(source: string, name: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const at = source.indexOf(`${name}(`, from);
    if (at < 0) return out;
    let depth = 0;
    let i = at + name.length;
    for (; i < source.length; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')' && --depth === 0) break;
    }
    out.push(source.slice(at + name.length + 1, i));
    from = i;
  }
}

const testSources = () =>
  [...readdirSync(TEST_DIR), ...readdirSync(join(TEST_DIR, 'helpers')).map((f) => join('helpers', f))]
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: readFileSync(join(TEST_DIR, f), 'utf8') }));

describe('test isolation', () => {
  it('every run a test configures names a temp results root (resultsDir), never the default results/', () => {
    const offenders: string[] = [];
    for (const { file, text } of testSources()) {
      if (file === 'test-isolation.test.ts') continue;
      for (const args of callArguments(text, 'buildRunConfig')) if (!/resultsDir/.test(args)) offenders.push(`${file}: buildRunConfig(${args.slice(0, 60)}…)`);
    }
    expect(offenders).toEqual([]);
  });

  it('the suite-wide guard is installed and notices a file written into results/', () => {
    expect(config.test?.globalSetup).toContain('./test/global-guard.ts');
    const root = mkdtempSync(join(tmpdir(), 'ae-guard-'));
    try {
      mkdirSync(join(root, 'reported'));
      const before = snapshotResults(root);
      writeFileSync(join(root, 'reported', 'x.json'), '{}'); // the bundled reported numbers are not run output
      writeFileSync(join(root, 'history.sqlite'), 'x');
      expect(changedEntries(before, snapshotResults(root))).toEqual(['history.sqlite']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
