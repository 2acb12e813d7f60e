// What a command loads, as a user runs it: `agenteval --help` and a one-question
// `agenteval run nq --protocol direct` must not import benchmark families, libraries or engines they
// do not use (start-up CPU and memory). Every module the process resolves is logged by a loader hook
// (ESM) and from the CommonJS cache at exit.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOpenAI, type MockOpenAI } from '../harness/testing/mock-openai.js';

const cli = join(process.cwd(), 'dist', 'harness', 'cli', 'main.js');
let tmp = '';
let mock: MockOpenAI;

const HOOKS = `import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function resolve(spec, ctx, next) { const r = await next(spec, ctx); appendFileSync(out, r.url + '\\n'); return r; }
`;
const REGISTER = `import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';
const out = process.env.AE_MODULE_LOG;
register(new URL('./hooks.mjs', import.meta.url), { data: { out } });
process.on('exit', () => appendFileSync(out, Object.keys(Module._cache).map((f) => 'file://' + f).join('\\n') + '\\n'));
`;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ae-startup-'));
  writeFileSync(join(tmp, 'hooks.mjs'), HOOKS);
  writeFileSync(join(tmp, 'register.mjs'), REGISTER);
  writeFileSync(
    join(tmp, 'nq-1.jsonl'),
    `${JSON.stringify({ data_source: 'nq', prompt: [{ role: 'user', content: 'who wrote hamlet' }], reward_model: { style: 'rule', ground_truth: { target: ['Shakespeare'] } }, extra_info: { split: 'test', index: 0 } })}\n`,
  );
  mock = await startMockOpenAI({ models: ['m'], record: false });
});

afterAll(async () => {
  await mock?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs `agenteval <args>` and returns its exit code and the modules it loaded (paths, deduplicated). */
function loaded(args: string[], name: string): Promise<{ code: number | null; modules: string[]; stderr: string }> {
  const log = join(tmp, `${name}.log`);
  writeFileSync(log, '');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', join(tmp, 'register.mjs'), cli, ...args], {
      cwd: tmp,
      env: { ...process.env, AE_MODULE_LOG: log, OPENAI_API_KEY: 'sk-test' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const modules = [...new Set(readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('file://')).map((l) => l.slice('file://'.length)))];
      resolve({ code, modules, stderr });
    });
  });
}

const family = (f: string) => new RegExp(`/dist/benchmarks/${f}/index\\.js$`);
const pkg = (p: string) => new RegExp(`/node_modules/${p}/`);
const none = (modules: string[], re: RegExp) => modules.filter((m) => re.test(m));

describe('start-up: modules a command loads', () => {
  it('`agenteval --help` loads no benchmark family, engine or heavy library', async () => {
    const r = await loaded(['--help'], 'help');
    expect(r.code).toBe(0);
    expect(r.modules.some((m) => m.endsWith('/dist/harness/cli/main.js'))).toBe(true);
    for (const re of [
      /\/dist\/benchmarks\/[^/]+\/index\.js$/, /\/dist\/harness\/run\/execute\.js$/, /\/dist\/harness\/retrieval\/open\.js$/, /\/dist\/harness\/report\/html\//,
      pkg('ajv'), pkg('undici'), pkg('better-sqlite3'), pkg('yaml'), pkg('@huggingface/hub'), pkg('cli-table3'), pkg('csv-stringify'), pkg('hyparquet'),
    ]) expect(none(r.modules, re)).toEqual([]);
  }, 60_000);

  it('a one-question `run nq --protocol direct` loads its own family only, undici\'s Pool alone, no retriever', async () => {
    const r = await loaded(
      ['run', 'nq', '--protocol', 'direct', '--model', 'openai:m', '--base-url', mock.url, '--data', join(tmp, 'nq-1.jsonl'), '--quiet', '--out', join(tmp, 'run')],
      'run',
    );
    expect(r.stderr).not.toMatch(/agenteval: /);
    expect(r.code).toBe(0);
    expect(r.modules.some((m) => family('searchqa').test(m))).toBe(true);
    expect(r.modules.some((m) => /\/node_modules\/undici\/lib\/dispatcher\/pool\.js$/.test(m))).toBe(true);
    for (const re of [
      family('text2sql'), family('math'), family('bfcl'), family('localsearch'), family('recrm'),
      /\/dist\/harness\/retrieval\/open\.js$/, /\/node_modules\/undici\/index\.js$/, /\/dist\/harness\/report\/html\//,
      pkg('yaml'), pkg('@huggingface/hub'), pkg('hyparquet'), pkg('@cortex-js'), pkg('cli-progress'),
    ]) expect(none(r.modules, re)).toEqual([]);
  }, 60_000);
});
