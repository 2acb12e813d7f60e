// Spider and BIRD: text-to-SQL with execution accuracy (EX).
// Problem ids: BIRD's `question_id`; Spider has no id field, so the record's 0-based position in the
// questions file. See README.md for layouts, options and semantics.
import type { Benchmark } from '../../harness/types.js';
import type { SqlSample } from './load.js';
import { benchmarkOptions } from './options.js';
import { text2sqlAggregator } from './aggregate.js';
import { openSession } from './session.js';

export type { SqlSample } from './load.js';

const SOLVERS = ['single (default): one prompt, schema as CREATE TABLE DDL', 'mtir: multi-turn with an execute_sql tool (MTIR-SQL style)'];

export const spider: Benchmark<SqlSample> = {
  name: 'spider',
  describe: () => ({
    name: 'spider',
    title: 'Spider 1.0 (Yu et al., 2018): cross-domain text-to-SQL, execution accuracy (test-suite EX)',
    sizes: { dev: 1034, test: 2147 },
    metrics: ['ex'],
    dataSources: [
      'bundled: 45 real Spider questions (train split) on 2 real Spider databases',
      '--data PATH: the official release folder (dev.json, tables.json, database/<db_id>/<db_id>.sqlite)',
      '--hub-repo owner/name --hub-revision <sha>: a Hub dataset repo in the same layout',
    ],
    solvers: SOLVERS,
    notes: 'ids are 0-based positions in the questions file; --ex-mode spider (default) is the test-suite comparison on every .sqlite of the database folder',
  }),
  options: benchmarkOptions('spider'),
  open: (opts) => openSession('spider', opts),
  aggregator: () => text2sqlAggregator(),
};

export const bird: Benchmark<SqlSample> = {
  name: 'bird',
  describe: () => ({
    name: 'bird',
    title: 'BIRD (Li et al., 2023): text-to-SQL over large real databases with external knowledge, execution accuracy',
    sizes: { dev: 1534, mini_dev: 500 },
    metrics: ['ex'],
    dataSources: [
      'bundled: the Spider sample in BIRD\'s layout (BIRD\'s databases are not obtainable offline; not BIRD scores)',
      '--data PATH: the official dev folder (dev.json, dev_tables.json, dev_databases/<db_id>/<db_id>.sqlite)',
      '--hub-repo owner/name --hub-revision <sha>: a Hub dataset repo in the same layout',
    ],
    solvers: SOLVERS,
    notes: 'ids are question_id; --ex-mode bird (default) is set equality of result rows; groups by difficulty',
  }),
  options: benchmarkOptions('bird'),
  open: (opts) => openSession('bird', opts),
  aggregator: () => text2sqlAggregator(),
};
