/**
 * A subschema together with where it lives (file and pointer in one side's contract set), so
 * the differ can follow `$ref`s with the one resolver (src/schema/refs.ts) and report every
 * change at the exact keyword that holds it, even inside a referenced file.
 */
import { getAtPointer, joinPointer } from '../json/pointer.js';
import type { ContractSet } from '../model/types.js';
import { dialectOf, type Dialect } from '../schema/compile.js';
import { describeRefProblem, resolveRef } from '../schema/refs.js';
import { has, isObject, type JsonObject } from './json-values.js';

export interface Side {
  readonly model: ContractSet;
  /** Dialect for files that declare none. */
  readonly fallback: Dialect;
  readonly dialects: Map<string, Dialect>;
}

export function makeSide(model: ContractSet, fallback: Dialect): Side {
  return { model, fallback, dialects: new Map() };
}

export interface Loc {
  file: string;
  pointer: string;
}

export interface SNode {
  readonly side: Side;
  readonly value: unknown;
  readonly file: string;
  readonly pointer: string;
  /**
   * For a `$ref` merged with sibling keywords: where each keyword really is (the referring
   * object or the target). Keywords not listed live at `file`/`pointer`.
   */
  readonly keyLoc?: ReadonlyMap<string, Loc>;
}

export function rootNode(side: Side, file: string, pointer = ''): SNode | undefined {
  const doc = side.model.json.get(file)?.doc;
  if (!doc || !doc.ok) return undefined;
  const found = getAtPointer(doc.value, pointer);
  return found.found ? { side, value: found.value, file, pointer } : undefined;
}

export function fileDialect(side: Side, file: string): Dialect {
  let dialect = side.dialects.get(file);
  if (!dialect) {
    dialect = dialectOf(side.model.json.get(file)?.doc.value, side.fallback);
    side.dialects.set(file, dialect);
  }
  return dialect;
}

export const dialectOfNode = (node: SNode): Dialect => fileDialect(node.side, node.file);

/** Where a keyword of this node (and anything under it) lives. */
export function locOf(node: SNode, key?: string | number, ...rest: (string | number)[]): Loc {
  if (key === undefined) return { file: node.file, pointer: node.pointer };
  const base = node.keyLoc?.get(String(key));
  const file = base?.file ?? node.file;
  const pointer = base?.pointer ?? node.pointer;
  return { file, pointer: joinPointer(pointer, key, ...rest) };
}

/** The subschema at `key` (then `rest`) of this node; `undefined` value when absent. */
export function child(node: SNode, key: string, ...rest: (string | number)[]): SNode {
  let value: unknown = isObject(node.value) && has(node.value, key) ? node.value[key] : undefined;
  for (const segment of rest) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isObject(value) && has(value, String(segment))) value = value[String(segment)];
    else value = undefined;
  }
  const loc = locOf(node, key, ...rest);
  return { side: node.side, value, file: loc.file, pointer: loc.pointer };
}

/** A stand-in `true` schema for an absent keyword (e.g. no `items`), located where it would be. */
export function trueAt(node: SNode, key: string): SNode {
  const loc = locOf(node, key);
  return { side: node.side, value: true, file: loc.file, pointer: loc.pointer };
}

export const hasRef = (node: SNode): boolean => isObject(node.value) && typeof node.value.$ref === 'string';

// ---- keyword knowledge -------------------------------------------------------------------

const COMMON_VALIDATION = [
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern', 'format', 'items', 'contains', 'maxItems', 'minItems', 'uniqueItems',
  'properties', 'patternProperties', 'additionalProperties', 'propertyNames', 'maxProperties', 'minProperties',
  'required', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', '$ref',
];
const VALIDATION: Record<Dialect, ReadonlySet<string>> = {
  '2020-12': new Set([...COMMON_VALIDATION, 'prefixItems', 'minContains', 'maxContains', 'dependentRequired', 'dependentSchemas', 'unevaluatedItems', 'unevaluatedProperties', '$dynamicRef']),
  'draft-07': new Set([...COMMON_VALIDATION, 'additionalItems', 'dependencies']),
};
/** Locations for `$ref` targets, never compared by themselves (only what references them matters). */
export const DEFINITION_KEYWORDS: ReadonlySet<string> = new Set(['$defs', 'definitions']);

export const isValidationKeyword = (key: string, dialect: Dialect): boolean => VALIDATION[dialect].has(key);

/** Anything a validator ignores: title, description, `x-…`, and keywords unknown to the dialect. */
export const isAnnotationKeyword = (key: string, dialect: Dialect): boolean => !VALIDATION[dialect].has(key) && !DEFINITION_KEYWORDS.has(key);

/** True, `{}`, or an object with annotations only: accepts everything. */
export function isTrivial(value: unknown, dialect: Dialect): boolean {
  if (value === true || value === undefined) return true;
  if (!isObject(value)) return false;
  for (const key of Object.keys(value)) if (VALIDATION[dialect].has(key)) return false;
  return true;
}

// ---- $ref ----------------------------------------------------------------------------------

/** A schema without `$ref`, or why the reference could not be followed (a sentence naming the `$ref`). */
export type Deref = SNode | { unresolved: string; reason: string };

const MAX_HOPS = 64;

/**
 * Follows `$ref` until a schema without one. In 2020-12 a `$ref` with sibling validation
 * keywords applies together with them; the target and the siblings are merged into one node
 * (siblings win on a clash, an approximation of "both apply") that remembers where each keyword
 * came from. In draft-07 siblings of `$ref` are ignored, as validators do.
 */
export function deref(node: SNode, seen: Set<string> = new Set()): Deref {
  let current = node;
  for (;;) {
    const value = current.value;
    if (!isObject(value) || typeof value.$ref !== 'string') return current;
    const id = `${current.file}#${current.pointer}`;
    if (seen.has(id) || seen.size > MAX_HOPS) return { unresolved: value.$ref, reason: `$ref ${JSON.stringify(value.$ref)} only leads to other references (a loop)` };
    seen.add(id);
    const target = resolveRef(current.side.model, current.file, value.$ref);
    if (target.kind !== 'local') return { unresolved: value.$ref, reason: describeRefProblem(value.$ref, target) };
    const targetNode: SNode = { side: current.side, value: target.value, file: target.file, pointer: target.pointer };
    const dialect = dialectOfNode(current);
    const siblings = dialect === 'draft-07' ? [] : Object.keys(value).filter((k) => k !== '$ref' && isValidationKeyword(k, dialect));
    if (!siblings.length) {
      current = targetNode;
      continue;
    }
    const resolved = deref(targetNode, seen);
    if ('unresolved' in resolved) return resolved;
    if (resolved.value === false) return resolved;
    const targetValue: JsonObject = isObject(resolved.value) ? resolved.value : {};
    const merged: JsonObject = { ...targetValue };
    const keyLoc = new Map<string, Loc>();
    for (const key of Object.keys(targetValue)) keyLoc.set(key, resolved.keyLoc?.get(key) ?? { file: resolved.file, pointer: resolved.pointer });
    for (const key of siblings) {
      Object.defineProperty(merged, key, { value: value[key], enumerable: true, writable: true, configurable: true });
      keyLoc.set(key, { file: current.file, pointer: current.pointer });
    }
    return { side: current.side, value: merged, file: current.file, pointer: current.pointer, keyLoc };
  }
}
