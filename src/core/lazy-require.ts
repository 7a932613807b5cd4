/**
 * Loads a CommonJS package the first time it is used rather than when the importing module
 * loads, so a run that never needs it (`--version`, a `check` answered from the cache, a set
 * with no finding to locate) never pays for loading it. ajv alone is about a fifth of the
 * start-up of a cached `check`.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
