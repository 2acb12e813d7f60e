// Large benchmark inputs for the bench, grown from the bundled real samples (written to temp
// folders only): distinct ids and questions, the real gold answers and databases.
import { createWriteStream, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from '../harness/paths.js';

async function writeLines(file: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  const chunk: string[] = [];
  for (let i = 0; i < count; i++) {
    chunk.push(line(i));
    if (chunk.length === 5000 || i === count - 1) {
      const ok = out.write(`${chunk.join('\n')}\n`);
      chunk.length = 0;
      if (!ok) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

interface NqRow {
  question: string;
  golds: string[];
}

let nqRows: NqRow[] | undefined;
function bundledNq(): NqRow[] {
  return (nqRows ??= readBundledNq());
}

function readBundledNq(): NqRow[] {
  const text = readFileSync(assetPath('benchmarks', 'searchqa', 'data', 'nq', 'nq_test_verl_format.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const r = JSON.parse(l) as { extra_info: { question: string; answer: string[] } };
      return { question: r.extra_info.question, golds: r.extra_info.answer };
    });
}

/**
 * `count` NQ questions as Search-R1's test.parquet rows (verl: data_source "nq", the question in the
 * prompt, `reward_model.ground_truth.target`, `extra_info.index` = the id), cycling over the 20 bundled
 * real NQ-open test rows; question i carries " (variant i)" so every question is distinct.
 */
/** The question of row i of a `writeNqVerl` file. */
export function nqVerlQuestion(i: number): string {
  const rows = bundledNq();
  return `${rows[i % rows.length]!.question} (variant ${i})`;
}

export async function writeNqVerl(file: string, count: number): Promise<void> {
  const rows = bundledNq();
  await writeLines(file, count, (i) => {
    const r = rows[i % rows.length]!;
    return JSON.stringify({
      data_source: 'nq',
      prompt: [{ role: 'user', content: nqVerlQuestion(i) }],
      ability: 'fact-reasoning',
      reward_model: { style: 'rule', ground_truth: { target: r.golds } },
      extra_info: { split: 'test', index: i },
    });
  });
}

/** A Spider layout (dev.json, tables.json, database/) whose questions are the bundled 45, `copies` times. */
export function writeSpiderCopies(dir: string, copies: number): void {
  const src = assetPath('benchmarks', 'text2sql', 'data', 'spider');
  mkdirSync(dir, { recursive: true });
  const qs = JSON.parse(readFileSync(join(src, 'questions.json'), 'utf8')) as Array<Record<string, unknown>>;
  const all = Array.from({ length: copies }, (_, k) => qs.map((q) => ({ ...q, question: k === 0 ? q.question : `${String(q.question)} (copy ${k})` }))).flat();
  writeFileSync(join(dir, 'dev.json'), JSON.stringify(all));
  writeFileSync(join(dir, 'tables.json'), readFileSync(join(src, 'tables.json')));
  symlinkSync(join(src, 'database'), join(dir, 'database'));
}

/** LocalSearchBench rows: the bundled 16, `copies` times (`_row_id` made `<id>~k`), questions made distinct. */
export async function writeLocalSearchCopies(file: string, copies: number): Promise<void> {
  const rows = readFileSync(assetPath('benchmarks', 'localsearch', 'data', 'localsearchbench_sample.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  await writeLines(file, rows.length * copies, (i) => {
    const r = rows[i % rows.length]!;
    const k = Math.floor(i / rows.length);
    return JSON.stringify(k === 0 ? r : { ...r, ...(r._row_id !== undefined ? { _row_id: `${String(r._row_id)}~${k}` } : {}), Question: `${String(r.Question)}（第${k}份）` });
  });
}
