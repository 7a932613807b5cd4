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

/** How each subschema keyword holds its subschemas, and its place in the visiting order. */
type Holds = 'one' | 'one-or-list' | 'map' | 'list';
const KEYWORDS = new Map<string, { order: number; holds: Holds }>();
for (const key of SINGLE) KEYWORDS.set(key, { order: KEYWORDS.size, holds: 'one' });
KEYWORDS.set('items', { order: KEYWORDS.size, holds: 'one-or-list' });
for (const key of MAP) KEYWORDS.set(key, { order: KEYWORDS.size, holds: 'map' });
for (const key of LIST) KEYWORDS.set(key, { order: KEYWORDS.size, holds: 'list' });

/**
 * Calls `visit` for every object subschema, parents before children. Returning `false` from
 * `visit` skips that node's children. Iterative, so arbitrarily deep schemas cannot overflow.
 *
 * Children come in a fixed keyword order (SINGLE, items, MAP, LIST as listed above), whatever
 * order the file writes them in. A node's own keys are looked up in one table rather than each
 * keyword asked for in turn: most nodes have a few keys and none of the 22 keywords (this walk
 * runs over every schema of the set in every check).
 */
export function walkSchema(root: unknown, visit: (node: SchemaNode, pointer: string) => boolean | void, rootPointer = ''): void {
  // Two parallel stacks (node, pointer): no pair allocated per subschema.
  const nodes: unknown[] = [root];
  const pointers: string[] = [rootPointer];
  const found: { order: number; key: string }[] = [];
  while (nodes.length) {
    const node = nodes.pop();
    const pointer = pointers.pop()!;
    if (!isSchemaObject(node)) continue;
    if (visit(node, pointer) === false) continue;
    found.length = 0;
    for (const key of Object.keys(node)) {
      const keyword = KEYWORDS.get(key);
      if (keyword) found.push({ order: keyword.order, key });
    }
    if (found.length > 1) found.sort((a, b) => a.order - b.order);
    const first = nodes.length;
    for (const { key } of found) {
      const value = node[key];
      const at = joinPointer(pointer, key);
      switch (KEYWORDS.get(key)!.holds) {
        case 'one':
          push(value, at);
          break;
        case 'one-or-list':
          if (Array.isArray(value)) pushList(value, at);
          else push(value, at);
          break;
        case 'map':
          if (isSchemaObject(value)) for (const name of Object.keys(value)) push(value[name], joinPointer(at, name));
          break;
        case 'list':
          if (Array.isArray(value)) pushList(value, at);
          break;
      }
    }
    // Pushed in visiting order; reversed so the first child is popped (visited) first.
    for (let i = first, j = nodes.length - 1; i < j; i++, j--) {
      [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
      [pointers[i], pointers[j]] = [pointers[j]!, pointers[i]!];
    }
  }

  function push(value: unknown, pointer: string): void {
    nodes.push(value);
    pointers.push(pointer);
  }
  function pushList(list: readonly unknown[], pointer: string): void {
    for (let i = 0; i < list.length; i++) push(list[i], `${pointer}/${i}`);
  }
}
