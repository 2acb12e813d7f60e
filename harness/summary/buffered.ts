// Bridge for aggregates not yet rewritten as streaming folds: buffers records, then calls the
// whole-array function once. Memory grows with the run; every use of it is a TODO of issue 13.
import type { JsonObject, RecordAccumulator, SampleRecord } from '../types.js';

export function bufferedAccumulator(fn: (records: readonly SampleRecord[]) => JsonObject): RecordAccumulator {
  const records: SampleRecord[] = [];
  return { add: (r) => void records.push(r), finish: () => fn(records) };
}
