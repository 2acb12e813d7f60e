import type { Command } from 'commander';
import { benchmarks } from '../registry.js';
import { renderTabular, type TableFormat } from '../report/render.js';

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
    .description('list benchmarks with their sizes, metrics, solvers and data sources')
    .option('--format <format>', 'table | md | csv | json', 'table')
    .action((o: { format: string }) => {
      const infos = benchmarks().map((b) => b.describe());
      if (o.format === 'json') {
        process.stdout.write(`${JSON.stringify(infos, null, 2)}\n`);
        return;
      }
      const rows = infos.map((i) => [
        i.name,
        i.title,
        Object.entries(i.sizes ?? {})
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ') || '–',
        i.metrics.join(', '),
        i.solvers.join(', '),
        i.dataSources.join('\n'),
      ]);
      const table = { headers: ['name', 'benchmark', 'samples', 'metrics', 'solvers', 'data'], rows };
      process.stdout.write(`${renderTabular(table, o.format as TableFormat)}\n`);
      const notes = infos.filter((i) => i.notes);
      if (notes.length && o.format === 'table') process.stdout.write(`\nnotes:\n${notes.map((i) => wrap(`${i.name}: ${i.notes}`, 116)).join('\n')}\n`);
    });
}
