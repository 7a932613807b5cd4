/** `enum` and `const`: the allowed values as sets. */
import { deepEqual, has, listOf, show, stableStringify, type JsonObject } from '../json-values.js';
import type { SchemaDiffer, Site } from './differ.js';

export function valuesOf(schema: JsonObject): unknown[] | undefined {
  if (has(schema, 'const')) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum;
  return undefined;
}

export function compareValues(d: SchemaDiffer, s: Site, oValues: unknown[] | undefined, nValues: unknown[] | undefined): void {
  const { o, n, O, N, path } = s;
  if (!oValues && !nValues) return;
  const oConst = has(O, 'const');
  const nConst = has(N, 'const');
  if (!oValues) {
    if (nConst) return d.emit('CONST_ADDED', d.at(n, 'new', 'const'), path, `now pinned to const ${show(N.const)}`);
    return d.emit('ENUM_ARRAY_ADDED', d.at(n, 'new', 'enum'), path, `now restricted to enum ${show(N.enum)}`);
  }
  if (!nValues) {
    if (oConst) return d.emit('CONST_REMOVED', d.at(o, 'old', 'const'), path, `const ${show(O.const)} removed: any value of the type is accepted`);
    return d.emit('ENUM_ARRAY_REMOVED', d.at(o, 'old', 'enum'), path, `enum ${show(O.enum)} removed: any value of the type is accepted`);
  }
  // The usual case, the same list on both sides: nothing added or removed, no sets to build.
  if (deepEqual(oValues, nValues)) return;
  const before = new Map(oValues.map((v) => [stableStringify(v), v]));
  const after = new Map(nValues.map((v) => [stableStringify(v), v]));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const added = [...after.keys()].filter((k) => !before.has(k));
  if (!removed.length && !added.length) return;
  const at = nConst ? d.at(n, 'new', 'const') : d.at(n, 'new', 'enum');
  if (oConst && nConst) return d.emit('CONST_CHANGED', at, path, `const changed from ${show(O.const)} to ${show(N.const)}`);
  if (!removed.length) return d.emit('ENUM_ARRAY_EXTENDED', at, path, `enum now also allows ${listOf(added)}; readers of the old schema reject ${added.length === 1 ? 'it' : 'them'}`);
  if (!added.length) return d.emit('ENUM_ARRAY_NARROWED', at, path, `enum no longer allows ${listOf(removed)}`);
  d.emit('ENUM_ARRAY_CHANGED', at, path, `enum no longer allows ${listOf(removed)} and now allows ${listOf(added)}`);
}
