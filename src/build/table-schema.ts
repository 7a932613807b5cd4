/**
 * A payload schema as stored in the events table: self-contained, so a consumer can hand it to
 * any validator without the contracts folder. `$ref`s into the payload's own file stay (as
 * `#pointer` fragments, which resolve inside the schema itself); `$ref`s to other files (the
 * shared ID definitions) are replaced by a copy of their target, resolved with
 * src/schema/refs.ts like everywhere else.
 */
import type { ContractSet } from '../model/types.js';
import { resolveRef } from '../schema/refs.js';
import { dialectOf } from '../schema/compile.js';
import { copyKeywords, define, isSchemaObject, type SchemaNode } from './schema-copy.js';

const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);
/** Identity keywords of an inlined copy would make it a separate resource with its own base URI. */
const RESOURCE_KEYWORDS = new Set(['$id', 'id', '$schema', '$anchor', '$dynamicAnchor', '$defs', 'definitions']);

export function tableSchema(model: ContractSet, file: string, schema: unknown): unknown {
  // draft-07 ignores keywords next to `$ref`; 2020-12 applies them. The copy must validate the same.
  const siblingsApply = dialectOf(schema) === '2020-12';
  const inlining: string[] = [];

  const copy = (value: unknown, base: string, isRoot: boolean): unknown => {
    if (!isSchemaObject(value)) return value;
    if (typeof value.$ref === 'string') return ref(value, base);
    return copyKeywords(value, (child) => copy(child, base, false), (key, v) => (!isRoot && base !== file && RESOURCE_KEYWORDS.has(key) ? undefined : v));
  };

  const ref = (node: SchemaNode, base: string): unknown => {
    const target = resolveRef(model, base, node.$ref as string);
    const rest = copyKeywords(node, (child) => copy(child, base, false), (key, v) => (key === '$ref' ? undefined : v));
    if (target.kind !== 'local') return { $ref: node.$ref, ...rest }; // unresolvable: `check` reports it; keep it as written
    const key = `${target.file}#${target.pointer}`;
    if (target.file === file) return { $ref: `#${encodeURI(target.pointer)}`, ...rest };
    if (inlining.includes(key)) {
      // A cycle through another file cannot be inlined; point at the target by its URI instead.
      const value = model.json.get(target.file)?.doc.value;
      const id = isSchemaObject(value) && typeof value.$id === 'string' ? value.$id.replace(/#.*$/, '') : target.file;
      return { $ref: `${id}#${encodeURI(target.pointer)}`, ...rest };
    }
    inlining.push(key);
    const replacement = copy(target.value, target.file, false);
    inlining.pop();
    const keys = Object.keys(rest);
    if (keys.length === 0) return replacement;
    const annotationsOnly = keys.every((k) => ANNOTATIONS.has(k));
    if (isSchemaObject(replacement) && (annotationsOnly || !siblingsApply)) {
      // The referring node's own annotations (its description) win over the target's.
      const merged: Record<string, unknown> = { ...replacement };
      for (const k of keys) if (ANNOTATIONS.has(k)) define(merged, k, rest[k]);
      return merged;
    }
    if (!siblingsApply) return replacement;
    define(rest, 'allOf', [...(Array.isArray(rest.allOf) ? rest.allOf : []), replacement]);
    return rest;
  };

  return copy(schema, file, true);
}
