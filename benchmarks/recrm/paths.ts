// Files that ship with the benchmark (prompts, mapping, synthetic fixtures) stay in
// benchmarks/recrm/ while compiled code runs from dist/: find them from the package root.
import { assetPath } from '../../harness/paths.js';

export const recrmDir = (...parts: string[]): string => assetPath('benchmarks', 'recrm', ...parts);

export const mappingSchemaPath = (): string => recrmDir('mapping.schema.json');
export const defaultMappingPath = (): string => recrmDir('mapping.default.json');
/** Root of the bundled SYNTHETIC fixtures, laid out like the Hub repo (`data/<sub-database>/…`). */
export const bundledDataRoot = (): string => recrmDir('data', 'synthetic');
export const promptDir = (version: string): string => recrmDir('prompts', version);
