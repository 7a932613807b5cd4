/**
 * Visits every subschema of a JSON Schema (2020-12 and draft-07 keywords), with its JSON
 * pointer. Values under `enum`, `const`, `default` and `examples` are data, not schemas, and are
 * never visited, so a `$ref` key inside an example is not mistaken for a reference.
 */
import { joinPointer } from '../json/pointer.js';

export type SchemaNode = Record<string, unknown>;

const SINGLE = ['additionalProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems', 'contentSchema'];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'];
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

export function isSchemaObject(value: unknown): value is SchemaNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const has = (o: object, k: string) => Object.hasOwn(o, k);

/**
 * Calls `visit` for every object subschema, parents before children. Returning `false` from
 * `visit` skips that node's children. Iterative, so arbitrarily deep schemas cannot overflow.
 */
export function walkSchema(root: unknown, visit: (node: SchemaNode, pointer: string) => boolean | void, rootPointer = ''): void {
  const stack: [unknown, string][] = [[root, rootPointer]];
  while (stack.length) {
    const [node, pointer] = stack.pop()!;
    if (!isSchemaObject(node)) continue;
    if (visit(node, pointer) === false) continue;
    const children: [unknown, string][] = [];
    for (const key of SINGLE) if (has(node, key)) children.push([node[key], joinPointer(pointer, key)]);
    if (has(node, 'items')) {
      const items = node.items;
      if (Array.isArray(items)) items.forEach((s, i) => children.push([s, joinPointer(pointer, 'items', i)]));
      else children.push([items, joinPointer(pointer, 'items')]);
    }
    for (const key of MAP) {
      const map = has(node, key) ? node[key] : undefined;
      if (isSchemaObject(map)) for (const name of Object.keys(map)) children.push([map[name], joinPointer(pointer, key, name)]);
    }
    for (const key of LIST) {
      const list = has(node, key) ? node[key] : undefined;
      if (Array.isArray(list)) list.forEach((s, i) => children.push([s, joinPointer(pointer, key, i)]));
    }
    for (const child of children.reverse()) stack.push(child);
  }
}
