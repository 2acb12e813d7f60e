// The reference answer of an entry, in the mode's own form, built from the ground truth: an optional
// parameter ("" among its values) is left out — always acceptable to the checker, and some ground
// truths list optional parameters their doc lacks (parallel_multiple_12) — else the first acceptable
// value, recursively inside dicts and lists of dicts. Irrelevance entries answer in words (no call); live_relevance calls its first function.
import type { ToolCall } from '../../harness/types.js';
import { pyJsonDumps } from '../../scorers/bfcl/py-json.js';
import { pyEq, pyRepr, type PyDict, type PyValue } from '../../scorers/bfcl/py-value.js';
import type { BfclSample } from './entry.js';
import { fcName } from './tools.js';
import { dictGetStr } from '../../scorers/bfcl/py-value.js';

const EMPTY: PyValue = { t: 'str', v: '' };
export const NO_CALL_REPLY = 'None of the given functions can be used for this request.';

/** The first acceptable value; undefined (leave it out) when "" is acceptable and the doc does not require it. */
function pick(values: readonly PyValue[], required = false): PyValue | undefined {
  const optional = values.some((x) => pyEq(x, EMPTY));
  if (optional && !required) return undefined;
  const v = values.find((x) => !pyEq(x, EMPTY));
  return v === undefined ? undefined : concrete(v);
}

/** An acceptable dict is `{key: [values]}`: choose inside it too (and inside lists of such dicts). */
function concrete(v: PyValue): PyValue {
  if (v.t === 'dict' && v.v.every(([, x]) => x.t === 'list')) {
    const out: PyDict = { t: 'dict', v: [] };
    for (const [k, vals] of v.v) {
      const chosen = pick((vals as { v: PyValue[] }).v);
      if (chosen !== undefined) out.v.push([k, chosen]);
    }
    return out;
  }
  if (v.t === 'list' && v.v.length > 0 && v.v.every((x) => x.t === 'dict')) return { t: 'list', v: v.v.map(concrete) };
  return v;
}

function referenceCalls(sample: BfclSample): Array<{ name: string; args: Array<[string, PyValue]> }> {
  if (sample.expected === null) {
    if (sample.category !== 'live_relevance') return [];
    const first = sample.functions[0];
    const name = first && first.t === 'dict' ? dictGetStr(first, 'name') : undefined;
    return name && name.t === 'str' ? [{ name: name.v, args: [] }] : [];
  }
  return sample.expected.map((e) => {
    const required = new Set(sample.docs.find((d) => d.name === e.name)?.required ?? []);
    const args: Array<[string, PyValue]> = [];
    for (const [k, vals] of e.params.v) {
      const chosen = pick((vals as { v: PyValue[] }).v, required.has((k as { v: string }).v));
      if (chosen !== undefined) args.push([(k as { v: string }).v, chosen]);
    }
    return { name: e.name, args };
  });
}

export function oracleText(sample: BfclSample): string {
  const calls = referenceCalls(sample);
  if (calls.length === 0) return NO_CALL_REPLY;
  return `[${calls.map((c) => `${c.name}(${c.args.map(([k, v]) => `${k}=${pyRepr(v)}`).join(', ')})`).join(', ')}]`;
}

export function oracleToolCalls(sample: BfclSample): ToolCall[] {
  return referenceCalls(sample).map((c, i) => ({
    id: `call_${i}`,
    type: 'function',
    function: { name: fcName(c.name), arguments: pyJsonDumps({ t: 'dict', v: c.args.map(([k, v]) => [{ t: 'str', v: k }, v]) }) },
  }));
}
