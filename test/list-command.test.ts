// `agenteval list` as a user runs it: one line per benchmark within 120 columns, details per name,
// and the families that are not covered named with what is missing.
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { benchmarks } from '../harness/all-benchmarks.js';
import { shortTitle } from '../harness/cli/list-command.js';

const cli = join(process.cwd(), 'dist', 'harness', 'cli', 'main.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('agenteval list', () => {
  it('prints one line per benchmark, within 120 columns, and what is not covered', () => {
    const r = run(['list']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(120);
    const rows = lines.filter((l) => l.startsWith('│') && !l.includes(' name '));
    expect(rows.map((l) => l.split('│')[1]!.trim())).toEqual(benchmarks().map((b) => b.name));
    expect(r.stdout).toMatch(/│ spider\s+│ Spider 1\.0\s+│ ex\s+│ dev 1034, test 2147\s+│/);
    expect(r.stdout).toMatch(/^- BFCL .*not supported/m);
    expect(r.stdout).toContain('agenteval list <name>');
  });

  it('details one benchmark: sources, solvers, options, sizes per split, notes', () => {
    const r = run(['list', 'spider']);
    expect(r.status).toBe(0);
    for (const section of ['data sources:', 'solvers / protocols:', 'options (agenteval run):', 'sizes (full benchmark):', 'notes:']) expect(r.stdout).toContain(`\n${section}\n`);
    expect(r.stdout).toContain('  dev: 1034');
    expect(r.stdout).toMatch(/--ex-mode <mode>/);
    expect(Math.max(...r.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(120);
  });

  it('says what is missing for an uncovered family, and names the known ones for a typo', () => {
    const bfcl = run(['list', 'bfcl-multi-turn']);
    expect(bfcl.status).toBe(2);
    expect(bfcl.stderr).toMatch(/BFCL multi-turn .*not supported.*`bfcl` runs the 11 single-turn categories/);
    const details = run(['list', 'bfcl']);
    expect(details.status).toBe(0);
    expect(details.stdout).toMatch(/multi-turn/i);
    const typo = run(['list', 'spidr']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/unknown benchmark "spidr"; known: spider, bird/);
  });

  it('keeps the JSON listing an array of benchmark descriptions', () => {
    const infos = JSON.parse(run(['list', '--format', 'json']).stdout) as Array<{ name: string }>;
    expect(infos.map((i) => i.name)).toEqual(benchmarks().map((b) => b.name));
    expect(shortTitle('Spider 1.0 (Yu et al., 2018): cross-domain text-to-SQL')).toBe('Spider 1.0');
  });
});
