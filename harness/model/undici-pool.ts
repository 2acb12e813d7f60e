// undici's Pool without the rest of undici. `import { Pool } from 'undici'` evaluates the whole
// package index (every dispatcher, the mock agents, fetch, the cache stores including the SQLite
// one): 130–230 ms at every start-up, for a class that lives in lib/dispatcher/pool.js (~40 ms).
// undici 7 has no `exports` map, so that file can be required directly; should a later layout move
// it, the package index is the fallback. It is the same class object either way (one module
// cache), so a Pool made here is an `undici` Pool. Only the dispatch API is used on it: the
// convenience methods (`request`, `stream`) are attached to the prototype by the index alone.
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

export type Pool = Undici.Pool;
type PoolClass = typeof Undici.Pool;

const require = createRequire(import.meta.url);

function isPoolClass(x: unknown): x is PoolClass {
  return typeof x === 'function' && typeof (x.prototype as { dispatch?: unknown } | undefined)?.dispatch === 'function';
}

function loadPool(): PoolClass {
  try {
    const deep: unknown = require('undici/lib/dispatcher/pool.js');
    if (isPoolClass(deep)) return deep;
  } catch {
    // Not there in this undici: the index below has it.
  }
  return (require('undici') as typeof Undici).Pool;
}

export const Pool: PoolClass = loadPool();
