// The per-dimension field mapping: a small JSON file (validated with ajv against
// mapping.schema.json) saying which files hold a dimension's entries and which fields hold the
// query, user context, candidate items, judged response and label. The default mapping is a
// best guess at the real data's format (its files could not be read from here); `--mapping FILE`
// replaces it without touching code.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { sha256Text } from '../../harness/datasets/fileinfo.js';
import { describeAjvErrors } from '../../harness/datasets/records.js';
import { ConfigError } from '../../harness/run/options.js';
import { DIMENSIONS, type Dimension } from './dimensions.js';
import { mappingSchemaPath, defaultMappingPath } from './paths.js';

export type Scalar = string | number | boolean;

export interface BinaryLabelSpec {
  type: 'binary';
  /** Data values meaning "yes" (compared as trimmed, lower-cased strings). */
  positive?: Scalar[];
  negative?: Scalar[];
}

export interface GradedClass {
  /** The class as the model must answer it, and as it appears in the data. */
  value: string | number;
  description?: string;
  /** Other data values meaning this class (e.g. Chinese names). */
  aliases?: Scalar[];
}

/** Ordered classes, worst first: the order is what the reward export normalises. */
export interface GradedLabelSpec {
  type: 'graded';
  classes: GradedClass[];
}

export interface RankingLabelSpec {
  type: 'ranking';
  /** `order`: item ids best first · `grades`: a relevance number per candidate · `chosen`: the one item the user picked. */
  format: 'order' | 'grades' | 'chosen';
  /** Cut-off of NDCG@k (default 10). */
  k?: number;
}

export type LabelSpec = BinaryLabelSpec | GradedLabelSpec | RankingLabelSpec;

export interface SourceFields {
  id?: string;
  query?: string;
  context?: string;
  items?: string;
  itemId?: string;
  itemText?: string;
  response?: string;
  label: string;
}

export interface SourceMapping {
  name: string;
  files: string[];
  arrayKey?: string;
  fields: SourceFields;
  label: LabelSpec;
}

export interface Mapping {
  format: 'recrm-mapping/1';
  description?: string;
  dimensions: Partial<Record<Dimension, { sources: SourceMapping[] }>>;
}

export interface LoadedMapping {
  mapping: Mapping;
  /** `default` or the file's base name (the full path would tie the fingerprint to one machine). */
  name: string;
  path: string;
  sha256: string;
}

/** Fields that carry the entry's content (at least one must be mapped). */
export const CONTENT_FIELDS = ['query', 'context', 'items', 'response'] as const;

export const DEFAULT_POSITIVE: Scalar[] = [1, true, 'yes', 'y', 'true', 'positive', 'pos', 'correct', '是', '符合', '一致', '相关'];
export const DEFAULT_NEGATIVE: Scalar[] = [0, false, 'no', 'n', 'false', 'negative', 'neg', 'incorrect', '否', '不符合', '不一致', '不相关'];

let validator: ValidateFunction | undefined;

function validate(value: unknown): string | null {
  if (!validator) {
    const schema = JSON.parse(readFileSync(mappingSchemaPath(), 'utf8')) as object;
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  if (validator(value)) return null;
  const errors = validator.errors ?? [];
  // ajv reports a bad key as "property name must be valid" plus an enum error without the key: name it.
  const badKeys = errors
    .filter((e) => e.keyword === 'propertyNames')
    .map((e) => `field ${e.instancePath}: unknown dimension "${String((e.params as { propertyName?: string }).propertyName)}" (known: ${DIMENSIONS.join(', ')})`);
  const rest = describeAjvErrors(errors.filter((e) => e.keyword !== 'propertyNames' && e.keyword !== 'if' && e.propertyName === undefined));
  return [...badKeys, ...(rest === 'invalid record' ? [] : [rest])].join('; ');
}

/** Checks the schema cannot express; each message names the offending place. */
function semanticErrors(m: Mapping): string[] {
  const errs: string[] = [];
  for (const [dim, d] of Object.entries(m.dimensions)) {
    const names = new Set<string>();
    d?.sources.forEach((s, i) => {
      const at = `/dimensions/${dim}/sources/${i}`;
      if (names.has(s.name)) errs.push(`${at}/name: "${s.name}" is used twice in ${dim}`);
      names.add(s.name);
      if (!CONTENT_FIELDS.some((f) => s.fields[f] !== undefined)) {
        errs.push(`${at}/fields: map at least one of ${CONTENT_FIELDS.join(', ')}`);
      }
      if ((s.fields.itemId || s.fields.itemText) && !s.fields.items) errs.push(`${at}/fields: itemId/itemText need items`);
      if (s.label.type === 'ranking' && !s.fields.items) errs.push(`${at}/fields/items: a ranking label needs the candidate items`);
      if (s.label.type === 'graded') {
        const seen = new Set<string>();
        for (const c of s.label.classes) {
          const key = String(c.value).trim().toLowerCase();
          if (seen.has(key)) errs.push(`${at}/label/classes: value "${c.value}" appears twice`);
          seen.add(key);
        }
      }
    });
  }
  return errs;
}

/** Parse and validate mapping text; throws ConfigError naming the file and every problem. */
export function parseMapping(text: string, where: string): Mapping {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError(`mapping ${where}: malformed JSON: ${(err as Error).message}`);
  }
  const schemaErr = validate(value);
  if (schemaErr) throw new ConfigError(`mapping ${where} is invalid: ${schemaErr}`);
  const m = value as Mapping;
  const errs = semanticErrors(m);
  if (errs.length) throw new ConfigError(`mapping ${where} is invalid: ${errs.join('; ')}`);
  return m;
}

/** The mapping of `--mapping FILE`, or the bundled default. */
export function loadMapping(file?: string): LoadedMapping {
  const path = file ? resolve(file) : defaultMappingPath();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`--mapping ${file ?? path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return { mapping: parseMapping(text, path), name: file ? basename(path) : 'default', path, sha256: sha256Text(text) };
}
