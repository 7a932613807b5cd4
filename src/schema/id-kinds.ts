/**
 * The shared ID kinds of a contract set, as the payload convention rules see them: the
 * registry's `id_kinds` when it declares any, else the `<kind>_id` definitions of the ids schema.
 */
import { posix } from 'node:path';
import type { ContractSet } from '../model/types.js';
import { isSchemaObject } from './walk.js';

const cache = new WeakMap<ContractSet, ReadonlySet<string>>();

export function knownKinds(model: ContractSet): ReadonlySet<string> {
  let kinds = cache.get(model);
  if (!kinds) {
    const set = new Set<string>(model.registry?.idKinds.keys() ?? []);
    if (!set.size) {
      const value = model.ids?.doc.ok ? model.ids.doc.value : undefined;
      const defs = isSchemaObject(value) && isSchemaObject(value.$defs) ? value.$defs : {};
      for (const name of Object.keys(defs)) if (name.length > 3 && name.endsWith('_id')) set.add(name.slice(0, -3));
    }
    cache.set(model, (kinds = set));
  }
  return kinds;
}

/** True when a property name (singular) says it holds an ID of `kind`: `<kind>_id` or `…_<kind>_id`. */
export function nameFitsKind(name: string, kind: string): boolean {
  return name === `${kind}_id` || name.endsWith(`_${kind}_id`);
}

/** The longest known kind the name says it holds (`coach_person_id` → person), if any. */
export function kindNamedBy(name: string, kinds: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const kind of kinds) if ((best === undefined || kind.length > best.length || (kind.length === best.length && kind < best)) && nameFitsKind(name, kind)) best = kind;
  return best;
}

/** The `$ref` a schema file should write for an ID kind: relative path to the ids schema + pointer. */
export function idRefFrom(model: ContractSet, file: string, kind: string): string | undefined {
  if (!model.ids) return undefined;
  return `${posix.relative(posix.dirname(file), model.ids.path)}#/$defs/${kind}_id`;
}
