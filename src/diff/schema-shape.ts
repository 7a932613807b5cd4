/**
 * A canonical text for what a subschema validates, ignoring annotations and equivalent spellings
 * (`$ref` followed, `type: "x"` = `["x"]`, enum and required order, `{}` = `true`). Two subschemas
 * with the same shape accept the same instances; the differ uses it to recognise renames and to
 * align `anyOf`/`allOf` alternatives, never to decide compatibility on its own.
 */
import { isObject, stableStringify, stringSet } from './json-values.js';
import { child, deref, dialectOfNode, isTrivial, isValidationKeyword, type SNode } from './schema-node.js';

const SINGLE = new Set(['additionalProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems']);
const MAP = new Set(['properties', 'patternProperties', 'dependentSchemas', 'dependencies']);
const LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const MAX_DEPTH = 48;

export function shapeKey(node: SNode, depth = 0, seen: Set<string> = new Set()): string {
  const resolved = deref(node);
  if ('unresolved' in resolved) return `{"$ref":${JSON.stringify(resolved.unresolved)}}`;
  const value = resolved.value;
  const dialect = dialectOfNode(resolved);
  if (value === false) return 'false';
  if (isTrivial(value, dialect)) return 'true';
  if (!isObject(value)) return stableStringify(value);
  if (depth > MAX_DEPTH) return stableStringify(value);
  const id = `${resolved.file}#${resolved.pointer}`;
  if (seen.has(id)) return `{"$cycle":${JSON.stringify(id)}}`;
  seen.add(id);
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    if (!isValidationKeyword(key, dialect) || key === '$ref') continue;
    const v = value[key];
    let text: string;
    if (key === 'type') text = stableStringify(typeof v === 'string' ? [v] : Array.isArray(v) ? [...v].sort() : v);
    else if (key === 'required') text = stableStringify(stringSet(v).sort());
    else if (key === 'enum') text = Array.isArray(v) ? `[${[...new Set(v.map(stableStringify))].sort().join(',')}]` : stableStringify(v);
    else if (key === 'items' && !Array.isArray(v)) text = shapeKey(child(resolved, key), depth + 1, seen);
    else if (SINGLE.has(key)) text = shapeKey(child(resolved, key), depth + 1, seen);
    else if ((LIST.has(key) || key === 'items') && Array.isArray(v)) text = `[${v.map((_, i) => shapeKey(child(resolved, key, i), depth + 1, seen)).join(',')}]`;
    else if (MAP.has(key) && isObject(v)) {
      text = `{${Object.keys(v)
        .sort()
        .map((name) => `${JSON.stringify(name)}:${Array.isArray(v[name]) ? stableStringify(stringSet(v[name]).sort()) : shapeKey(child(resolved, key, name), depth + 1, seen)}`)
        .join(',')}}`;
    } else text = stableStringify(v);
    parts.push(`${JSON.stringify(key)}:${text}`);
  }
  seen.delete(id);
  return `{${parts.join(',')}}`;
}
