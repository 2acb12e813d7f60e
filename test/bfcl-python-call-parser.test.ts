// Prompt-mode decoding vs the official decoder: test/fixtures/bfcl/python_decode_cases.jsonl holds
// what bfcl_eval's default_decode_ast_prompting (gorilla 6ea5797, CPython 3.11) returned for each
// text — the Python repr of the decoded calls, or that it raised.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePromptOutput } from '../scorers/bfcl/decode.js';
import { callAsValue, parsePythonCalls } from '../scorers/bfcl/python-call-parser.js';
import { pyRepr } from '../scorers/bfcl/py-value.js';

interface Case {
  text: string;
  ok: boolean;
  repr?: string;
  err?: string;
}

const cases = readFileSync(join(import.meta.dirname, 'fixtures', 'bfcl', 'python_decode_cases.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Case);

describe('Python call parser (prompt-mode decoding)', () => {
  it.each(cases.map((c) => [c.text, c] as const))('%s', (_t, c) => {
    const d = decodePromptOutput(c.text);
    if (!c.ok) {
      expect(d.ok, `official: ${c.err}`).toBe(false);
      return;
    }
    expect(d.ok, d.ok ? '' : d.message).toBe(true);
    if (d.ok) expect(pyRepr({ t: 'list', v: d.calls.map(callAsValue) })).toBe(c.repr);
  });

  it('keeps ints, floats, tuples and lists apart', () => {
    const [call] = parsePythonCalls("f(i=1, x=1.0, t=(1, 2), l=[1, 2], n=-0.5, d={'k': (1,)})");
    const kinds = call!.args.v.map(([k, v]) => `${(k as { v: string }).v}:${v.t}`);
    expect(kinds).toEqual(['i:int', 'x:float', 't:tuple', 'l:list', 'n:float', 'd:dict']);
  });

  it('never evaluates code: names and calls in arithmetic fail to decode', () => {
    expect(() => parsePythonCalls("f(a=__import__('os').getpid() + 1)")).toThrow();
    expect(() => parsePythonCalls('f(a=2 ** 10 ** 10)')).toThrow(/too large/);
  });
});
