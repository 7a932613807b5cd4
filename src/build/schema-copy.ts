/**
 * Copying a JSON Schema while transforming its subschemas. The keyword lists match
 * src/schema/walk.ts: values under `enum`, `const`, `default` and `examples` are data and are
 * copied untouched, so a `$ref` inside an example is never rewritten.
 */
import { isSchemaObject, type SchemaNode } from '../schema/walk.js';

const SINGLE = new Set(['additionalProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems', 'contentSchema']);
const MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);
const LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

/** Where a subschema sits under its parent, for naming: `['properties', 'name']`, `['items']`, `['anyOf', 0]`. */
export type Step = readonly [keyword: string, key?: string | number];

/**
 * Copies the keywords of one schema object, calling `child` for every direct subschema and
 * `keyword` for every other keyword (return `undefined` to drop it). Keys are set as own data
 * properties, so a property literally named `__proto__` stays an ordinary key.
 */
export function copyKeywords(
  node: SchemaNode,
  child: (value: unknown, step: Step) => unknown,
  keyword: (key: string, value: unknown) => unknown = (_k, v) => v,
  into: Record<string, unknown> = {},
  skip?: ReadonlySet<string>,
): Record<string, unknown> {
  for (const key of Object.keys(node)) {
    if (skip?.has(key)) continue;
    const value = node[key];
    let copied: unknown;
    if (SINGLE.has(key)) copied = child(value, [key]);
    else if (key === 'items') copied = Array.isArray(value) ? value.map((v, i) => child(v, ['items', i])) : child(value, ['items']);
    else if (MAP.has(key) && isSchemaObject(value)) {
      const map: Record<string, unknown> = {};
      // `dependencies` may hold arrays of names (draft-07); only schema values are subschemas.
      for (const name of Object.keys(value)) define(map, name, Array.isArray(value[name]) ? value[name] : child(value[name], [key, name]));
      copied = map;
    } else if (LIST.has(key) && Array.isArray(value)) copied = value.map((v, i) => child(v, [key, i]));
    else copied = keyword(key, value);
    if (copied !== undefined) define(into, key, copied);
  }
  return into;
}

export function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export const own = (o: object, k: string): boolean => Object.hasOwn(o, k);

export { isSchemaObject };
export type { SchemaNode };
