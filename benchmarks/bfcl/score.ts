// Per-entry score: `acc` 1/0 from the official semantics; on failure `extra` carries the checker's
// error type and message; the decoded calls are kept either way (fc-mode names mapped back to the
// documented dotted names for reading — the check itself compares underscored names, as BFCL does).
import type { Episode, Json, JsonObject, ScoreResult } from '../../harness/types.js';
import { decodedJson, evaluate, type BfclMode } from '../../scorers/bfcl/evaluate.js';
import { CheckerCrash } from '../../scorers/bfcl/ast-checker.js';
import type { BfclSample } from './entry.js';
import { fcName } from './tools.js';
import { dictGetStr } from '../../scorers/bfcl/py-value.js';

function dottedNames(sample: BfclSample): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of sample.functions) {
    const n = f.t === 'dict' ? dictGetStr(f, 'name') : undefined;
    if (n && n.t === 'str' && n.v.includes('.')) m.set(fcName(n.v), n.v);
  }
  return m;
}

function renamed(decoded: Json, names: Map<string, string>): Json {
  if (!Array.isArray(decoded) || names.size === 0) return decoded;
  return decoded.map((c) => {
    if (!c || typeof c !== 'object' || Array.isArray(c)) return c;
    const [[name, args]] = Object.entries(c) as [[string, Json]];
    return { [names.get(name) ?? name]: args };
  });
}

export function scoreEntry(sample: BfclSample, episode: Episode, mode: BfclMode): ScoreResult {
  let verdict;
  try {
    verdict = evaluate({ category: sample.category, docs: sample.docs, expected: sample.expected }, mode, episode.output, episode.toolCalls ?? []);
  } catch (err) {
    // The official checker would raise on this entry: an error record, never a silent 0.
    if (err instanceof CheckerCrash) throw new Error(`official checker would crash on ${sample.id}: ${err.message}`);
    throw err;
  }
  const decoded = decodedJson(verdict.decoded);
  const extra: JsonObject = { category: sample.category, decoded: mode === 'fc' ? renamed(decoded, dottedNames(sample)) : decoded };
  if (!verdict.result.valid) {
    extra.error_type = verdict.result.errorType;
    extra.error = verdict.result.error;
  }
  return { scores: { acc: verdict.result.valid ? 1 : 0 }, extra };
}
