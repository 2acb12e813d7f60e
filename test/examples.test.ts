// The files under examples/ are what users copy: they must parse, the suite must validate against
// the real registry, the workflows and manifests must have the parts they promise, and every
// `agenteval <command> --flag` they call must exist.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { getBenchmark } from '../harness/registry.js';
import { parseSuite } from '../harness/suite/load.js';
import { planSuite } from '../harness/suite/plan.js';
import { registerRun } from '../harness/cli/run-command.js';
import { registerReports } from '../harness/cli/report-commands.js';
import { registerSuite } from '../harness/cli/suite-command.js';
import { registerHistory } from '../harness/cli/history-command.js';
import { registerReproduce } from '../harness/cli/reproduce-command.js';
import { registerReport } from '../harness/cli/report-command.js';

const root = join(import.meta.dirname, '..');
const ex = (name: string) => readFileSync(join(root, 'examples', name), 'utf8');

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
type Job = { needs?: string | string[]; strategy?: { matrix: Record<string, unknown[]> }; steps: Step[] };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job>; permissions?: Record<string, string> };

const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');
const uses = (job: Job) => job.steps.map((s) => s.uses ?? '');

describe('examples/', () => {
  it('suite.yaml validates against the real benchmarks and plans models × benchmarks', () => {
    const suite = parseSuite(ex('suite.yaml'), 'examples/suite.yaml', getBenchmark);
    const cells = planSuite(suite, '/tmp/nightly/2025-06-01', getBenchmark);
    expect(cells).toHaveLength(suite.models.length * suite.benchmarks.length);
    const spider = cells.find((c) => c.rel === 'ckpt-1200/spider')!;
    expect(spider.config).toMatchObject({ n: 4, ks: [1, 4], concurrency: 64, apiKeyEnv: 'VLLM_KEY', sampling: { temperature: 0.6, top_p: 0.95, max_tokens: 2048 } });
    expect(spider.config.benchmarkOptions).toEqual({ mode: 'mtir', exMode: 'spider', maxTurns: '5' });
    // Only benchmarks that take --judge get the suite's judge.
    expect(cells.find((c) => c.rel === 'ckpt-1200/localsearchbench')!.config.benchmarkOptions).toMatchObject({ judge: 'openai:gpt-4o', judgeApiKeyEnv: 'OPENAI_API_KEY' });
    expect(cells.find((c) => c.rel === 'reference/spider')!.endpoint).toBeNull();
  });

  it('math-suite.yaml: the six math benchmarks under the rlvr-math preset', () => {
    const suite = parseSuite(ex('math-suite.yaml'), 'examples/math-suite.yaml', getBenchmark);
    const cells = planSuite(suite, '/tmp/math/2025-06-01', getBenchmark);
    expect(cells.map((c) => c.rel).filter((r) => r.startsWith('qwen3-4b-rl/'))).toEqual(
      ['aime24', 'aime25', 'amc23', 'math500', 'minerva', 'olympiadbench'].map((b) => `qwen3-4b-rl/${b}`),
    );
    const model = cells.find((c) => c.rel === 'qwen3-4b-rl/math500')!;
    expect(model.config).toMatchObject({ n: 16, ks: [1, 4, 16], preset: 'rlvr-math', sampling: { temperature: 0.6, top_p: 0.95, max_tokens: 32768 } });
    expect(cells.find((c) => c.rel === 'reference/aime24')!.config.n).toBe(1);
  });

  it('nightly.yml: scheduled, a matrix over shards, artifacts uploaded, shards merged, leaderboard posted', () => {
    const wf = parse(ex('nightly.yml')) as Workflow;
    expect(wf.on).toHaveProperty('schedule');
    expect((wf.on.schedule as Array<{ cron: string }>)[0]!.cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(wf.on).toHaveProperty('workflow_dispatch');
    const evalJob = wf.jobs.eval!;
    const shards = evalJob.strategy!.matrix.shard!;
    expect(shards).toEqual([0, 1, 2, 3]);
    expect(ex('nightly.yml')).toMatch(/SHARDS: 4\b/);
    expect(runs(evalJob)).toMatch(/agenteval run .*[\s\S]*--shard \$\{\{ matrix\.shard \}\}\/\$\{\{ env\.SHARDS \}\}/);
    expect(uses(evalJob)).toContain('actions/upload-artifact@v4');
    const merge = wf.jobs.merge!;
    expect(merge.needs).toBe('eval');
    expect(uses(merge)).toContain('actions/download-artifact@v4');
    expect(runs(merge)).toMatch(/agenteval merge runs\/\$b-shard\*/);
    expect(runs(merge)).toMatch(/agenteval history index/);
    expect(runs(merge)).toMatch(/agenteval leaderboard merged --format md/);
    expect(runs(merge)).toMatch(/GITHUB_STEP_SUMMARY/);
    expect(runs(merge)).toMatch(/agenteval report merged --out report\.html/);
  });

  it('pr-compare.yml: base vs head, one comment found by its hidden marker and updated in place', () => {
    const text = ex('pr-compare.yml');
    const wf = parse(text) as Workflow;
    expect(wf.on).toHaveProperty('pull_request');
    expect(wf.permissions).toMatchObject({ 'pull-requests': 'write' });
    expect(wf.jobs.eval!.strategy!.matrix.side).toEqual(['base', 'head']);
    const compare = runs(wf.jobs.compare!);
    expect(compare).toMatch(/agenteval compare runs\/base runs\/head --format md --fail-on-regression/);
    expect(compare).toContain("echo '<!-- agenteval-compare -->'");
    expect(compare).toMatch(/select\(\.body \| startswith\("<!-- agenteval-compare -->"\)\)/);
    expect(compare).toMatch(/gh api --method PATCH "repos\/\$REPO\/issues\/comments\/\$id" -F body=@comment\.md/);
    expect(compare).toMatch(/gh api --method POST "repos\/\$REPO\/issues\/\$PR\/comments" -F body=@comment\.md/);
  });

  it('k8s-indexed-job.yaml: an Indexed Job running --shard $(JOB_COMPLETION_INDEX)/N on a shared volume, and a merge Job', () => {
    const docs = parseAllDocuments(ex('k8s-indexed-job.yaml'));
    for (const d of docs) expect(d.errors).toEqual([]);
    type K8s = { kind: string; metadata: { name: string; labels: Record<string, string> }; spec: Record<string, unknown> & { template?: { spec: { containers: Array<{ args: string[] }>; volumes: Array<{ persistentVolumeClaim: { claimName: string } }> } } } };
    const [pvc, shards, merge] = docs.map((d) => d.toJS() as K8s);
    expect([pvc!.kind, shards!.kind, merge!.kind]).toEqual(['PersistentVolumeClaim', 'Job', 'Job']);
    expect(shards!.spec.completionMode).toBe('Indexed');
    const n = shards!.spec.completions as number;
    const args = shards!.spec.template!.spec.containers[0]!.args.join(' ');
    expect(args).toContain(`--shard $(JOB_COMPLETION_INDEX)/${n}`);
    expect(merge!.spec.template!.spec.containers[0]!.args.join(' ')).toMatch(/agenteval merge \/results\/\$\(RUN\)\/shards\/spider-shard\*/);
    for (const job of [shards!, merge!]) expect(job.spec.template!.spec.volumes[0]!.persistentVolumeClaim.claimName).toBe(pvc!.metadata.name);
    expect([pvc!.metadata.labels.step, shards!.metadata.labels.step, merge!.metadata.labels.step]).toEqual(['shards', 'shards', 'merge']);
  });

  it('calls only agenteval commands and flags that exist', () => {
    const program = new Command();
    for (const register of [registerRun, registerReports, registerSuite, registerHistory, registerReproduce, registerReport]) register(program);
    const flagsOf = (name: string): Set<string> => {
      const [head, sub] = name.split(' ') as [string, string | undefined];
      const cmd = program.commands.find((c) => c.name() === head);
      if (!cmd) throw new Error(`unknown command "agenteval ${name}"`);
      const own = (sub ? cmd.commands.find((c) => c.name() === sub) : cmd)?.options ?? [];
      // `history index` reads --history/--results-dir from `history`.
      return new Set(['--help', ...[...own, ...(sub ? cmd.options : [])].flatMap((o) => [o.long, o.short]).filter((f): f is string => Boolean(f))]);
    };
    let calls = 0;
    for (const file of ['nightly.yml', 'pr-compare.yml', 'k8s-indexed-job.yaml', 'README.md', 'suite.yaml']) {
      // Commands only: shell line continuations joined, comments and Markdown prose left out.
      let text = ex(file).replace(/\\\n\s*/g, ' ');
      if (file.endsWith('.md')) text = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
      text = text.split('\n').filter((l) => !l.trim().startsWith('#')).map((l) => (file.endsWith('.md') ? l : l.replace(/\s#\s.*$/, ''))).join('\n');
      for (const m of text.matchAll(/agenteval ((?:history index)|[a-z]+)\b([^\n|;>&#]*)/g)) {
        const [, cmd, rest] = m as unknown as [string, string, string];
        const flags = flagsOf(cmd);
        // Flags only: quoted values and $(…) substitutions are not agenteval's.
        const args = rest.replace(/"[^"]*"|'[^']*'/g, '""').replace(/\$\([^)]*\)/g, '');
        for (const flag of args.match(/(?<=\s)--?[a-z][a-z0-9-]*/g) ?? []) {
          expect(flags.has(flag), `${file}: agenteval ${cmd} has no ${flag}`).toBe(true);
        }
        calls++;
      }
    }
    expect(calls).toBeGreaterThan(15);
  });
});
