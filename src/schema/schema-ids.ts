/**
 * Root `$id`s of the schemas in a set: which are relative, which do not end with their file's
 * own path, and which repeat another file's `$id`. Computed once per model for the
 * schema/id-duplicate and schema/id-mismatch rules, which split the findings between them so a
 * copied `$id` is reported once.
 */
import type { ContractSet } from '../model/types.js';
import { isSchemaObject } from './walk.js';

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

export interface SchemaId {
  file: string;
  /** The `$id` as written. */
  id: string;
  /** Without its fragment; the key references resolve by. */
  base: string;
  absolute: boolean;
  /** The id's path ends with `/<file>`. */
  matchesPath: boolean;
  /** Set when another file declares the same `$id` and keeps it (see `owner` below). */
  duplicateOf?: string;
}

export interface SchemaIds {
  byFile: Map<string, SchemaId>;
  /** The `$id` this file should declare, following the set's own convention, when one can be inferred. */
  expected(file: string): string | undefined;
}

const cache = new WeakMap<ContractSet, SchemaIds>();

export function schemaIds(model: ContractSet): SchemaIds {
  let ids = cache.get(model);
  if (ids) return ids;
  const byFile = new Map<string, SchemaId>();
  const groups = new Map<string, SchemaId[]>();
  const prefixes = new Map<string, number>();
  for (const schema of model.schemas.values()) {
    const value = schema.doc.ok ? schema.doc.value : undefined;
    if (!isSchemaObject(value) || !Object.hasOwn(value, '$id') || typeof value.$id !== 'string') continue;
    const id = value.$id;
    const hash = id.indexOf('#');
    const base = hash < 0 ? id : id.slice(0, hash);
    const absolute = SCHEME.test(base);
    const matchesPath = absolute && pathOf(base).endsWith('/' + schema.path);
    const entry: SchemaId = { file: schema.path, id, base, absolute, matchesPath };
    byFile.set(schema.path, entry);
    if (absolute) {
      let group = groups.get(base);
      if (!group) groups.set(base, (group = []));
      group.push(entry);
    }
    if (matchesPath && base.endsWith('/' + schema.path)) {
      const prefix = base.slice(0, base.length - schema.path.length);
      prefixes.set(prefix, (prefixes.get(prefix) ?? 0) + 1);
    }
  }
  // The owner of a repeated $id is the file whose path it names (else the first by path, which
  // is also the file references resolve to); every other holder is the duplicate.
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const owner = group.find((e) => e.matchesPath) ?? group[0]!;
    for (const entry of group) if (entry !== owner) entry.duplicateOf = owner.file;
  }
  // The most common prefix among correct ids (ties: the smallest, so output is stable).
  let prefix: string | undefined;
  for (const [p, count] of prefixes) {
    const best = prefix === undefined ? 0 : prefixes.get(prefix)!;
    if (count > best || (count === best && p < prefix!)) prefix = p;
  }
  ids = { byFile, expected: (file) => (prefix === undefined ? undefined : prefix + encodeURI(file)) };
  cache.set(model, ids);
  return ids;
}

/** The decoded path part of an absolute URI (`urn:` and other opaque URIs give their whole body). */
function pathOf(uri: string): string {
  let path = uri.replace(SCHEME, '');
  const query = path.search(/[?]/);
  if (query >= 0) path = path.slice(0, query);
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
