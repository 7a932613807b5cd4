/**
 * ajv validators for the two sides of a diff, so every witness is checked by the engine `check`
 * and `validate` use: the contract set's own compiler (shared `$ref`s such as ids-v1.json
 * resolve through it), or, for a standalone schema file outside any contract folder, an ajv
 * instance holding that one file.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { CANONICAL_BASE, canonicalUri, createAjv, dialectOf, prepareForAjv, schemaCompiler } from '../../schema/compile.js';
import { schemaScreen } from '../../schema/screen.js';
import type { SNode } from '../schema-node.js';

export interface Verdict {
  valid: boolean;
  /** Where the value failed: each error's file and pointer into it (empty when valid). */
  failures: { file: string; pointer: string }[];
}

export type Check = (value: unknown) => Verdict | undefined;

const cache = new WeakMap<object, Map<string, Check | null>>();

/** A checker for the subschema at `node` (by its file and pointer), or undefined when it does not compile. */
export function checkerFor(node: SNode): Check | undefined {
  let perSide = cache.get(node.side);
  if (!perSide) {
    perSide = new Map();
    cache.set(node.side, perSide);
  }
  const key = `${node.file}#${node.pointer}`;
  let found = perSide.get(key);
  if (found === undefined) {
    found = build(node) ?? null;
    perSide.set(key, found);
  }
  return found ?? undefined;
}

function build(node: SNode): Check | undefined {
  const model = node.side.model;
  let validate: ValidateFunction | undefined;
  try {
    if (model.schemas.has(node.file)) {
      const compiled = schemaCompiler(model).compile(node.file, node.pointer);
      if (!compiled.ok) return undefined;
      validate = compiled.validate;
    } else {
      const doc = model.json.get(node.file)?.doc;
      if (!doc || !doc.ok) return undefined;
      const ajv = createAjv(dialectOf(doc.value, node.side.fallback));
      // Meta-schema validation is schema/invalid's job (and would compile the meta-schema per instance).
      ajv.addSchema(prepareForAjv(model, node.file, doc.value) as object, canonicalUri(node.file), undefined, false);
      validate = ajv.getSchema(canonicalUri(node.file, node.pointer));
    }
  } catch {
    return undefined;
  }
  if (!validate) return undefined;
  const v = validate;
  return (value) => {
    try {
      const valid = v(value);
      return { valid, failures: valid ? [] : (v.errors ?? []).map((e) => locate(e, node.file, node.pointer)) };
    } catch {
      return undefined;
    }
  };
}

/** An ajv error's schema location as (file, pointer): `#/…` is in the compiled file, `<canonical uri>#/…` in another. */
function locate(error: ErrorObject, rootFile: string, rootPointer: string): { file: string; pointer: string } {
  const path = error.schemaPath;
  const hash = path.indexOf('#');
  const uri = hash < 0 ? '' : path.slice(0, hash);
  const pointer = hash < 0 ? path : path.slice(hash + 1);
  let file = rootFile;
  if (!uri) return { file, pointer: rootPointer + decodePointer(pointer) };
  if (uri.startsWith(CANONICAL_BASE)) {
    try {
      file = decodeURI(uri.slice(CANONICAL_BASE.length));
    } catch {
      file = rootFile;
    }
  }
  return { file, pointer: decodePointer(pointer) };
}

function decodePointer(pointer: string): string {
  try {
    return decodeURIComponent(pointer);
  } catch {
    return pointer;
  }
}

/**
 * The interpreting screen `check` uses for examples (src/schema/screen.ts): true or false without
 * compiling anything, or undefined when it does not screen that schema. Only a pre-filter: every
 * witness is confirmed with ajv.
 */
export function quickVerdict(node: SNode, value: unknown): boolean | undefined {
  const model = node.side.model;
  if (!model.schemas.has(node.file)) return undefined;
  try {
    return schemaScreen(model).verdict(node.file, value, node.pointer || undefined);
  } catch {
    return undefined;
  }
}
