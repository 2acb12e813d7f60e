// Calibration against the official checker: test/fixtures/bfcl/ast_verdicts_dev.jsonl holds the
// verdicts of bfcl_eval's AST checker (gorilla 6ea5797) on 493 synthetic outputs of the bundled
// entries, in three forms: decoded calls, prompt-mode text and fc-mode tool calls. Every verdict
// (valid + error type) must agree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBfcl } from '../benchmarks/bfcl/load.js';
import { CATEGORIES } from '../benchmarks/bfcl/categories.js';
import type { BfclSample } from '../benchmarks/bfcl/entry.js';
import { astCheck, simpleFunctionChecker, standardizeString } from '../scorers/bfcl/ast-checker.js';
import { evaluate, judge } from '../scorers/bfcl/evaluate.js';
import { parseJsonPy } from '../scorers/bfcl/json-py.js';
import { dictGetStr, type PyDict, type PyValue } from '../scorers/bfcl/py-value.js';
import { parsePythonCalls, type DecodedCall } from '../scorers/bfcl/python-call-parser.js';
import { checkerDoc, type FunctionDoc } from '../scorers/bfcl/function-doc.js';
import type { ToolCall } from '../harness/types.js';

const fixture = join(import.meta.dirname, 'fixtures', 'bfcl', 'ast_verdicts_dev.jsonl');
const rows = readFileSync(fixture, 'utf8').split('\n').filter(Boolean).map((l) => ({ py: parseJsonPy(l) as PyDict, json: JSON.parse(l) as Record<string, unknown> }));

const str = (d: PyDict, k: string) => (dictGetStr(d, k) as { v: string }).v;

/** `decoded` as the checker got it: JSON lists at `tuple_args` paths were Python tuples. */
function decodedCalls(d: PyDict, tuplePaths: string[]): DecodedCall[] {
  const list = (dictGetStr(d, 'decoded') as { v: PyValue[] }).v;
  return list.map((c, i) => {
    const [name, args] = (c as PyDict).v[0]!;
    const n = (name as { v: string }).v;
    const a = args as PyDict;
    for (const p of tuplePaths) {
      const prefix = `${i}.${n}.`;
      if (!p.startsWith(prefix)) continue;
      const entry = a.v.find(([k]) => k.t === 'str' && k.v === p.slice(prefix.length))!;
      entry[1] = { t: 'tuple', v: (entry[1] as { v: PyValue[] }).v };
    }
    return { name: n, args: a };
  });
}

describe('BFCL AST checker vs the official verdicts (ast_verdicts_dev.jsonl)', async () => {
  const { samples, issues } = await loadBfcl(CATEGORIES);
  const byId = new Map<string, BfclSample>(samples.map((s) => [s.id, s]));

  it('loads every bundled entry without data issues', () => {
    expect(issues).toEqual([]);
    expect(rows.length).toBe(493);
  });

  it('agrees on every decoded, text and tool_calls verdict', () => {
    const mismatches: string[] = [];
    for (const { py, json } of rows) {
      const sample = byId.get(str(py, 'entry_id'))!;
      expect(sample, String(json.entry_id)).toBeDefined();
      const c = { category: sample.category, docs: sample.docs, expected: sample.expected };
      const dec = judge(c, { ok: true, calls: decodedCalls(py, (json.tuple_args as string[] | undefined) ?? []) }, 'prompt');
      const text = evaluate(c, 'prompt', json.text as string, []).result;
      const tc = evaluate(c, 'fc', (json.tool_calls_content as string | undefined) ?? '', json.tool_calls as ToolCall[]).result;
      const got = (r: typeof dec) => [r.valid, r.valid ? null : r.errorType];
      const cmp = (what: string, r: typeof dec, valid: unknown, type: unknown) => {
        if (JSON.stringify(got(r)) !== JSON.stringify([valid, type])) mismatches.push(`${String(json.id)} ${what}: got ${JSON.stringify(got(r))}, official ${JSON.stringify([valid, type])}`);
      };
      cmp('decoded', dec, json.valid, json.error_type);
      cmp('text', text, json.text_valid, json.text_error_type);
      cmp('tool_calls', tc, json.tool_calls_valid, json.tool_calls_error_type);
    }
    expect(mismatches).toEqual([]);
  });
});

// Hand-made cases for the semantics the fixture touches lightly; expectations from running the
// official checker (gorilla 6ea5797) on the same inputs.
describe('AST checker quirks', () => {
  const doc = (props: Record<string, unknown>, required: string[] = []): FunctionDoc =>
    checkerDoc(parseJsonPy(JSON.stringify({ name: 'f', description: 'd', parameters: { type: 'dict', properties: props, required } }))) as FunctionDoc;
  const call = (args: string): DecodedCall => ({ name: 'f', args: parseJsonPy(args) as PyDict });
  const exp = (params: string) => ({ name: 'f', params: parseJsonPy(params) as PyDict });
  const check = (d: FunctionDoc, c: DecodedCall, e: ReturnType<typeof exp>) => simpleFunctionChecker(d, c, e, { underscoreNames: false });

  it('accepts an int for a float at top level but not inside a float list', () => {
    expect(check(doc({ x: { type: 'float' } }, ['x']), call('{"x": 2}'), exp('{"x": [2.0]}')).valid).toBe(true);
    const r = check(doc({ x: { type: 'array', items: { type: 'float' } } }, ['x']), call('{"x": [1, 2.0]}'), exp('{"x": [[1.0, 2.0]]}'));
    expect(r).toMatchObject({ valid: false, errorType: 'type_error:nested' });
  });

  it('normalises strings: case, spaces and ,./-_*^ only', () => {
    expect(standardizeString("New-York, N.Y._*^/ 'x'")).toBe('newyorkny"x"');
    const d = doc({ s: { type: 'string' } }, ['s']);
    expect(check(d, call('{"s": "SAN FRANCISCO, ca"}'), exp('{"s": ["San Francisco,CA"]}')).valid).toBe(true);
    expect(check(d, call('{"s": "San Francisco!"}'), exp('{"s": ["San Francisco"]}'))).toMatchObject({ valid: false, errorType: 'value_error:string' });
  });

  it('optional parameters: "" among the values lets them be left out', () => {
    const d = doc({ a: { type: 'integer' }, b: { type: 'string' } }, ['a']);
    expect(check(d, call('{"a": 1}'), exp('{"a": [1], "b": ["x", ""]}')).valid).toBe(true);
    expect(check(d, call('{"a": 1}'), exp('{"a": [1], "b": ["x"]}'))).toMatchObject({ valid: false, errorType: 'simple_function_checker:missing_optional' });
    expect(check(d, call('{"a": true}'), exp('{"a": [1], "b": [""]}'))).toMatchObject({ valid: false, errorType: 'type_error:simple' });
  });

  it('dicts: missing keys after a wrong value report the key error (official loop order)', () => {
    const d = doc({ o: { type: 'dict', properties: { k: { type: 'string' }, m: { type: 'integer' } } } }, ['o']);
    const r = check(d, call('{"o": {"k": "zz"}}'), exp('{"o": [{"k": ["a"], "m": [1]}]}'));
    expect(r).toMatchObject({ valid: false, errorType: 'value_error:dict_key' });
    expect(check(d, call('{"o": {"k": "A", "m": 1}}'), exp('{"o": [{"k": ["a"], "m": [1, ""]}]}')).valid).toBe(true);
  });

  it('parallel calls match in any order, greedily', () => {
    const d = doc({ a: { type: 'integer' } }, ['a']);
    const out = [call('{"a": 2}'), call('{"a": 1}')];
    expect(astCheck('parallel', [d], out, [exp('{"a": [1]}'), exp('{"a": [2]}')], { underscoreNames: false }).valid).toBe(true);
    // Greedy: the first expected call takes output 0 although only it could serve the second.
    const greedy = astCheck('parallel', [d], [call('{"a": 1}'), call('{"a": 2}')], [exp('{"a": [1, 2]}'), exp('{"a": [1]}')], { underscoreNames: false });
    expect(greedy).toMatchObject({ valid: false, errorType: 'parallel_function_checker_no_order:cannot_find_match' });
  });

  it('fc mode expects the underscored name', () => {
    const d = { ...doc({}), name: 'math.factorial' };
    const e = { name: 'math.factorial', params: parseJsonPy('{}') as PyDict };
    expect(simpleFunctionChecker(d, { name: 'math_factorial', args: parseJsonPy('{}') as PyDict }, e, { underscoreNames: true }).valid).toBe(true);
    expect(simpleFunctionChecker(d, { name: 'math.factorial', args: parseJsonPy('{}') as PyDict }, e, { underscoreNames: true }).valid).toBe(false);
  });

  it('more official corners: "" as [] in lists, variables, lists of dicts, tuples, bool vs int, any', () => {
    const pyCall = (src: string): DecodedCall => parsePythonCalls(src)[0]!;
    const v = (r: ReturnType<typeof check>) => [r.valid, r.valid ? null : r.errorType];
    expect(v(check(doc({ l: { type: 'array', items: { type: 'string' } } }), call('{"l": []}'), exp('{"l": ["", ["a"]]}')))).toEqual([true, null]);
    const n = doc({ n: { type: 'integer' } }, ['n']);
    expect(v(check(n, call('{"n": "count"}'), exp('{"n": ["count"]}')))).toEqual([true, null]);
    expect(v(check(n, call('{"n": "Count"}'), exp('{"n": ["count"]}')))).toEqual([false, 'value_error:others']);
    const ld = doc({ items: { type: 'array', items: { type: 'dict' } } }, ['items']);
    expect(v(check(ld, call('{"items": [{"a": "X", "b": 1}]}'), exp('{"items": [[{"a": ["x"], "b": [1]}]]}')))).toEqual([true, null]);
    expect(v(check(ld, call('{"items": [{"a": "X"}, {"a": "y"}]}'), exp('{"items": [[{"a": ["x"], "b": [1, ""]}]]}')))).toEqual([false, 'value_error:list_dict_count']);
    expect(v(check(doc({ t: { type: 'tuple', items: { type: 'integer' } } }, ['t']), pyCall('f(t=(1, 2))'), exp('{"t": [[1, 2]]}')))).toEqual([true, null]);
    expect(v(check(doc({ t: { type: 'array', items: { type: 'integer' } } }, ['t']), pyCall('f(t=(1, 2))'), exp('{"t": [[1, 2]]}')))).toEqual([false, 'type_error:simple']);
    expect(v(check(doc({ b: { type: 'boolean' } }, ['b']), call('{"b": 1}'), exp('{"b": [true]}')))).toEqual([false, 'type_error:simple']);
    expect(v(check(doc({ x: { type: 'integer' } }, ['x']), call('{"x": true}'), exp('{"x": [1]}')))).toEqual([false, 'type_error:simple']);
    expect(v(check(doc({ a: { type: 'any' } }, ['a']), call('{"a": 5}'), exp('{"a": ["5"]}')))).toEqual([false, 'type_error:simple']);
    expect(v(check(doc({ a: { type: 'any' } }, ['a']), call('{"a": "5"}'), exp('{"a": ["5"]}')))).toEqual([true, null]);
  });
});
