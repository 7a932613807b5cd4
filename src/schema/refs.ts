/**
 * `$ref` resolution over a contract set, the one implementation every part of the tool uses
 * (rules, ajv compilation, diff, code generation). References resolve against the referring
 * schema's `$id` when it has one (matching another schema's `$id`), else as paths relative to
 * the referring file. Nothing is ever fetched: a reference that leaves the set is reported as
 * remote or outside, and a path with `..` that climbs above the contracts root is outside.
 */
import { posix } from 'node:path';
import { getAtPointer, parsePointer } from '../json/pointer.js';
import type { ContractSet } from '../model/types.js';
import { isSchemaObject, walkSchema } from './walk.js';

export type RefTarget =
  | { kind: 'local'; file: string; pointer: string; value: unknown }
  | { kind: 'remote'; uri: string }
  | { kind: 'outside'; path: string }
  | { kind: 'missing-file'; file: string }
  | { kind: 'missing-pointer'; file: string; pointer: string }
  | { kind: 'invalid'; reason: string };

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const indexes = new WeakMap<ContractSet, Map<string, string>>();

/** Root `$id` (without fragment) → file path, for every schema that declares an absolute one. */
export function idIndex(model: ContractSet): Map<string, string> {
  let index = indexes.get(model);
  if (!index) {
    index = new Map();
    for (const schema of model.schemas.values()) {
      const id = rootId(schema.doc.value);
      if (id && !index.has(id)) index.set(id, schema.path);
    }
    indexes.set(model, index);
  }
  return index;
}

/** The schema's absolute root `$id` (or draft-04 style `id`) without its fragment, if any. */
export function rootId(value: unknown): string | undefined {
  if (!isSchemaObject(value)) return undefined;
  const id = Object.hasOwn(value, '$id') ? value.$id : undefined;
  if (typeof id !== 'string' || !SCHEME.test(id)) return undefined;
  return stripFragment(id);
}

function stripFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash < 0 ? uri : uri.slice(0, hash);
}

const resolutions = new WeakMap<ContractSet, { targets: Map<string, RefTarget>; bases: Map<string, string | undefined> }>();

/**
 * Where `ref`, written in `fromFile`, points; memoized per model, so every caller (the rules,
 * the interpreter's screen, the build's type plan, ajv compilation) shares one resolution. The
 * target depends only on the referring file's folder, the folder of its `$id` and the reference
 * text, so the thousands of payloads that write the same `../../../event-envelope/schema/ids-v1.json#/$defs/…`
 * share one answer too. Targets are shared: callers never change them.
 */
export function resolveRef(model: ContractSet, fromFile: string, ref: string): RefTarget {
  let state = resolutions.get(model);
  if (!state) resolutions.set(model, (state = { targets: new Map(), bases: new Map() }));
  let base = state.bases.get(fromFile);
  if (!state.bases.has(fromFile)) state.bases.set(fromFile, (base = baseFolder(model, fromFile)));
  // Fragment-only and query references depend on the file itself, as does any reference under an odd base.
  const key = base === undefined || ref === '' || ref.startsWith('#') || ref.startsWith('?') ? `${fromFile}\0\0${ref}` : `${posix.dirname(fromFile)}/\0${base}\0${ref}`;
  let target = state.targets.get(key);
  if (!target) state.targets.set(key, (target = resolveUncached(model, fromFile, ref)));
  return target;
}

/**
 * The folder URL relative references in `file` resolve against (`new URL('.', $id)`), '' when
 * the file has no absolute `$id`, undefined when that `$id` is one whose folder does not decide
 * a resolution alone (a query, a scheme without paths such as `urn:`).
 */
function baseFolder(model: ContractSet, file: string): string | undefined {
  const id = rootId(model.json.get(file)?.doc.value);
  if (id === undefined) return '';
  if (id.includes('?')) return undefined;
  try {
    const folder = new URL('.', id).href;
    return folder.endsWith('/') ? folder : undefined;
  } catch {
    return undefined;
  }
}

function resolveUncached(model: ContractSet, fromFile: string, ref: string): RefTarget {
  const hash = ref.indexOf('#');
  const uriPart = hash < 0 ? ref : ref.slice(0, hash);
  let fragment: string;
  try {
    fragment = hash < 0 ? '' : decodeURIComponent(ref.slice(hash + 1));
  } catch {
    return { kind: 'invalid', reason: 'the fragment is not valid percent-encoding' };
  }

  let file: string | undefined;
  if (uriPart === '') {
    file = fromFile;
  } else {
    const fromValue = model.json.get(fromFile)?.doc.value;
    const base = rootId(fromValue);
    let absolute: string | undefined;
    if (SCHEME.test(uriPart)) absolute = uriPart;
    else if (base) {
      try {
        absolute = stripFragment(new URL(uriPart, base).href);
      } catch {
        absolute = undefined;
      }
    }
    if (absolute !== undefined) file = idIndex(model).get(absolute);
    if (file === undefined) {
      if (SCHEME.test(uriPart)) return { kind: 'remote', uri: uriPart };
      let path: string;
      try {
        path = decodeURI(uriPart);
      } catch {
        return { kind: 'invalid', reason: 'the path is not valid percent-encoding' };
      }
      if (path.startsWith('/') || path.includes('\\') || path.includes('\0')) return { kind: 'outside', path };
      const joined = posix.normalize(posix.join(posix.dirname(fromFile), path));
      if (joined === '..' || joined.startsWith('../')) return { kind: 'outside', path: joined };
      if (!model.json.has(joined)) return { kind: 'missing-file', file: joined };
      file = joined;
    }
  }

  const target = model.json.get(file);
  if (!target || !target.doc.ok) return { kind: 'missing-file', file };
  let pointer = fragment;
  if (fragment !== '' && !fragment.startsWith('/')) {
    const anchored = findAnchor(target.doc.value, fragment);
    if (anchored === undefined) return { kind: 'missing-pointer', file, pointer: `#${fragment}` };
    pointer = anchored;
  }
  if (!parsePointer(pointer)) return { kind: 'missing-pointer', file, pointer };
  const found = getAtPointer(target.doc.value, pointer);
  if (!found.found) return { kind: 'missing-pointer', file, pointer };
  return { kind: 'local', file, pointer, value: found.value };
}

function findAnchor(schema: unknown, anchor: string): string | undefined {
  let result: string | undefined;
  walkSchema(schema, (node, pointer) => {
    if (result !== undefined) return false;
    if (node.$anchor === anchor || node.$dynamicAnchor === anchor) result = pointer;
  });
  return result;
}

/** Every `$ref` in a schema with the pointer of the object holding it. */
export function refsOf(schema: unknown): { ref: string; pointer: string }[] {
  const refs: { ref: string; pointer: string }[] = [];
  walkSchema(schema, (node, pointer) => {
    if (typeof node.$ref === 'string') refs.push({ ref: node.$ref, pointer });
  });
  return refs;
}

/** Human wording of an unresolvable reference, shared by every command. */
export function describeRefProblem(ref: string, target: Exclude<RefTarget, { kind: 'local' }>): string {
  switch (target.kind) {
    case 'remote':
      return `$ref "${ref}" points to a remote schema (${target.uri}); remote references are never fetched: copy the schema into the contracts folder and reference it by relative path`;
    case 'outside':
      return `$ref "${ref}" leaves the contracts root (${target.path}); references must stay inside the contracts folder`;
    case 'missing-file':
      return `$ref "${ref}" points to ${target.file}, which does not exist or is not valid JSON`;
    case 'missing-pointer':
      return `$ref "${ref}": ${target.file} has nothing at ${target.pointer || '(root)'}`;
    case 'invalid':
      return `$ref "${ref}" is malformed: ${target.reason}`;
  }
}
