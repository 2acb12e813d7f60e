// The files under examples/ are what users copy: they must parse, the suite must validate against
// the real registry, the workflows and manifests must have the parts they promise, and every
// `agenteval <command> --flag` they call must exist.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { getBenchmark } from '../harness/all-benchmarks.js';
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

type Step = { name?: string; id?: string; if?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = { needs?: string | string[]; if?: string; outputs?: Record<string, string>; strategy?: { matrix: Record<string, unknown[]> }; steps: Step[] };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job>; permissions?: Record<string, string> };

/**
 * The exit-code branches of a shell `case "$code" in … esac`: code → the status the step then
 * ends with (0 when the branch does not exit, or exits 0).
 */
function exitMapping(script: string): Map<string, 'ok' | 'fail'> {
  const body = /case "\$code" in([\s\S]*?)esac/.exec(script)?.[1];
  if (!body) throw new Error(`no exit-code case in:\n${script}`);
  const out = new Map<string, 'ok' | 'fail'>();
  for (const m of body.matchAll(/^\s*([0-9*|]+)\)([\s\S]*?);;/gm)) {
    const exits = [...m[2]!.matchAll(/exit\s+("?\$code"?|\d+)/g)].map((x) => x[1]!);
    // A branch fails the step by exiting non-zero, or by marking the job failed for a later step.
    const fails = exits.some((e) => e !== '0') || /failed=1/.test(m[2]!);
    for (const c of m[1]!.split('|')) out.set(c, fails ? 'fail' : 'ok');
  }
  return out;
}

/** Only 0 and 3 (partial, within --max-error-rate) may pass; 2, 4, 5 and anything else fail. */
function expectTrustworthy(script: string): void {
  const map = exitMapping(script);
  expect(map.get('0')).toBe('ok');
  for (const c of ['2', '4', '5', '*']) expect(map.get(c) ?? map.get('*'), `exit ${c}`).toBe('fail');
}

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

  it('nightly.yml: exit codes read correctly; a partial shard failure still merges, loudly, and fails the night', () => {
    const wf = parse(ex('nightly.yml')) as Workflow;
    const evalJob = wf.jobs.eval!;
    const runStep = evalJob.steps.find((st) => /agenteval run/.test(st.run ?? ''))!;
    expectTrustworthy(runStep.run!);
    expect(runStep.run).toMatch(/3\) echo "::warning/);
    // A failed shard's folder is uploaded all the same, and the merge job runs after failures.
    const upload = evalJob.steps.find((st) => st.uses === 'actions/upload-artifact@v4')!;
    expect(upload.if).toBe('always()');
    const merge = wf.jobs.merge!;
    expect(merge.if).toMatch(/!cancelled\(\)/);
    const mergeStep = merge.steps.find((st) => /agenteval merge/.test(st.run ?? ''))!;
    expect(mergeStep.run).toMatch(/agenteval merge runs\/\$b-shard\* --allow-partial/);
    expect(mergeStep.run).toMatch(/::warning title=\$b merge::/);
    expect(mergeStep.run).toMatch(/::error title=\$b::merge exited/);
    expectTrustworthy(mergeStep.run!);
    // Leaderboard and report come before the last step, which fails the workflow on a failed shard or merge.
    const last = merge.steps.at(-1)!;
    expect(last.if).toMatch(/needs\.eval\.result != 'success'/);
    expect(last.if).toMatch(/steps\.merge\.outputs\.failed != '0'/);
    expect(last.run).toMatch(/exit 1/);
    const names = merge.steps.map((st) => st.name ?? st.uses ?? '');
    expect(names.indexOf('Leaderboard')).toBeLessThan(merge.steps.length - 1);
    expect(runs(merge)).toMatch(/Incomplete night/);
  });

  it('pr-compare.yml: base vs head of a PR, one comment found by its hidden marker and updated in place', () => {
    const text = ex('pr-compare.yml');
    const wf = parse(text) as Workflow;
    expect(wf.on).toHaveProperty('pull_request');
    expect(wf.permissions).toMatchObject({ 'pull-requests': 'write' });
    expect(wf.jobs.eval!.strategy!.matrix.side).toEqual(['baseline', 'candidate']);
    const checkout = wf.jobs.eval!.steps.find((st) => st.uses === 'actions/checkout@v4')!;
    expect(String(checkout.with!.ref)).toMatch(/pull_request\.base\.sha.*pull_request\.head\.sha/);
    const compare = runs(wf.jobs.compare!);
    expect(compare).toMatch(/agenteval compare runs\/baseline runs\/candidate --format md --fail-on-regression/);
    expect(compare).toContain("echo '<!-- agenteval-compare -->'");
    expect(compare).toMatch(/select\(\.body \| startswith\("<!-- agenteval-compare -->"\)\)/);
    expect(compare).toMatch(/gh api --method PATCH "repos\/\$REPO\/issues\/comments\/\$id" -F body=@comment\.md/);
    expect(compare).toMatch(/gh api --method POST "repos\/\$REPO\/issues\/\$PR\/comments" -F body=@comment\.md/);
  });

  it('pr-compare.yml: two checkpoints as workflow_dispatch inputs (model specs on endpoints, or finished run folders)', () => {
    const wf = parse(ex('pr-compare.yml')) as Workflow;
    const inputs = (wf.on.workflow_dispatch as { inputs: Record<string, { description: string; required?: boolean }> }).inputs;
    for (const side of ['baseline', 'candidate']) {
      expect(inputs[side]!.required).toBe(true);
      expect(inputs[side]!.description).toMatch(/openai:<model>.*run folder.*run:<run-id>\/<artifact>/);
      expect(inputs[`${side}_base_url`]).toBeDefined();
    }
    const steps = wf.jobs.eval!.steps;
    const what = steps.find((st) => st.id === 'what')!;
    // Inputs reach the script through the environment only (no ${{ }} expansion of user text in shell).
    expect(what.env!.GIVEN).toMatch(/github\.event\.inputs\.baseline/);
    expect(what.run).not.toMatch(/github\.event\.inputs/);
    for (const kind of ['openai:*)', 'run:*/*)']) expect(what.run).toContain(kind);
    const evaluate = steps.find((st) => /agenteval run/.test(st.run ?? ''))!;
    expect(evaluate.if).toBe("steps.what.outputs.kind == 'eval'");
    expect(evaluate.run).toMatch(/--model "\$SPEC" --base-url "\$BASE_URL"/);
    expectTrustworthy(evaluate.run!);
    const artifact = steps.find((st) => st.uses === 'actions/download-artifact@v4')!;
    expect(artifact.with).toMatchObject({ 'run-id': '${{ steps.what.outputs.run_id }}', 'github-token': '${{ github.token }}' });
    expect(steps.some((st) => st.if === "steps.what.outputs.kind == 'folder'" && /cp -r "\$RUN_PATH"/.test(st.run ?? ''))).toBe(true);
    // The final status: 1 regression and 4 invalid comparison are both failures, told apart.
    const fail = wf.jobs.compare!.steps.at(-1)!;
    expect(fail.if).toBe("steps.compare.outputs.code != '0'");
    expect(fail.run).toMatch(/1\) echo "::error::significant regression/);
    expect(fail.run).toMatch(/4\) echo "::error::not a valid comparison/);
    expect(fail.run).toMatch(/exit 1/);
  });

  it('pr-compare.yml: pull requests from forks are skipped with a message, not passed green', () => {
    const wf = parse(ex('pr-compare.yml')) as Workflow;
    const gate = wf.jobs.gate!;
    const script = runs(gate);
    expect(gate.steps[0]!.env!.HEAD_REPO).toBe('${{ github.event.pull_request.head.repo.full_name }}');
    expect(script).toMatch(/"\$HEAD_REPO" != "\$\{\{ github\.repository \}\}"/);
    expect(script).toMatch(/::notice title=agenteval compare skipped::/);
    expect(script).toMatch(/GITHUB_STEP_SUMMARY/);
    expect(script).toMatch(/echo "run=false"/);
    expect(gate.outputs!.run).toBe('${{ steps.gate.outputs.run }}');
    // Every evaluating job waits for the gate and is skipped (grey) when it says no.
    expect(wf.jobs.eval!.needs).toBe('gate');
    expect(wf.jobs.eval!.if).toBe("needs.gate.outputs.run == 'true'");
    expect(wf.jobs.compare!.needs).toEqual(['gate', 'eval']);
    expect(wf.jobs.compare!.if).toMatch(/needs\.gate\.outputs\.run == 'true'/);
    // A missing secret on a same-repository PR is an error, not a skip.
    expect(script).toMatch(/EVAL_API_KEY is not set[\s\S]*exit 2/);
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

  it('k8s-indexed-job.yaml: runs the image built from the Dockerfile, maps exit codes, merges partial shards and fails then', () => {
    const text = ex('k8s-indexed-job.yaml');
    type Container = { name: string; image: string; args: string[] };
    type K8sJob = { spec: { podFailurePolicy?: { rules: Array<{ action: string; onExitCodes?: { containerName: string; operator: string; values: number[] } }> }; backoffLimitPerIndex?: number; template: { spec: { restartPolicy: string; containers: Container[] } } } };
    const [, shards, merge] = parseAllDocuments(text).map((d) => d.toJS() as K8sJob);
    const built = /docker build -t (\S+) \./.exec(text)?.[1];
    expect(built).toBeDefined();
    for (const job of [shards!, merge!]) expect(job.spec.template.spec.containers[0]!.image).toBe(built);
    const shard = shards!.spec.template.spec.containers[0]!;
    const script = shard.args.join('\n');
    expect(script).toMatch(/if \[ "\$code" = 3 \]; then .*exit 0; fi\n\s*exit \$code/);
    const fail = shards!.spec.podFailurePolicy!.rules.find((r) => r.onExitCodes)!;
    expect(fail).toMatchObject({ action: 'FailIndex', onExitCodes: { containerName: shard.name, operator: 'In', values: [2, 5] } });
    expect(shards!.spec.backoffLimitPerIndex).toBeGreaterThan(0);
    expect(shards!.spec.template.spec.restartPolicy).toBe('Never'); // podFailurePolicy requires it
    const mergeScript = merge!.spec.template.spec.containers[0]!.args.join('\n');
    expect(mergeScript).toMatch(/agenteval merge .* --allow-partial/);
    expect(mergeScript).not.toMatch(/set -e/);
    expect(mergeScript.indexOf('agenteval report')).toBeLessThan(mergeScript.lastIndexOf('exit $code'));
  });

  it('Dockerfile: Node 20 slim, npm ci, build, agenteval as the entrypoint; .dockerignore keeps the build context clean', () => {
    const docker = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const lines = docker.split('\n').filter((l) => !l.trim().startsWith('#'));
    const from = lines.filter((l) => l.startsWith('FROM '));
    expect(from.length).toBeGreaterThan(0);
    for (const f of from) expect(f).toMatch(/^FROM node:20-slim\b/);
    const text = lines.join('\n').replace(/\\\n\s*/g, ' ');
    expect(text).toMatch(/RUN npm ci\b/);
    expect(text).toMatch(/npm run build/);
    expect(lines.filter((l) => l.startsWith('ENTRYPOINT'))).toEqual(['ENTRYPOINT ["agenteval"]']);
    // `agenteval` on the PATH is the package's own bin, and the runtime stage copies what it reads.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    expect(text).toContain(`ln -s /app/${pkg.bin.agenteval} /usr/local/bin/agenteval`);
    for (const f of pkg.files) expect(text, `runtime stage copies ${f}`).toMatch(new RegExp(`COPY --from=build /app/${f} `));
    expect(text).toMatch(/COPY --from=build \/app\/node_modules /);
    expect(text).toMatch(/USER node/);
    const ignore = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const p of ['node_modules', 'dist', '.git', 'results/*']) expect(ignore).toContain(p);
    expect(ignore).toContain('!results/reported');
    for (const needed of ['harness', 'benchmarks', 'scorers', 'package.json', 'package-lock.json', 'tsconfig.json']) expect(ignore).not.toContain(needed);
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
