// The parts of a BFCL function doc the checker reads, validated once at load time. The official
// checker indexes the doc without guards (`parameters.required`, `properties[p].type`,
// `items.type`, PYTHON_TYPE_MAPPING[type]), so a doc it would crash on is a data issue here.
import { dictGetStr, type PyValue } from './py-value.js';

/** ast_checker.py PYTHON_TYPE_MAPPING: BFCL type name → Python type name (`tuple` checks as list, `any` as str). */
export const PYTHON_TYPE_MAPPING: Readonly<Record<string, string>> = {
  string: 'str',
  integer: 'int',
  float: 'float',
  boolean: 'bool',
  array: 'list',
  tuple: 'list',
  dict: 'dict',
  any: 'str',
};

export interface ParamDoc {
  type: string;
  /** `items.type` for array/tuple parameters. */
  itemsType: string | null;
}

export interface FunctionDoc {
  name: string;
  properties: Map<string, ParamDoc>;
  required: string[];
}

const str = (v: PyValue | undefined): string | null => (v && v.t === 'str' ? v.v : null);

/** The checker's view of one raw doc, or a message saying why the official checker could not use it. */
export function checkerDoc(raw: PyValue): FunctionDoc | string {
  if (raw.t !== 'dict') return 'function doc is not an object';
  const name = str(dictGetStr(raw, 'name'));
  if (name === null) return 'function doc has no string "name"';
  const params = dictGetStr(raw, 'parameters');
  if (!params || params.t !== 'dict') return `${name}: no "parameters" object`;
  const props = dictGetStr(params, 'properties');
  if (!props || props.t !== 'dict') return `${name}: no "parameters.properties" object`;
  const req = dictGetStr(params, 'required');
  if (!req || req.t !== 'list' || req.v.some((r) => r.t !== 'str')) return `${name}: "parameters.required" is not a list of names`;
  const properties = new Map<string, ParamDoc>();
  for (const [k, v] of props.v) {
    if (k.t !== 'str' || v.t !== 'dict') return `${name}: malformed parameter`;
    const type = str(dictGetStr(v, 'type'));
    if (type === null || !(type in PYTHON_TYPE_MAPPING)) return `${name}.${k.v}: type ${type === null ? '(none)' : `"${type}"`} is not one the official checker knows`;
    let itemsType: string | null = null;
    if (type === 'array' || type === 'tuple') {
      const items = dictGetStr(v, 'items');
      itemsType = items && items.t === 'dict' ? str(dictGetStr(items, 'type')) : null;
      if (itemsType === null || !(itemsType in PYTHON_TYPE_MAPPING)) return `${name}.${k.v}: ${type} without a known "items.type"`;
    }
    properties.set(k.v, { type, itemsType });
  }
  return { name, properties, required: req.v.map((r) => (r as { v: string }).v) };
}
