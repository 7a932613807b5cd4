/**
 * Every reference of every schema in a contract set, resolved once per model and shared by the
 * schema/ref-* rules and the payload convention rules, which all need the same answers.
 * Resolution itself is src/schema/refs.ts: this module only indexes, memoizes and follows it.
 */
import type { ContractSet } from '../model/types.js';
import { resolveRef, type RefTarget } from './refs.js';
import { schemaIndex } from './schema-index.js';
import { isSchemaObject } from './walk.js';

export interface SchemaRef {
  /** The referring schema file. */
  file: string;
  /** Pointer of the object holding the reference. */
  pointer: string;
  keyword: '$ref' | '$dynamicRef';
  ref: string;
  target: RefTarget;
}

interface RefIndex {
  refs: readonly SchemaRef[];
  /** A `$ref` holder (by identity: every parsed node is its own object) → its resolved target. */
  targets: Map<object, RefTarget>;
}

const cache = new WeakMap<ContractSet, RefIndex>();

function refIndex(model: ContractSet): RefIndex {
  let index = cache.get(model);
  if (!index) {
    const refs: SchemaRef[] = [];
    const targets = new Map<object, RefTarget>();
    for (const { schema, nodes } of schemaIndex(model)) {
      for (const { node, pointer } of nodes) {
        for (const keyword of ['$ref', '$dynamicRef'] as const) {
          const ref = Object.hasOwn(node, keyword) ? node[keyword] : undefined;
          if (typeof ref !== 'string') continue;
          const target = resolveRef(model, schema.path, ref);
          refs.push({ file: schema.path, pointer, keyword, ref, target });
          if (keyword === '$ref') targets.set(node, target);
        }
      }
    }
    cache.set(model, (index = { refs, targets }));
  }
  return index;
}

/** All `$ref`/`$dynamicRef`s of loadable schemas, in file then walk order. */
export function schemaRefs(model: ContractSet): readonly SchemaRef[] {
  return refIndex(model).refs;
}

/** The resolved `$ref` of a node of `file`, resolving it now if it was not indexed. */
function targetOf(model: ContractSet, file: string, node: object, ref: string): RefTarget {
  return refIndex(model).targets.get(node) ?? resolveRef(model, file, ref);
}

/**
 * True when a reference failed only because its target file exists but could not be read or
 * parsed: json/syntax or file/* already reports that, so the reference is not reported again.
 */
export function targetIsBroken(model: ContractSet, target: RefTarget): boolean {
  if (target.kind !== 'missing-file') return false;
  const file = model.json.get(target.file);
  if (file) return !file.doc.ok;
  return model.problems.some((p) => p.path === target.file);
}

export interface Resolved {
  file: string;
  /** Where the value is in `file`; callers that do not need it for the start may pass ''. */
  pointer: string;
  value: unknown;
}

/**
 * Follows `$ref` from a node for as long as the node is a reference, and returns the nodes on
 * the way (the start first), so callers can see `$ref` siblings too. Stops at a non-reference;
 * `broken` when a reference does not resolve or the chain loops.
 */
export function followRefs(model: ContractSet, start: Resolved, limit = 32): { chain: Resolved[]; broken: boolean } {
  const chain: Resolved[] = [start];
  let current = start;
  while (chain.length <= limit) {
    const node = current.value;
    if (!isSchemaObject(node) || typeof node.$ref !== 'string') return { chain, broken: false };
    const target = targetOf(model, current.file, node, node.$ref);
    if (target.kind !== 'local') return { chain, broken: true };
    if (chain.some((c) => c.value === target.value)) return { chain, broken: true };
    current = { file: target.file, pointer: target.pointer, value: target.value };
    chain.push(current);
  }
  return { chain, broken: true };
}
