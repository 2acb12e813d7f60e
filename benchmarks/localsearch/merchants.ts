// Merchant records. LocalSearchBench's 1.35M-merchant database is not public; the only merchant
// data released is the evidence inside each task's `Multi-hop search path`:
//   第一跳: 搜索"<query>"\n得到的信息：<name>（<address>，评分4.8，价格￥600-￥1200，24小时营业，<tags>）；…
// (blocks joined by a blank line). This module parses those strings into structured records with the
// field names of a real LocalRAG result (evaluation/rag_agent.py `_build_context`: name, id/poi_id,
// category, address, district, business_area, business_hours, rating, price_range, tags, …).
// Derived fields are marked as such in data/README.md; nothing is invented beyond them.
import { createHash } from 'node:crypto';

/** One merchant, in LocalRAG's field names (all but poi_id and name optional). */
export interface Merchant {
  poi_id: string;
  name: string;
  city?: string;
  category?: string;
  subcategory?: string;
  address?: string;
  district?: string;
  business_area?: string;
  business_hours?: string;
  rating?: number;
  avg_price?: number | string;
  /** For parsed records: the price segment as printed, label included, e.g. `人均￥80-150`. */
  price_range?: string;
  specialties?: string;
  tags?: string | string[];
  description?: string;
  facilities?: string;
  promotions?: string;
  phone?: string;
  /** Parsed records: the hop queries that returned this merchant (indexed, never shown to the model). */
  source_queries?: string[];
  /** Parsed records: the task rows whose search path holds this merchant. */
  source_rows?: string[];
}

export interface ParsedHop {
  /** 1-based hop number (position in the path). */
  hop: number;
  query: string;
  merchants: ParsedMerchant[];
}

export interface ParsedMerchant {
  name: string;
  address?: string;
  rating?: number;
  price_range?: string;
  business_hours?: string;
  tags: string[];
}

const OPEN = new Set(['（', '(']);
const CLOSE = new Set(['）', ')']);

/** Split at separators outside any parentheses (full-width or ASCII). */
function splitTopLevel(text: string, seps: readonly string[]): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (OPEN.has(ch)) depth++;
    else if (CLOSE.has(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && seps.includes(ch)) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** `名称（详情）`: the details are the trailing full-width group; the name keeps earlier groups (`森友口腔（…分院）`). */
function splitNameDetails(item: string): { name: string; details: string | null } {
  const text = item.trim().replace(/[。.]$/, '');
  if (!text.endsWith('）')) return { name: text, details: null };
  let depth = 0;
  const chars = Array.from(text);
  for (let i = chars.length - 1; i >= 0; i--) {
    const ch = chars[i]!;
    if (ch === '）') depth++;
    else if (ch === '（') {
      depth--;
      if (depth === 0) {
        const name = chars.slice(0, i).join('').trim();
        if (name === '') return { name: text, details: null };
        return { name, details: chars.slice(i + 1, -1).join('') };
      }
    }
  }
  return { name: text, details: null };
}

/** The comma-separated details: address first, then 评分…, 人均…/价格…, 营业…/24小时营业, then tags. */
export function parseMerchantItem(item: string): ParsedMerchant | null {
  const { name, details } = splitNameDetails(item);
  if (name === '') return null;
  const m: ParsedMerchant = { name, tags: [] };
  if (details === null) return m;
  splitTopLevel(details, ['，', ',']).forEach((seg, i) => {
    const rating = /^评分\s*[:：]?\s*(\d+(?:\.\d+)?)/.exec(seg);
    if (rating && m.rating === undefined) m.rating = Number(rating[1]);
    else if (/^(人均|价格)/.test(seg) && m.price_range === undefined) m.price_range = seg;
    else if (/^营业/.test(seg) || /^24小时营业$/.test(seg)) {
      if (m.business_hours === undefined) m.business_hours = seg === '24小时营业' ? seg : seg.replace(/^营业\s*[:：]?\s*/, '');
    } else if (i === 0) m.address = seg;
    else m.tags.push(seg);
  });
  return m;
}

const HOP_HEAD = /^第\s*([^跳\s]+)\s*跳\s*[:：]\s*搜索\s*["“”]?(.*?)["“”]?\s*$/;

/** Every hop of a `Multi-hop search path`; lines that are not part of a hop are ignored. */
export function parseSearchPath(path: string): ParsedHop[] {
  const hops: ParsedHop[] = [];
  for (const block of path.split(/\n\s*\n/)) {
    const lines = block.trim().split('\n');
    const head = HOP_HEAD.exec(lines[0]?.trim() ?? '');
    if (!head) continue;
    const rest = lines.slice(1).join('\n').trim().replace(/^得到的信息\s*[:：]\s*/, '');
    const merchants = splitTopLevel(rest, ['；', ';'])
      .map(parseMerchantItem)
      .filter((x): x is ParsedMerchant => x !== null);
    hops.push({ hop: hops.length + 1, query: (head[2] ?? '').trim(), merchants });
  }
  return hops;
}

/** Stable id for a parsed merchant: the same (city, name, address) always gets the same poi_id. */
export function poiId(city: string, name: string, address: string): string {
  return `poi_${createHash('sha256').update(`${city}\u0000${name}\u0000${address}`).digest('hex').slice(0, 12)}`;
}

const DISTRICT = /^(?:[\u4e00-\u9fa5]{2,3}市)?([\u4e00-\u9fa5]{1,4}?区)/;

/** Fields the hop query implies: `西单附近有哪些酒店` → area 西单, category 酒店; `拱墅区牙科` → district 拱墅区, category 牙科. */
export function queryFacets(query: string): { district?: string; business_area?: string; category?: string } {
  const out: { district?: string; business_area?: string; category?: string } = {};
  const near = /^(.+?)附近有哪些(.+)$/.exec(query);
  if (near) {
    const place = near[1]!.trim();
    if (/区$/.test(place)) out.district = place;
    else out.business_area = place;
    out.category = near[2]!.trim();
    return out;
  }
  const d = DISTRICT.exec(query);
  if (d && query.length > d[0].length) {
    out.district = d[1]!;
    out.category = query.slice(d[0].length).trim();
  }
  return out;
}

export interface PathRow {
  id: string;
  city: string | null;
  searchPath: string;
}

/**
 * Merchant records from the search paths of task rows, deduplicated by (city, name, address): the
 * first occurrence gives the scalar fields; tags, source queries and rows are merged in order.
 */
export function merchantsFromRows(rows: readonly PathRow[]): Merchant[] {
  const byKey = new Map<string, Merchant & { tagList: string[] }>();
  for (const row of rows) {
    const city = row.city ?? '';
    for (const hop of parseSearchPath(row.searchPath)) {
      const facets = queryFacets(hop.query);
      for (const p of hop.merchants) {
        const address = p.address ?? '';
        const key = `${city}\u0000${p.name}\u0000${address}`;
        let m = byKey.get(key);
        if (!m) {
          const district = DISTRICT.exec(address)?.[1] ?? facets.district;
          m = { poi_id: poiId(city, p.name, address), name: p.name, tagList: [], source_queries: [], source_rows: [] };
          if (city) m.city = city;
          if (facets.category) m.category = facets.category;
          if (p.address !== undefined) m.address = p.address;
          if (district) m.district = district;
          if (facets.business_area) m.business_area = facets.business_area;
          if (p.business_hours !== undefined) m.business_hours = p.business_hours;
          if (p.rating !== undefined) m.rating = p.rating;
          if (p.price_range !== undefined) m.price_range = p.price_range;
          byKey.set(key, m);
        }
        for (const t of p.tags) if (!m.tagList.includes(t)) m.tagList.push(t);
        if (!m.source_queries!.includes(hop.query)) m.source_queries!.push(hop.query);
        if (!m.source_rows!.includes(row.id)) m.source_rows!.push(row.id);
      }
    }
  }
  return [...byKey.values()].map(({ tagList, ...m }) => ({ ...m, ...(tagList.length ? { tags: tagList.join('，') } : {}) }));
}

/** Key order of the bundled JSONL (stable, readable). */
const FIELD_ORDER: (keyof Merchant)[] = [
  'poi_id', 'name', 'city', 'category', 'subcategory', 'address', 'district', 'business_area', 'business_hours',
  'rating', 'avg_price', 'price_range', 'specialties', 'tags', 'description', 'facilities', 'promotions', 'phone',
  'source_queries', 'source_rows',
];

export function merchantsJsonl(merchants: readonly Merchant[]): string {
  return merchants
    .map((m) => {
      const o: Record<string, unknown> = {};
      for (const k of FIELD_ORDER) if (m[k] !== undefined) o[k] = m[k];
      return JSON.stringify(o);
    })
    .join('\n') + (merchants.length ? '\n' : '');
}

const STR = { type: 'string' };
/** A line of a `--merchants` file: LocalRAG-style fields; `poi_id` (or `id`) optional, `name` required. */
export const MERCHANT_SCHEMA = {
  type: 'object',
  required: ['name'],
  properties: {
    poi_id: { type: ['string', 'number'] },
    id: { type: ['string', 'number'] },
    name: { type: 'string', minLength: 1 },
    city: STR, category: STR, subcategory: STR, address: STR, district: STR, business_area: STR, business_hours: STR,
    rating: { type: ['number', 'string'] },
    avg_price: { type: ['number', 'string'] },
    price_range: STR, specialties: { type: ['string', 'array'] }, tags: { type: ['string', 'array'] },
    description: STR, facilities: { type: ['string', 'array'] }, promotions: { type: ['string', 'array'] }, phone: STR,
    source_queries: { type: 'array', items: STR },
  },
};
