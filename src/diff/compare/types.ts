/** The `type` keyword, as sets of types narrowed by `enum`/`const` (src/diff/type-set.ts). */
import { has } from '../json-values.js';
import { allows, describeTypes, effectiveTypes, isSubset, type TypeSet } from '../type-set.js';
import type { SchemaDiffer, Site } from './differ.js';

export type Family = 'number' | 'string' | 'array' | 'object';

/** Reports a type change; returns both sides' effective types for the per-family comparisons. */
export function compareTypes(d: SchemaDiffer, s: Site, oValues: unknown[] | undefined, nValues: unknown[] | undefined): { old: TypeSet; new: TypeSet } {
  const { o, n, O, N, path } = s;
  const before = effectiveTypes(O, oValues);
  const after = effectiveTypes(N, nValues);
  if (!(oValues && nValues) && (has(O, 'type') || has(N, 'type'))) {
    const wider = isSubset(before, after);
    const narrower = isSubset(after, before);
    if (!(wider && narrower)) {
      const at = has(N, 'type') ? d.at(n, 'new', 'type') : d.at(o, 'old', 'type');
      const consequence = wider ? 'readers of the old schema reject values of the added types' : narrower ? 'values of the removed types, valid before, are now rejected' : 'values valid under either schema may be rejected by the other';
      const text = `type ${wider ? 'widened' : narrower ? 'narrowed' : 'changed'} from ${describeTypes(before)} to ${describeTypes(after)}: ${consequence}`;
      d.emit(wider ? 'TYPE_WIDENED' : narrower ? 'TYPE_NARROWED' : 'TYPE_CHANGED', at, path, text);
    }
  }
  return { old: before, new: after };
}

/** Whether instances of a family can be valid on both sides (only then are its keywords compared). */
export function familiesOfBoth(types: { old: TypeSet; new: TypeSet }): (family: Family) => boolean {
  return (family) => allows(types.old, family) && allows(types.new, family);
}
