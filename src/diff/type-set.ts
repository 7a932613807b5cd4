/**
 * JSON Schema types as sets, with `integer` ⊂ `number`: a set holding `number` never also holds
 * `integer`, so equal meanings give equal sets (`["integer", "number"]` = `"number"`).
 */
import { has, type JsonObject } from './json-values.js';

export type TypeName = 'null' | 'boolean' | 'object' | 'array' | 'string' | 'number' | 'integer';
export type TypeSet = ReadonlySet<TypeName>;

const NAMES: ReadonlySet<string> = new Set(['null', 'boolean', 'object', 'array', 'string', 'number', 'integer']);
export const ALL_TYPES: TypeSet = new Set<TypeName>(['null', 'boolean', 'object', 'array', 'string', 'number']);

function normalize(types: Iterable<TypeName>): Set<TypeName> {
  const set = new Set(types);
  if (set.has('number')) set.delete('integer');
  return set;
}

/** The declared `type` as a set; absent or malformed means every type. */
export function declaredTypes(schema: JsonObject): TypeSet {
  if (!has(schema, 'type')) return ALL_TYPES;
  const t = schema.type;
  const list = typeof t === 'string' ? [t] : Array.isArray(t) ? t : undefined;
  if (!list || !list.every((x) => typeof x === 'string' && NAMES.has(x))) return ALL_TYPES;
  return normalize(list as TypeName[]);
}

export function typeOfValue(value: unknown): TypeName {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean' || typeof value === 'string' || typeof value === 'object') return typeof value as TypeName;
  return 'null';
}

/** Declared types narrowed to the types of the allowed values, when `enum` or `const` lists them. */
export function effectiveTypes(schema: JsonObject, values: readonly unknown[] | undefined): TypeSet {
  const declared = declaredTypes(schema);
  if (!values) return declared;
  const result = new Set<TypeName>();
  for (const v of values) {
    const t = typeOfValue(v);
    if (declared.has(t) || (t === 'integer' && declared.has('number'))) result.add(t);
  }
  return normalize(result);
}

export function isSubset(a: TypeSet, b: TypeSet): boolean {
  for (const t of a) if (!b.has(t) && !(t === 'integer' && b.has('number'))) return false;
  return true;
}

/** Whether instances of a family can be valid: `number` covers `integer`. */
export function allows(set: TypeSet, family: 'number' | 'string' | 'array' | 'object'): boolean {
  return family === 'number' ? set.has('number') || set.has('integer') : set.has(family);
}

export function describeTypes(set: TypeSet): string {
  if (set.size === ALL_TYPES.size && [...ALL_TYPES].every((t) => set.has(t))) return 'any type';
  if (!set.size) return 'no type';
  const order: TypeName[] = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];
  const names = order.filter((t) => set.has(t));
  const last = names.pop()!; // the set is not empty
  return names.length ? `${names.join(', ')} or ${last}` : last;
}
