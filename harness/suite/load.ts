// Reading a suite file: YAML → ajv schema check → cross-field checks (endpoints exist, names are
// unique, benchmarks and their options are known). Every problem is reported with the file, line
// and column it comes from, all at once, so a suite is fixed in one pass.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../run/options.js';
import type { Benchmark } from '../types.js';
import { SUITE_SCHEMA, type Suite } from './schema.js';
import { benchmarkOptionNames, benchmarkOptionValues } from './options.js';

export class SuiteError extends ConfigError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid suite:\n  ${problems.join('\n  ')}`);
    this.name = 'SuiteError';
  }
}

type Path = Array<string | number>;

interface Located {
  path: Path;
  message: string;
  /** Point at the key `key` inside the node at `path` (an unknown property). */
  key?: string;
}

let compiled: ReturnType<Ajv['compile']> | undefined;
function validator(): ReturnType<Ajv['compile']> {
  // verbose: ajv then hands back the failing schema, whose $comment words a oneOf for humans.
  return (compiled ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(SUITE_SCHEMA));
}

function pathOf(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function showPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out || '(top level)';
}

/** ajv errors → located problems, one per path; oneOf branch noise collapses into one sentence. */
function fromAjv(errors: readonly ErrorObject[]): Located[] {
  const oneOfAt = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const out: Located[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const path = pathOf(e.instancePath);
    let loc: Located;
    if (e.keyword === 'oneOf') {
      const text = (e.parentSchema as { $comment?: string } | undefined)?.$comment ?? 'has the wrong type or value';
      loc = { path, message: `${showPath(path)} must be ${text}` };
    } else if (oneOfAt.has(e.instancePath) || e.keyword === 'if') {
      continue;
    } else if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      loc = { path, key, message: `unknown key "${key}" in ${showPath(path)}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}` };
    } else if (e.keyword === 'required') {
      loc = { path, message: `${showPath(path)} needs "${String((e.params as { missingProperty: string }).missingProperty)}"` };
    } else if (e.keyword === 'enum') {
      loc = { path, message: `${showPath(path)} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}` };
    } else if (e.keyword === 'propertyNames') {
      continue; // reported again below with the offending name
    } else if (e.keyword === 'pattern' && path.length > 0 && e.propertyName === undefined) {
      loc = { path, message: `${showPath(path)} ${e.message ?? 'is invalid'}${namingHint(path)}` };
    } else {
      const where = e.propertyName !== undefined ? `${showPath(path)} key "${e.propertyName}"` : showPath(path);
      loc = { path, ...(e.propertyName !== undefined ? { key: e.propertyName } : {}), message: `${where} ${e.message ?? 'is invalid'}` };
    }
    const id = `${showPath(loc.path)}\u0000${loc.key ?? ''}\u0000${loc.message}`;
    if (!seen.has(id)) out.push(loc);
    seen.add(id);
  }
  return out;
}

function namingHint(path: Path): string {
  const last = path[path.length - 1];
  if (last === 'name' || last === 'label') return ' (letters, digits, ".", "_" and "-": it names a folder)';
  if (last === 'spec') return ' (openai:<model>, oracle or replay:<file.jsonl>)';
  return '';
}

function lineOf(doc: Document, lc: LineCounter, loc: Located): string {
  // Walk down as far as the path exists: a missing key is reported at its parent.
  let path = loc.path;
  let node: unknown;
  for (;;) {
    node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (node || path.length === 0) break;
    path = path.slice(0, -1);
  }
  if (loc.key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === loc.key);
    if (pair && isScalar(pair.key)) node = pair.key;
  }
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) return '';
  const { line, col } = lc.linePos(range[0]);
  return `line ${line}, col ${col}`;
}

/** Cross-field checks the schema cannot express. */
function semantic(suite: Suite, lookup: (name: string) => Benchmark | undefined): Located[] {
  const out: Located[] = [];
  const endpoints = suite.endpoints ?? {};
  const models = new Set<string>();
  suite.models.forEach((m, i) => {
    if (models.has(m.name)) out.push({ path: ['models', i, 'name'], message: `model name "${m.name}" is used twice (it names the run folders)` });
    models.add(m.name);
    const openai = m.spec.startsWith('openai:');
    if (openai && m.endpoint === undefined) {
      out.push({ path: ['models', i], message: `models[${i}] (${m.spec}) needs "endpoint": one of ${Object.keys(endpoints).join(', ') || '(none defined under endpoints:)'}` });
    } else if (!openai && m.endpoint !== undefined) {
      out.push({ path: ['models', i, 'endpoint'], message: `models[${i}].endpoint: only openai: models use an endpoint (${m.spec} does not)` });
    } else if (m.endpoint !== undefined && !(m.endpoint in endpoints)) {
      out.push({ path: ['models', i, 'endpoint'], message: `models[${i}].endpoint "${m.endpoint}" is not defined under endpoints: (defined: ${Object.keys(endpoints).join(', ') || 'none'})` });
    }
  });
  const labels = new Set<string>();
  suite.benchmarks.forEach((b, i) => {
    const label = b.label ?? b.name;
    if (labels.has(label)) out.push({ path: ['benchmarks', i], message: `benchmark "${label}" appears twice: give one a distinct "label" (it names the run folder)` });
    labels.add(label);
    const bench = lookup(b.name);
    if (!bench) {
      out.push({ path: ['benchmarks', i, 'name'], message: `unknown benchmark "${b.name}" (see \`agenteval list\`)` });
      return;
    }
    const known = benchmarkOptionNames(bench);
    for (const key of Object.keys(b.options ?? {})) {
      if (!known.has(key)) {
        out.push({ path: ['benchmarks', i, 'options'], key, message: `benchmark ${b.name} has no option "${key}" (its options: ${[...known.keys()].filter((k) => !k.includes('_') && !/[A-Z]/.test(k)).join(', ') || 'none'})` });
        continue;
      }
      // Types and choices, as `agenteval run` would refuse them.
      try {
        benchmarkOptionValues(bench, { [key]: b.options![key]! }, undefined);
      } catch (err) {
        out.push({ path: ['benchmarks', i, 'options', key], message: err instanceof Error ? err.message : String(err) });
      }
    }
  });
  return out;
}

/** Parse and validate suite text; throws a SuiteError listing every problem with its line. */
export function parseSuite(text: string, file: string, lookup: (name: string) => Benchmark | undefined): Suite {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const problems = doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
      return `${pos ? `line ${pos.line}, col ${pos.col}: ` : ''}${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
    });
    throw new SuiteError(file, problems);
  }
  const value: unknown = doc.toJS();
  const validate = validator();
  let located: Located[];
  if (!validate(value)) located = fromAjv(validate.errors ?? []);
  else located = semantic(value as Suite, lookup);
  if (located.length) {
    throw new SuiteError(
      file,
      located.map((l) => {
        const line = lineOf(doc, lc, l);
        return line ? `${line}: ${l.message}` : l.message;
      }),
    );
  }
  return value as Suite;
}

export function loadSuiteFile(file: string, lookup: (name: string) => Benchmark | undefined): Suite {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read suite ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseSuite(text, file, lookup);
}
