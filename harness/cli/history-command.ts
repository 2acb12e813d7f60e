// `agenteval history`: a metric over time per model, from the history database every run is
// indexed into; `agenteval history index <dirs...>` (re)indexes existing run folders.
// SQLite and the report modules are imported by the actions, not when the command is defined.
import type { Command } from 'commander';
import { defaultHistoryPath } from '../history/location.js';
import type { TableFormat } from '../report/render.js';
import { EXIT, codeFor, exitWith } from './exit.js';

interface HistoryFlags {
  history?: string;
  resultsDir: string;
  benchmark?: string;
  metric?: string;
  model?: string;
  format: string;
}

const FORMATS = ['table', 'md', 'csv', 'json'];

function dbPath(o: { history?: string; resultsDir: string }): string {
  return o.history ?? defaultHistoryPath(o.resultsDir);
}

export function registerHistory(program: Command): void {
  const history = program
    .command('history')
    .description('a metric over time per model, from the run history (every finished run is indexed)')
    .option('--benchmark <name>', 'benchmark to list (without it: an overview of the history)')
    .option('--metric <key>', 'metric key or label, e.g. ex, em, ex/pass@4 (default: the benchmark\'s primary metrics)')
    .option('--model <name>', 'only this model (suite model name or spec)')
    .option('--format <format>', 'table | md | csv | json', 'table')
    .option('--history <path>', 'history database (default <results-dir>/history.sqlite)')
    .option('--results-dir <dir>', 'results root', 'results')
    .addHelpText(
      'after',
      `
Examples:
  agenteval history --benchmark spider --metric ex
  agenteval history --benchmark spider --metric ex --model ckpt-1200 --format csv
  agenteval history index results/runs results/nightly      (re)index existing run folders`,
    )
    .action(async (o: HistoryFlags) => {
      if (!FORMATS.includes(o.format)) exitWith(EXIT.usage, new Error(`--format must be one of ${FORMATS.join(', ')}`));
      const [{ openHistory }, { historyOverview, historyTable, metricHistory, overviewTable }, { renderTabular }] = await Promise.all([
        import('../history/db.js'),
        import('../history/query.js'),
        import('../report/render.js'),
      ]);
      let db;
      try {
        db = openHistory(dbPath(o));
      } catch (err) {
        exitWith(EXIT.usage, err);
      }
      try {
        if (!o.benchmark) {
          const rows = historyOverview(db);
          const text = o.format === 'json' ? JSON.stringify(rows, null, 2) : renderTabular(overviewTable(rows), o.format as TableFormat);
          process.stdout.write(`${text}\n`);
          return;
        }
        const keys = o.metric
          ? [o.metric]
          : (db.prepare('SELECT DISTINCT m.key AS key FROM metrics m JOIN runs r ON r.dir = m.run WHERE r.benchmark = ? AND m.is_primary = 1 ORDER BY m.key').all(o.benchmark) as Array<{ key: string }>).map((r) => r.key);
        if (keys.length === 0) exitWith(EXIT.usage, new Error(`the history has no runs of ${o.benchmark}`));
        const all = [];
        for (const metric of keys) {
          const points = metricHistory(db, { benchmark: o.benchmark, metric, ...(o.model ? { model: o.model } : {}) });
          if (points.length === 0) {
            process.stderr.write(`agenteval: no ${o.benchmark} runs with metric "${metric}"${o.model ? ` for model ${o.model}` : ''} in ${dbPath(o)}\n`);
            continue;
          }
          all.push(...points);
          if (o.format !== 'json') process.stdout.write(`${o.format === 'table' ? `${o.benchmark} · ${points[0]!.label}\n` : ''}${renderTabular(historyTable(points), o.format as TableFormat)}\n`);
        }
        if (o.format === 'json') process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        // Nothing matched: a script asking for a metric that is not there should notice.
        if (all.length === 0) exitWith(EXIT.usage);
      } catch (err) {
        exitWith(codeFor(err), err);
      } finally {
        db.close();
      }
    });

  history
    .command('index')
    .description('(re)index run folders into the history; idempotent')
    .argument('<dirs...>', 'run folders, or parent folders searched for runs')
    // --history and --results-dir belong to `history`: commander hands them to the parent even
    // when written after `index`, so they are read from there.
    .addHelpText('after', '\nOptions of `agenteval history` apply: --history <path> (database), --results-dir <dir> (default results).\n\nExample:\n  agenteval history index results/runs --history results/history.sqlite')
    .action(async (dirs: string[], _o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{ history?: string; resultsDir: string }>();
      try {
        const [{ indexRuns }, { findRunDirs }] = await Promise.all([import('../history/index-run.js'), import('../report/runs.js')]);
        const results = indexRuns(dbPath(o), findRunDirs(dirs));
        let indexed = 0;
        for (const r of results) {
          if (r.indexed) indexed++;
          else process.stderr.write(`skipped ${r.dir}: ${r.reason}\n`);
        }
        process.stdout.write(`indexed ${indexed} run(s) into ${dbPath(o)}\n`);
      } catch (err) {
        exitWith(codeFor(err), err);
      }
    });
}
