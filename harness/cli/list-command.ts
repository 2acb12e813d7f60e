// `agenteval list`: one line per benchmark (as `lm_eval --tasks list`), and `agenteval list <name>`
// for one benchmark's details (data sources, solvers, options, sizes per split, notes). Families
// that are not covered are named too, so a user learns what is missing before trying it.
// describe() lives with each benchmark: the action loads their modules (`list <name>` only that one).
import type { Command } from 'commander';
import { benchmarkNames, loadBenchmark } from '../registry.js';
import type { TableFormat } from '../report/render.js';
import type { wrapText as WrapText } from '../report/fit.js';
import type { Benchmark, BenchmarkInfo } from '../types.js';
import { EXIT, exitWith } from './exit.js';

/** Benchmark families people ask for that agenteval does not run (yet), and what is missing. */
export const NOT_COVERED: ReadonlyArray<{ name: string; aliases: string[]; note: string }> = [
  {
    name: 'bfcl-multi-turn',
    aliases: ['bfcl-multi-turn', 'multi_turn_base', 'multi-turn', 'bfcl-agentic'],
    note: 'BFCL multi-turn and agentic categories (multi_turn_base and its variants, web search, memory): not supported — they need the stateful API simulators (file system, messaging, trading, travel, vehicle, tickets) and the state-based checker; `bfcl` runs the 11 single-turn categories',
  },
  {
    name: 'gsm8k',
    aliases: ['gsm8k', 'gsm-8k'],
    note: 'GSM8K: no preset benchmark — run it with the generic `math` benchmark (`--data` a JSONL/Parquet of problem/answer rows, `--problem-field`/`--answer-field`)',
  },
  {
    name: 'spider2',
    aliases: ['spider2', 'spider-2', 'spider2-lite', 'spider2-snow'],
    note: 'Spider 2.0: not supported — needs cloud warehouses (BigQuery, Snowflake); only Spider 1.0 and BIRD run here',
  },
];

/** "Spider 1.0 (Yu et al., 2018): cross-domain …" → "Spider 1.0". */
export function shortTitle(title: string): string {
  return title.split(/\s*[:(]/)[0]!.trim() || title;
}

function shortSizes(sizes: Record<string, number> | undefined): string {
  const entries = Object.entries(sizes ?? {});
  return entries.length ? entries.map(([k, v]) => `${k} ${v}`).join(', ') : '–';
}

function compactRows(infos: readonly BenchmarkInfo[]): string[][] {
  return infos.map((i) => [i.name, shortTitle(i.title), i.metrics.join(', '), shortSizes(i.sizes)]);
}

function details(b: Benchmark, wrapText: typeof WrapText): string {
  const i = b.describe();
  const lines = [`${i.name} — ${i.title}`, ''];
  const section = (title: string, items: readonly string[]) => {
    if (!items.length) return;
    lines.push(`${title}:`);
    for (const item of items) lines.push(...wrapText(`  ${item}`, undefined, '      '));
  };
  section('metrics', [i.metrics.join(', ')]);
  section('sizes (full benchmark)', Object.entries(i.sizes ?? {}).map(([k, v]) => `${k}: ${v}`));
  section('data sources', i.dataSources);
  section('solvers / protocols', i.solvers);
  section('options (agenteval run)', (b.options ?? []).map((o) => `${o.flags}  ${o.description}${o.default !== undefined ? ` (default ${String(o.default)})` : ''}`));
  if (i.notes) section('notes', [i.notes]);
  return lines.join('\n');
}

/** Word-wrap to `width` columns, indented by two spaces (continuation lines by four), so notes fit 120 columns. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `  ${l}`).join('\n');
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list benchmarks, one line each; `list <name>` shows one benchmark in detail')
    .argument('[name]', 'a benchmark to describe: data sources, solvers, options, sizes per split, notes')
    .option('--format <format>', 'table | md | csv | json', 'table')
    .addHelpText('after', '\nExamples:\n  agenteval list\n  agenteval list spider\n  agenteval list --format json')
    .action(async (name: string | undefined, o: { format: string }) => {
      if (!['table', 'md', 'csv', 'json'].includes(o.format)) exitWith(EXIT.usage, new Error('--format must be one of table, md, csv, json'));
      const [{ renderTabular }, { wrapText }] = await Promise.all([import('../report/render.js'), import('../report/fit.js')]);
      if (name !== undefined) {
        const b = await loadBenchmark(name);
        if (!b) {
          const missing = NOT_COVERED.find((f) => f.aliases.includes(name.toLowerCase()));
          if (missing) exitWith(EXIT.usage, new Error(missing.note));
          exitWith(EXIT.usage, new Error(`unknown benchmark "${name}"; known: ${benchmarkNames().join(', ')}`));
        }
        if (o.format === 'json') process.stdout.write(`${JSON.stringify({ ...b.describe(), options: b.options ?? [] }, null, 2)}\n`);
        else process.stdout.write(`${details(b, wrapText)}\n`);
        return;
      }
      const infos = (await import('../all-benchmarks.js')).benchmarks().map((b) => b.describe());
      if (o.format === 'json') {
        // An array of BenchmarkInfo, as before; `not_covered` is in the table's footer and `list <name>`.
        process.stdout.write(`${JSON.stringify(infos, null, 2)}\n`);
        return;
      }
      const table = {
        headers: ['name', 'benchmark', 'metrics', 'sizes'],
        rows: compactRows(infos),
        hints: { min: [undefined, 12, 16, 14] },
      };
      const lines = [renderTabular(table, o.format as TableFormat)];
      if (o.format !== 'csv') {
        lines.push('', 'Details: agenteval list <name>. Not covered:');
        for (const f of NOT_COVERED) lines.push(...wrapText(`- ${f.note}`));
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
