// Exit codes a workflow can trust (harness/cli/exit.ts), with the CLI spawned from dist/ as a
// user runs it: 0 only when everything was scored, 2 for every configuration error, 3 for errors
// within --max-error-rate, 4 when nothing (or too little) was scored, 1 for a regression.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, EXIT_TABLE, exitCodeHelp, worstCode } from '../harness/cli/exit.js';
import { parseMaxErrorRate } from '../harness/run/options.js';
import { runHealth } from '../harness/summary/health.js';
import { startMockHub, type MockHub } from '../harness/testing/mock-hub.js';
import { spawnCli } from './helpers/spawn-cli.js';

// CLI children on a loaded 2-core machine take seconds each to start: room for several per test.
const CLI_TIMEOUT = { timeout: 180_000 };

let tmp: string;
let hub: MockHub;
const C1 = createHash('sha1').update('exit-test').digest('hex');

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ae-exit-'));
  hub = await startMockHub({ repos: { 'org/real': { [C1]: { 'dev.json': '[]' } } } });
});
afterAll(async () => {
  await hub.close();
  rmSync(tmp, { recursive: true, force: true });
});

const counts = (c: Partial<{ samples_expected: number; scored: number; errors: number; missing: number; data_issues: number }>) => ({
  samples_expected: 0, scored: 0, errors: 0, missing: 0, data_issues: 0, ...c,
});

describe('the exit code table', CLI_TIMEOUT, () => {
  it('has one distinct code per outcome, and --help prints it', async () => {
    const codes = EXIT_TABLE.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([0, 1, 2, 3, 4, 5, 130]);
    const help = await spawnCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(exitCodeHelp());
    expect(worstCode([EXIT.ok, EXIT.partial, EXIT.failed])).toBe(EXIT.failed);
    expect(worstCode([EXIT.partial, EXIT.ok])).toBe(EXIT.partial);
  });

  it('health: dropped rows and missing samples count with error records against --max-error-rate', () => {
    expect(runHealth(counts({ samples_expected: 100, scored: 100 }), 1).status).toBe('ok');
    expect(runHealth(counts({ samples_expected: 100, scored: 96, errors: 4 }), 1).status).toBe('partial');
    expect(runHealth(counts({ samples_expected: 100, scored: 94, errors: 6 }), 1).status).toBe('failed');
    expect(runHealth(counts({ samples_expected: 100, scored: 94, errors: 6 }), 1, 0.1).status).toBe('partial');
    // 1 row kept, 2 dropped as data issues: 2 of 3 unscored.
    const rows = runHealth(counts({ samples_expected: 1, scored: 1, data_issues: 2 }), 1);
    expect(rows).toMatchObject({ status: 'failed', expected: 3, unscored: 2 });
    expect(rows.message).toMatch(/2 data rows dropped/);
    expect(runHealth(counts({ samples_expected: 8, scored: 0, errors: 8 }), 1, 1).status).toBe('failed'); // nothing scored
    expect(runHealth(counts({ samples_expected: 40, scored: 36, missing: 4 }), 4).status).toBe('failed');
    expect(parseMaxErrorRate('5%')).toBe(0.05);
    expect(parseMaxErrorRate('0.2')).toBe(0.2);
    expect(() => parseMaxErrorRate('120%')).toThrow(/--max-error-rate/);
  });
});

describe('configuration errors exit 2, whatever the command', CLI_TIMEOUT, () => {
  it('an unknown --model spec, a missing --data path, a bad --max-error-rate', async () => {
    const spec = await spawnCli(['run', 'spider', '--model', 'gpt4', '--results-dir', join(tmp, 'r')]);
    expect(spec.status).toBe(2);
    expect(spec.stderr).toMatch(/unknown model spec "gpt4"/);
    const data = await spawnCli(['run', 'spider', '--model', 'oracle', '--data', join(tmp, 'nope'), '--results-dir', join(tmp, 'r')]);
    expect(data.status).toBe(2);
    expect(data.stderr).toMatch(/--data .*nope: no such file or folder/);
    const rate = await spawnCli(['run', 'spider', '--model', 'oracle', '--max-error-rate', 'lots', '--results-dir', join(tmp, 'r')]);
    expect(rate.status).toBe(2);
  });

  it('a corpus line that cannot be indexed, named with file and line', async () => {
    const corpus = join(tmp, 'corpus.jsonl');
    writeFileSync(corpus, '{"id": "1", "contents": "A\\nB"}\nnot json\n');
    const r = await spawnCli(['index', corpus, '--out', join(tmp, 'index.sqlite'), '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/corpus\.jsonl.*2/);
  });

  it('an unknown Hub repo', async () => {
    const r = await spawnCli(['run', 'spider', '--model', 'oracle', '--hub-repo', 'org/nope', '--hub-revision', C1, '--out', join(tmp, 'hub'), '--quiet'], {
      env: { HF_ENDPOINT: hub.url, HF_HOME: join(tmp, 'hf'), HF_HUB_CACHE: undefined, HF_TOKEN: undefined, HF_HUB_OFFLINE: undefined },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/org\/nope not found/);
  });

  it('a missing shard folder in merge, a missing run folder in compare and leaderboard', async () => {
    const merge = await spawnCli(['merge', join(tmp, 'shard0'), join(tmp, 'shard1'), '--out', join(tmp, 'merged'), '--no-history']);
    expect(merge.status).toBe(2);
    expect(merge.stderr).toMatch(/shard0 is not a run folder/);
    expect((await spawnCli(['compare', join(tmp, 'a'), join(tmp, 'b')])).status).toBe(2);
    expect((await spawnCli(['leaderboard', join(tmp, 'none')])).status).toBe(2);
  });
});

describe('runs that scored too little cannot pass', CLI_TIMEOUT, () => {
  const spider = (out: string, extra: string[]) => ['run', 'spider', '--out', join(tmp, out), '--quiet', '--results-dir', join(tmp, 'r'), ...extra];

  it('a data file whose rows are mostly malformed exits 4; one bad row of many exits 3', async () => {
    const bad = join(tmp, 'nq-bad.jsonl');
    writeFileSync(bad, ['{"id": "a", "question": "who?", "golden_answers": ["x"]}', '{"id": "b"}', '{"id": "c", "question": '].join('\n'));
    const r = await spawnCli(['run', 'nq', '--model', 'oracle', '--protocol', 'direct', '--data', bad, '--out', join(tmp, 'nq-bad'), '--quiet', '--results-dir', join(tmp, 'r')]);
    expect(r.stderr).toMatch(/nq-bad\.jsonl (line )?2/);
    expect(r.stderr).toMatch(/2 data rows dropped/);
    expect(r.status).toBe(4);
    const good = Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `q${i}`, question: `q ${i}?`, golden_answers: [`a${i}`] }));
    const most = join(tmp, 'nq-most.jsonl');
    writeFileSync(most, [...good, '{"id": "broken"}'].join('\n'));
    const p = await spawnCli(['run', 'nq', '--model', 'oracle', '--protocol', 'direct', '--data', most, '--out', join(tmp, 'nq-most'), '--quiet', '--results-dir', join(tmp, 'r')]);
    expect(p.status).toBe(3);
  });

  it('compare --fail-on-regression fails (4) when a side scored nothing; without the gate it only says so', async () => {
    const empty = join(tmp, 'empty.jsonl');
    writeFileSync(empty, '');
    const ok = await spawnCli(spider('oracle', ['--model', 'oracle']));
    expect(ok.status).toBe(0);
    const none = await spawnCli(spider('none', ['--model', `replay:${empty}`]));
    expect(none.status).toBe(4);
    expect(none.stderr).toMatch(/FAILED: nothing was scored/);
    const gate = await spawnCli(['compare', join(tmp, 'oracle'), join(tmp, 'none'), '--format', 'md', '--fail-on-regression']);
    expect(gate.status).toBe(4);
    expect(gate.stdout).toMatch(/Not a valid comparison:\*\* the candidate run .* nothing was scored/);
    const both = await spawnCli(['compare', join(tmp, 'none'), join(tmp, 'none'), '--fail-on-regression']);
    expect(both.status).toBe(4);
    const shown = await spawnCli(['compare', join(tmp, 'oracle'), join(tmp, 'none')]);
    expect(shown.status).toBe(0);
    expect(shown.stderr).toMatch(/cannot be compared/);
  });

  it('merge --allow-partial merges what finished, names what is missing, and exits 4 (half the problems unscored)', async () => {
    expect((await spawnCli(spider('s0', ['--model', 'oracle', '--shard', '0/2']))).status).toBe(0);
    const r = await spawnCli(['merge', join(tmp, 's0'), join(tmp, 'never-started'), '--allow-partial', '--no-history', '--out', join(tmp, 'partial')]);
    expect(r.stderr).toMatch(/warning: .*never-started is not a run folder/);
    expect(r.stderr).toMatch(/warning: merged 1 of 2 shards; missing: 1\/2/);
    expect(r.stderr).toMatch(/merge FAILED: .* missing/);
    expect(r.status).toBe(4);
    expect(r.stdout).toMatch(/merged → .*partial/);
  });

  it('a few error records within the threshold exit 3; above it 4', async () => {
    // Replay with one of the 45 bundled Spider questions missing: 1 error record (2.2%).
    const lines = Array.from({ length: 44 }, (_, i) => JSON.stringify({ id: String(i), output: 'SELECT 1' }));
    const preds = join(tmp, 'preds.jsonl');
    writeFileSync(preds, lines.join('\n'));
    expect((await spawnCli(spider('few', ['--model', `replay:${preds}`]))).status).toBe(3);
    expect((await spawnCli(spider('few-strict', ['--model', `replay:${preds}`, '--max-error-rate', '0']))).status).toBe(4);
  });
});
