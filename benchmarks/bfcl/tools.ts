// fc mode: BFCL function docs → OpenAI tools, as convert_to_tool + _cast_to_openai_type
// (bfcl_eval/model_handler/utils.py) do for OpenAI-style models: dots in names become "_"
// (the checker then expects the underscored name: ast_checker.convert_func_name), Python type
// names map through GORILLA_TO_OPENAPI (unknown → "string"), a float gets `format: "float"` and
// " This is a float type value." in its description, and each function description carries the
// language hint load_dataset_entry adds at inference (" Note that the provided function is in
// Python 3 syntax."). An `items.type` outside the mapping raises there: here it is a data issue.
import type { JsonObject, ToolSpec } from '../../harness/types.js';
import { dictGetStr, toJson, type PyDict, type PyValue } from '../../scorers/bfcl/py-value.js';

export const PYTHON_HINT = ' Note that the provided function is in Python 3 syntax.';

/** bfcl_eval/constants/type_mappings.py GORILLA_TO_OPENAPI. */
const GORILLA_TO_OPENAPI: Readonly<Record<string, string>> = {
  integer: 'integer', number: 'number', float: 'number', string: 'string', boolean: 'boolean', bool: 'boolean',
  array: 'array', list: 'array', dict: 'object', object: 'object', tuple: 'array', any: 'string', byte: 'integer',
  short: 'integer', long: 'integer', double: 'number', char: 'string', ArrayList: 'array', Array: 'array',
  HashMap: 'object', Hashtable: 'object', Queue: 'array', Stack: 'array', Any: 'string', String: 'string', Bigint: 'integer',
};

class Inexpressible extends Error {}

const s = (v: string): PyValue => ({ t: 'str', v });
const clone = (v: PyValue): PyValue => (v.t === 'list' || v.t === 'tuple' ? { t: v.t, v: v.v.map(clone) } : v.t === 'dict' ? { t: 'dict', v: v.v.map(([k, x]) => [k, clone(x)]) } : v);

function set(d: PyDict, key: string, value: PyValue): void {
  const at = d.v.findIndex(([k]) => k.t === 'str' && k.v === key);
  if (at >= 0) d.v[at]![1] = value;
  else d.v.push([s(key), value]);
}

const strOf = (v: PyValue | undefined): string | null => (v && v.t === 'str' ? v.v : null);

function mapType(t: PyValue | undefined, where: string): PyValue {
  const name = strOf(t);
  if (name === null || !(name in GORILLA_TO_OPENAPI)) throw new Inexpressible(`${where}: items type ${name ?? '(none)'} has no OpenAPI mapping`);
  return s(GORILLA_TO_OPENAPI[name]!);
}

function castProperties(props: PyValue, where: string): PyValue {
  if (props.t !== 'dict') throw new Inexpressible(`${where}: "properties" is not an object`);
  for (const [k, value] of props.v) {
    const name = `${where}.${strOf(k) ?? '?'}`;
    if (value.t !== 'dict') throw new Inexpressible(`${name}: not an object`);
    const type = strOf(dictGetStr(value, 'type'));
    if (type === null) set(value, 'type', s('string'));
    else {
      if (type === 'float') {
        const desc = strOf(dictGetStr(value, 'description'));
        if (desc === null) throw new Inexpressible(`${name}: a float parameter without a description`);
        set(value, 'format', s('float'));
        set(value, 'description', s(`${desc} This is a float type value.`));
      }
      set(value, 'type', s(GORILLA_TO_OPENAPI[type] ?? 'string'));
    }
    const mapped = strOf(dictGetStr(value, 'type'));
    if (mapped !== 'array' && mapped !== 'object') continue;
    const nestedProps = dictGetStr(value, 'properties');
    const items = dictGetStr(value, 'items');
    if (nestedProps) set(value, 'properties', castProperties(nestedProps, name));
    else if (items) {
      if (items.t !== 'dict') throw new Inexpressible(`${name}: "items" is not an object`);
      const it = mapType(dictGetStr(items, 'type'), name);
      set(items, 'type', it);
      const inner = dictGetStr(items, 'items');
      const innerProps = dictGetStr(items, 'properties');
      if (strOf(it) === 'array' && inner && inner.t === 'dict') set(inner, 'type', mapType(dictGetStr(inner, 'type'), `${name}[]`));
      else if (strOf(it) === 'object' && innerProps) set(items, 'properties', castProperties(innerProps, `${name}[]`));
    }
  }
  return props;
}

/** The docs with the inference-time language hint appended to each description (for both modes). */
export function withHint(functions: readonly PyValue[]): PyValue[] | string {
  const out: PyValue[] = [];
  for (const f of functions) {
    const c = clone(f);
    if (c.t !== 'dict') return 'function doc is not an object';
    const desc = strOf(dictGetStr(c, 'description'));
    if (desc === null) return `${strOf(dictGetStr(c, 'name')) ?? '?'}: no string "description"`;
    set(c, 'description', s(desc + PYTHON_HINT));
    out.push(c);
  }
  return out;
}

export const fcName = (name: string): string => name.replace(/\./g, '_');

/** convert_to_tool(functions, GORILLA_TO_OPENAPI, OPENAI_COMPLETIONS), or why it cannot. */
export function toolsFor(functions: readonly PyValue[]): ToolSpec[] | string {
  const hinted = withHint(functions);
  if (typeof hinted === 'string') return hinted;
  try {
    return hinted.map((f) => {
      const d = f as PyDict;
      const name = strOf(dictGetStr(d, 'name'));
      if (name === null) throw new Inexpressible('function doc has no string "name"');
      const params = dictGetStr(d, 'parameters');
      if (!params || params.t !== 'dict') throw new Inexpressible(`${name}: no "parameters" object`);
      set(params, 'type', s('object'));
      const props = dictGetStr(params, 'properties');
      if (!props) throw new Inexpressible(`${name}: no "parameters.properties"`);
      set(params, 'properties', castProperties(props, name));
      return { type: 'function', function: { name: fcName(name), description: strOf(dictGetStr(d, 'description'))!, parameters: toJson(params) as JsonObject } };
    });
  } catch (err) {
    if (err instanceof Inexpressible) return err.message;
    throw err;
  }
}
