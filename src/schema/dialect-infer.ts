/**
 * The dialect of a schema that does not declare one. Published schemas often omit `$schema`
 * (Confluent's and many teams' draft-07 schemas among them), and reading a draft-07 tuple
 * (`"items": [...]`, `additionalItems`) or `dependencies` as 2020-12 gets them wrong: 2020-12
 * rejects an array under `items` and ignores the other two. So a schema without `$schema` that
 * uses a form only draft-07 gives meaning to, and none that only 2020-12 does, is read as
 * draft-07; anything else stays with the caller's fallback.
 */
import type { Dialect } from './compile.js';
import { walkSchema } from './walk.js';

export interface Inference {
  dialect: Dialect;
  /** The keyword that decided it, for messages: `"items" as an array`, `"dependencies"`. */
  evidence: string;
}

/** Keywords only 2019-09/2020-12 define: their presence rules draft-07 out. */
const MODERN = ['prefixItems', 'dependentRequired', 'dependentSchemas', 'unevaluatedProperties', 'unevaluatedItems', '$dynamicRef', '$dynamicAnchor', '$recursiveRef', 'minContains', 'maxContains'];

const cache = new WeakMap<object, Inference | null>();

export function inferDialect(schema: object): Inference | undefined {
  const known = cache.get(schema);
  if (known !== undefined) return known ?? undefined;
  let draft07: string | undefined;
  let modern = false;
  walkSchema(schema, (node) => {
    if (MODERN.some((k) => Object.hasOwn(node, k))) modern = true;
    if (draft07 === undefined) {
      if (Array.isArray(node.items)) draft07 = '"items" as an array';
      else if (Object.hasOwn(node, 'additionalItems')) draft07 = '"additionalItems"';
      else if (Object.hasOwn(node, 'dependencies')) draft07 = '"dependencies"';
    }
    return !modern;
  });
  const result = draft07 !== undefined && !modern ? { dialect: 'draft-07' as const, evidence: draft07 } : null;
  cache.set(schema, result);
  return result ?? undefined;
}

/**
 * The supported dialect closest to an unsupported `$schema` URI, used to read the schema after
 * schema/dialect has reported it: draft-04 and draft-06 are nearest to draft-07 (draft-04's
 * boolean `exclusiveMinimum` aside), 2019-09 to 2020-12.
 */
export function closestDialect(uri: string): Dialect | undefined {
  if (/draft-0[3-6]\b/.test(uri)) return 'draft-07';
  if (/2019-09/.test(uri)) return '2020-12';
  return undefined;
}
