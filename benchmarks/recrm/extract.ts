// One dataset record → one RecRM sample, through the mapping. The first record of every file is
// checked strictly: a field the mapping names but the record lacks is a mapping error, thrown
// at once with the fields that do exist. Later records that lack a field become data issues.
import { ConfigError } from '../../harness/run/options.js';
import type { Sample } from '../../harness/types.js';
import type { Dimension } from './dimensions.js';
import { resolvePath, toText } from './fields.js';
import { goldFromData, type Gold, type Result } from './labels.js';
import type { LabelSpec, SourceFields, SourceMapping } from './mapping.js';

export interface RecItem {
  id: string;
  text: string;
}

export interface RecSample extends Sample {
  dimension: Dimension;
  /** The mapping source the entry came from (e.g. `behavior`, `item-ranking`). */
  task: string;
  query: string;
  context: string;
  items: RecItem[];
  response: string;
  gold: Gold;
  label: LabelSpec;
}

export class MappingError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

export interface SourceContext {
  dimension: Dimension;
  source: SourceMapping;
  /** Dataset-relative file name, for messages. */
  file: string;
  /** Prefix that keeps ids unique when a dimension has several sources or a source several files. */
  idPrefix: string;
  /** Ids come from `fields.id` (decided on the file's first record) or from positions. */
  idFromField: boolean;
}

const TEXT_FIELDS = ['query', 'context', 'response'] as const;

function missingMessage(field: keyof SourceFields, path: string, r: { at: string; missing: string; available: string[] }): string {
  const where = r.at ? `"${r.at}" has no "${r.missing}"` : `the record has no "${r.missing}"`;
  return `field "${field}" is mapped to "${path}", but ${where}; fields that exist${r.at ? ` at "${r.at}"` : ''}: ${r.available.join(', ')}`;
}

function get(record: unknown, field: keyof SourceFields, path: string): Result<unknown> {
  const r = resolvePath(record, path);
  return r.found ? { ok: true, value: r.value } : { ok: false, message: missingMessage(field, path, r) };
}

function items(record: unknown, f: SourceFields): Result<RecItem[]> {
  if (!f.items) return { ok: true, value: [] };
  const got = get(record, 'items', f.items);
  if (!got.ok) return got;
  const raw = got.value;
  const list = Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw];
  const out: RecItem[] = [];
  for (const [i, el] of list.entries()) {
    let id = String(i + 1);
    if (f.itemId) {
      const r = resolvePath(el, f.itemId);
      if (!r.found) return { ok: false, message: `item ${i} of "${f.items}": ${missingMessage('itemId', f.itemId, r)}` };
      id = String(r.value).trim();
    }
    let text = toText(el);
    if (f.itemText) {
      const r = resolvePath(el, f.itemText);
      if (!r.found) return { ok: false, message: `item ${i} of "${f.items}": ${missingMessage('itemText', f.itemText, r)}` };
      text = toText(r.value);
    }
    out.push({ id, text });
  }
  const ids = out.map((x) => x.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) return { ok: false, message: `two candidate items share the id "${dup}"` };
  return { ok: true, value: out };
}

/** Turn one record into a sample, or say why it cannot be one. */
export function extractSample(ctx: SourceContext, record: unknown, index: number): Result<RecSample> {
  const f = ctx.source.fields;
  const text: Record<(typeof TEXT_FIELDS)[number], string> = { query: '', context: '', response: '' };
  for (const name of TEXT_FIELDS) {
    const path = f[name];
    if (path === undefined) continue;
    const r = get(record, name, path);
    if (!r.ok) return r;
    text[name] = toText(r.value);
  }
  const its = items(record, f);
  if (!its.ok) return its;
  const spec = ctx.source.label;
  if (spec.type === 'ranking' && its.value.length < 2) return { ok: false, message: `a ranking entry needs at least 2 candidate items, found ${its.value.length}` };
  const rawLabel = get(record, 'label', f.label);
  if (!rawLabel.ok) return rawLabel;
  const gold = goldFromData(spec, rawLabel.value, its.value.map((x) => x.id));
  if (!gold.ok) return { ok: false, message: `field "label" ("${f.label}"): ${gold.message}` };

  let entryId = String(index);
  if (ctx.idFromField && f.id) {
    const r = get(record, 'id', f.id);
    if (!r.ok) return r;
    if (r.value === null || typeof r.value === 'object' || String(r.value).trim() === '') return { ok: false, message: `field "id" ("${f.id}") is empty or not a scalar` };
    entryId = String(r.value).trim();
  }
  return {
    ok: true,
    value: {
      id: `${ctx.dimension}/${ctx.idPrefix}${entryId}`,
      groups: { dimension: ctx.dimension, task: ctx.source.name },
      dimension: ctx.dimension,
      task: ctx.source.name,
      ...text,
      items: its.value,
      gold: gold.value,
      label: spec,
    },
  };
}

/**
 * The strict check of a file's first record: every mapped field must exist and the label must
 * read. Returns whether ids come from `fields.id` (a mapped id the record lacks falls back to
 * positions for the whole file, with a note, rather than failing: ids are not results).
 */
export function checkFirstRecord(ctx: Omit<SourceContext, 'idFromField'>, record: unknown, where: string): { idFromField: boolean; note?: string } {
  const head = `mapping error in ${ctx.dimension} (source "${ctx.source.name}"), ${ctx.file} ${where}`;
  let idFromField = false;
  let note: string | undefined;
  if (ctx.source.fields.id) {
    const r = resolvePath(record, ctx.source.fields.id);
    idFromField = r.found;
    if (!r.found) note = `${ctx.file}: ${missingMessage('id', ctx.source.fields.id, r)} — using record positions as ids`;
  }
  const got = extractSample({ ...ctx, idFromField }, record, 0);
  if (!got.ok) {
    throw new MappingError(`${head}: ${got.message}. Fix the mapping (--mapping FILE; see benchmarks/recrm/README.md).`);
  }
  return { idFromField, ...(note ? { note } : {}) };
}
