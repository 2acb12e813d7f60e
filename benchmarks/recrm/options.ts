// RecRM-Bench's `agenteval run` options, apart from the benchmark so the CLI can list them without loading it.
import type { BenchmarkOption } from '../../harness/types.js';
import { DIMENSIONS } from './dimensions.js';

export const RECRM_OPTIONS: BenchmarkOption[] = [
  { flags: '--dimension <list>', description: `dimensions to evaluate, comma-separated: ${DIMENSIONS.join(', ')} (or if,fc,qir,ubp)`, default: 'all' },
  { flags: '--mapping <file>', description: 'field mapping JSON for the dataset files (default: benchmarks/recrm/mapping.default.json)' },
  { flags: '--export-rewards <file>', description: 'write per-entry rewards per dimension as JSONL after the run' },
  { flags: '--verdict-retries <N>', description: 're-ask a malformed verdict up to N times before recording an error', default: '2' },
  { flags: '--max-entries <N>', description: 'read at most N entries per mapping source (JSONL is streamed)' },
];
