// `--export-rewards FILE`: the evaluated model as a multi-dimensional reward. One JSONL line per
// entry (and sample index) with the reward the model's verdict gives it on its dimension, so an RL
// pipeline can join the lines by id. Written to a temp file and renamed: readers never see half.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { compareIds } from '../../harness/summary/ids.js';
import type { Json, JsonObject, SampleRecord } from '../../harness/types.js';

export interface RewardLine {
  id: string;
  sample: number;
  dimension: string | null;
  task: string | null;
  /** The entry's reward in [0, 1] (binary: P(yes) or the verdict; graded: grade / (classes − 1)); null for rankings and errors. */
  reward: number | null;
  /** The same reward keyed by dimension, for merging lines into reward vectors. */
  rewards: Record<string, number | null>;
  /** Rankings: item id → reward (1 for the model's first item … 0 for its last). */
  item_rewards?: JsonObject;
  label: Json;
  verdict: Json;
  score: Json;
  correct: boolean | null;
  error: string | null;
}

export function rewardLine(r: SampleRecord): RewardLine {
  const x = r.extra ?? {};
  const dimension = typeof x.dimension === 'string' ? x.dimension : (r.groups?.dimension ?? null);
  const task = typeof x.task === 'string' ? x.task : (r.groups?.task ?? null);
  const ok = r.error === null;
  const reward = ok && typeof x.reward === 'number' ? x.reward : null;
  const line: RewardLine = {
    id: r.id,
    sample: r.sample,
    dimension,
    task,
    reward,
    rewards: dimension ? { [dimension]: reward } : {},
    label: ok ? (x.label ?? null) : null,
    verdict: ok ? (x.verdict ?? null) : null,
    score: ok ? (x.score ?? null) : null,
    correct: ok && typeof x.correct === 'boolean' ? x.correct : null,
    error: r.error,
  };
  if (ok && x.item_rewards && typeof x.item_rewards === 'object' && !Array.isArray(x.item_rewards)) line.item_rewards = x.item_rewards;
  return line;
}

/**
 * Write the export; returns the number of lines. Records stream in (the run's samples.jsonl);
 * only the short reward lines are held, to write them in id order.
 */
export async function writeRewardExport(records: AsyncIterable<SampleRecord> | Iterable<SampleRecord>, file: string): Promise<number> {
  const path = resolve(file);
  const rows: Array<{ id: string; sample: number; line: string }> = [];
  for await (const r of records) rows.push({ id: r.id, sample: r.sample, line: JSON.stringify(rewardLine(r)) });
  const lines = rows.sort((a, b) => compareIds(a.id, b.id) || a.sample - b.sample).map((x) => x.line);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, lines.length ? `${lines.join('\n')}\n` : '');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return lines.length;
}
