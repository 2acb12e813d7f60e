// BFCL's AST checker (bfcl_eval/eval_checker/ast_eval/ast_checker.py @ gorilla 6ea5797), Python
// branch, example by example. Quirks kept on purpose (the official verdicts are the contract):
// - exact type equality: `type(v) == int` so True is not an int and 1 is not a float … except
//   that a top-level int is converted for a `float` param (simple_function_checker), not inside a
//   list (the nested type check sees the raw items);
// - a tuple is turned into a list only when the doc type is `tuple`; a tuple for an `array`
//   param fails the type check;
// - "is_variable": a value whose type matches the first non-"" acceptable answer's type passes the
//   type check and is then compared exactly (`value in answers`), without string normalisation;
// - the nested (items) type check passes at once when an acceptable answer is not a list (e.g. "");
// - list_checker treats a "" answer as [] (it iterates over the string);
// - dict_checker runs its missing-key loop even after a wrong value (its error type wins);
// - parallel calls are matched greedily, first acceptable unmatched output per expected call.
import { pyEq, pyIn, pyRepr, typeName, dictGet, type PyDict, type PyValue } from './py-value.js';
import { PYTHON_TYPE_MAPPING, type FunctionDoc } from './function-doc.js';
import type { DecodedCall } from './python-call-parser.js';
import type { Json } from '../../harness/types.js';

export type CheckResult = { valid: true } | { valid: false; error: Json[]; errorType: string };

/** The official checker would raise here (malformed ground truth or doc): never a silent 0. */
export class CheckerCrash extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckerCrash';
  }
}

/** One expected call: `{name: {param: [acceptable values]}}`. */
export interface ExpectedCall {
  name: string;
  params: PyDict;
}

export interface CheckOptions {
  /** Function-calling mode: dots in expected names become underscores (convert_func_name, underscore_to_dot). */
  underscoreNames: boolean;
}

const bad = (errorType: string, ...error: Json[]): CheckResult => ({ valid: false, error, errorType });

/** standardize_string: drop ` ,./-_*^`, lower-case, ' → ". */
export function standardizeString(s: string): string {
  return s.replace(/[ ,./\-_*^]/g, '').toLowerCase().replace(/'/g, '"');
}

const EMPTY: PyValue = { t: 'str', v: '' };
const pyType = (desc: string) => PYTHON_TYPE_MAPPING[desc]!;
const listRepr = (xs: readonly PyValue[]) => pyRepr({ t: 'list', v: [...xs] });
const strKey = (k: string): PyValue => ({ t: 'str', v: k });
const hasKey = (d: PyDict, k: PyValue) => dictGet(d, k) !== undefined;

function asList(v: PyValue | undefined, what: string): PyValue[] {
  if (!v || (v.t !== 'list' && v.t !== 'tuple')) throw new CheckerCrash(`${what} is not a list of acceptable values`);
  return v.v;
}

/** Python's len()/iteration over an acceptable answer that list_checker / list_dict_checker index into. */
function itemsOf(v: PyValue): PyValue[] {
  if (v.t === 'list' || v.t === 'tuple') return v.v;
  if (v.t === 'str') return [...v.v].map((c) => ({ t: 'str', v: c }));
  throw new CheckerCrash(`acceptable answer ${pyRepr(v)} cannot be indexed as a list`);
}

function answerType(answers: readonly PyValue[]): string | null {
  for (const a of answers) if (!pyEq(a, EMPTY)) return typeName(a);
  return null;
}

interface TypeResult {
  valid: boolean;
  isVariable: boolean;
  error: Json[];
  errorType: string;
}

function typeChecker(param: string, value: PyValue, answers: readonly PyValue[], desc: string, expected: string, nested: string | null): TypeResult {
  const result: TypeResult = { valid: true, isVariable: false, error: [], errorType: 'type_error:simple' };
  const aType = answerType(answers);
  const isVariable = aType !== null && aType !== expected;
  if (typeName(value) === expected) {
    if (nested === null) return { ...result, isVariable };
    for (const item of answers) {
      let ok = true;
      if (item.t === 'list') {
        for (const v of (value as { v: PyValue[] }).v) {
          if (!typeChecker(param, v, item.v, `<class '${nested}'>`, nested, null).valid) {
            ok = false;
            break;
          }
        }
      }
      if (ok) return { valid: true, isVariable, error: [], errorType: result.errorType };
    }
    result.valid = false;
    result.error = [`Nested type checking failed for parameter ${pyRepr(strKey(param))}. Expected outer type ${desc} with inner type <class '${nested}'>. Parameter value: ${pyRepr(value)}.`];
    result.errorType = 'type_error:nested';
  }
  if (aType !== null && typeName(value) === aType) return { ...result, isVariable: true };
  result.valid = false;
  result.error.push(`Incorrect type for parameter ${pyRepr(strKey(param))}. Expected type ${desc}, got ${typeName(value)}. Parameter value: ${pyRepr(value)}.`);
  result.errorType = 'type_error:simple';
  return result;
}

function stdIfStr(v: PyValue): PyValue {
  return v.t === 'str' ? { t: 'str', v: standardizeString(v.v) } : v;
}

function stringChecker(param: string, value: string, answers: readonly PyValue[]): CheckResult {
  const std = standardizeString(value);
  for (const a of answers) if (a.t === 'str' && standardizeString(a.v) === std) return { valid: true };
  return bad('value_error:string', `Invalid value for parameter ${pyRepr(strKey(param))}: ${pyRepr({ t: 'str', v: value })}. Expected one of ${listRepr(answers)}. Case insensitive.`);
}

function listChecker(param: string, value: PyValue[], answers: readonly PyValue[]): CheckResult {
  const out: PyValue = { t: 'list', v: value.map(stdIfStr) };
  for (const a of answers) if (pyEq(out, { t: 'list', v: itemsOf(a).map(stdIfStr) })) return { valid: true };
  return bad('value_error:list/tuple', `Invalid value for parameter ${pyRepr(strKey(param))}: ${pyRepr({ t: 'list', v: value })}. Expected one of ${listRepr(answers)}.`);
}

function dictChecker(value: PyValue, answers: readonly PyValue[]): CheckResult {
  if (value.t !== 'dict') throw new CheckerCrash(`'${typeName(value)}' object has no attribute 'items' (the official dict_checker raises here)`);
  let result: { valid: false; error: Json[]; errorType: string } = { valid: false, error: [], errorType: 'dict_checker:unclear' };
  for (const answer of answers) {
    if (pyEq(answer, EMPTY)) continue;
    if (answer.t !== 'dict') throw new CheckerCrash(`acceptable dict answer ${pyRepr(answer)} is not a dict`);
    result = { valid: false, error: [], errorType: 'dict_checker:unclear' };
    let ok = true;
    for (const [key, v] of value.v) {
      const acceptable = dictGet(answer, key);
      if (acceptable === undefined) {
        result.error.push(`Unexpected dict key parameter: '${key.t === 'str' ? key.v : pyRepr(key)}'.`);
        result.errorType = 'value_error:dict_key';
        ok = false;
        break;
      }
      const stdAnswers = asList(acceptable, `answer for dict key ${pyRepr(key)}`).map(stdIfStr);
      if (!pyIn(stdIfStr(v), stdAnswers)) {
        result.error.push(`Invalid value for parameter ${pyRepr(key)}: ${pyRepr(v)}. Expected one of ${listRepr(stdAnswers)}.`);
        result.errorType = 'value_error:dict_value';
        ok = false;
        break;
      }
    }
    // Runs even after a failure above (as in the official code): its error type then wins.
    for (const [key, acceptable] of answer.v) {
      if (!hasKey(value, key) && !pyIn(EMPTY, asList(acceptable, `answer for dict key ${pyRepr(key)}`))) {
        result.error.push(`Missing dict key parameter: '${key.t === 'str' ? key.v : pyRepr(key)}'.`);
        result.errorType = 'value_error:dict_key';
        ok = false;
        break;
      }
    }
    if (ok) return { valid: true };
  }
  return result;
}

function listDictChecker(value: PyValue[], answers: readonly PyValue[]): CheckResult {
  let result: CheckResult = bad('list_dict_checker:unclear');
  for (const answer of answers) {
    const items = itemsOf(answer);
    if (value.length !== items.length) {
      result = bad('value_error:list_dict_count', 'Wrong number of dictionaries in the list.');
      continue;
    }
    let ok = true;
    for (let d = 0; d < value.length; d++) {
      result = dictChecker(value[d]!, [items[d]!]);
      if (!result.valid) {
        ok = false;
        break;
      }
    }
    if (ok) return { valid: true };
  }
  return result;
}

function convertName(name: string, opts: CheckOptions): string {
  return opts.underscoreNames && name.includes('.') ? name.replace(/\./g, '_') : name;
}

export function simpleFunctionChecker(doc: FunctionDoc, call: DecodedCall, expected: ExpectedCall, opts: CheckOptions): CheckResult {
  const answers = expected.params;
  const funcName = convertName(doc.name, opts);
  if (call.name !== funcName) return bad('simple_function_checker:wrong_func_name', `Function name ${pyRepr(strKey(funcName))} not found in model output.`);
  const params = call.args;
  for (const r of doc.required) {
    if (!hasKey(params, strKey(r))) return bad('simple_function_checker:missing_required', `Missing required parameter: ${pyRepr(strKey(r))}.`);
  }
  for (const [key, raw] of params.v) {
    const param = key.t === 'str' ? key.v : null;
    const details = param === null ? undefined : doc.properties.get(param);
    const acceptableRaw = param === null ? undefined : dictGet(answers, key);
    if (param === null || !details || acceptableRaw === undefined) return bad('simple_function_checker:unexpected_param', `Unexpected parameter: ${pyRepr(key)}.`);
    const acceptable = asList(acceptableRaw, `answer for ${expected.name}.${param}`);
    const desc = details.type;
    const expectedType = pyType(desc);
    const nested = details.itemsType === null ? null : pyType(details.itemsType);
    let value = raw;
    if (desc === 'tuple' && value.t === 'tuple') value = { t: 'list', v: value.v };
    if (desc === 'float' && value.t === 'int') value = { t: 'float', v: Number(value.v) };

    const tc = typeChecker(param, value, acceptable, desc, expectedType, nested);
    if (!tc.valid) return bad(tc.errorType, ...tc.error);
    if (!tc.isVariable) {
      let r: CheckResult | null = null;
      if (expectedType === 'dict') r = dictChecker(value, acceptable);
      else if (expectedType === 'list' && nested === 'dict') r = listDictChecker((value as { v: PyValue[] }).v, acceptable);
      else if (expectedType === 'str') r = stringChecker(param, (value as { v: string }).v, acceptable);
      else if (expectedType === 'list') r = listChecker(param, (value as { v: PyValue[] }).v, acceptable);
      if (r !== null) {
        if (!r.valid) return r;
        continue;
      }
    }
    if (!pyIn(value, acceptable)) {
      return bad('value_error:others', `Invalid value for parameter ${pyRepr(strKey(param))}: ${pyRepr(value)}. Expected one of ${listRepr(acceptable)}.`);
    }
  }
  for (const [key, acceptable] of answers.v) {
    if (!hasKey(params, key) && !pyIn(EMPTY, asList(acceptable, `answer for ${expected.name}.${pyRepr(key)}`))) {
      return bad('simple_function_checker:missing_optional', `Optional parameter ${pyRepr(key)} not provided and not marked as optional.`);
    }
  }
  return { valid: true };
}

function findDoc(docs: readonly FunctionDoc[], name: string): FunctionDoc {
  const doc = docs.find((d) => d.name === name);
  if (!doc) throw new CheckerCrash(`no function doc named ${name} (the official find_description returns None and the checker raises)`);
  return doc;
}

function parallelNoOrder(docs: readonly FunctionDoc[], output: readonly DecodedCall[], expected: readonly ExpectedCall[], opts: CheckOptions): CheckResult {
  if (output.length !== expected.length) return bad('parallel_function_checker_no_order:wrong_count', 'Wrong number of functions.');
  const matched = new Set<number>();
  for (let i = 0; i < expected.length; i++) {
    const doc = findDoc(docs, expected[i]!.name);
    const errors: Json[] = [];
    let found = false;
    for (let index = 0; index < output.length; index++) {
      if (matched.has(index)) continue;
      const r = simpleFunctionChecker(doc, output[index]!, expected[i]!, opts);
      if (r.valid) {
        matched.add(index);
        found = true;
        break;
      }
      errors.push({ [`Model Result Index ${index}`]: { sub_error: r.error, sub_error_type: r.errorType } });
    }
    if (!found) {
      const considered = output.map((_, k) => k).filter((k) => !matched.has(k));
      return bad(
        'parallel_function_checker_no_order:cannot_find_match',
        `Could not find a matching function among index [${considered.join(', ')}] of model output for index ${i} of possible answers.`,
        ...errors,
      );
    }
  }
  return { valid: true };
}

/** ast_checker(): dispatch on the category name as the official code does (substring tests). */
export function astCheck(category: string, docs: readonly FunctionDoc[], output: readonly DecodedCall[], expected: readonly ExpectedCall[], opts: CheckOptions): CheckResult {
  if (category.includes('parallel')) return parallelNoOrder(docs, output, expected, opts);
  if (category.includes('multiple')) {
    if (output.length !== expected.length) return bad('multiple_function_checker:wrong_count', 'Wrong number of functions.');
    return simpleFunctionChecker(findDoc(docs, expected[0]!.name), output[0]!, expected[0]!, opts);
  }
  if (output.length !== 1) return bad('simple_function_checker:wrong_count', 'Wrong number of functions.');
  if (!docs[0] || !expected[0]) throw new CheckerCrash('simple category entry without a function doc or an expected call');
  return simpleFunctionChecker(docs[0], output[0]!, expected[0], opts);
}
