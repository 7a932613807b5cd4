/**
 * Schemas made portable into one document (an AsyncAPI document, a catalog page): every `$ref`
 * is resolved with the tool's one resolver (src/schema/refs.ts) and rewritten to point inside
 * the target document, and `$id`/`$schema` are dropped (an `$id` would change the base URI the
 * rewritten references resolve against). Each source file gets a component key; a shared ID
 * definition (`ids-v1.json#/$defs/person_id`) becomes its own component (`person_id`).
 */
import { escapeSegment, joinPointer, parsePointer } from '../json/pointer.js';
import type { ContractSet } from '../model/types.js';
import { resolveRef } from '../schema/refs.js';

/** Keywords whose values are data, not schemas: never rewritten. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example']);

export interface SchemaComponents {
  /** Component key → schema, in the order they were first needed. */
  readonly schemas: Map<string, unknown>;
  /** The component key of a file (its whole schema), adding it on first use. */
  keyOf(file: string): string;
  /** `#/components/schemas/...` for a resolved target. */
  refFor(file: string, pointer: string): string;
}

/** A component key: the file name without `.json`, made unique and limited to AsyncAPI's key alphabet. */
function fileKey(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.json$/, '');
  return base.replace(/[^A-Za-z0-9._-]/g, '_') || 'schema';
}

export function createComponents(model: ContractSet, prefix = '#/components/schemas'): SchemaComponents {
  const schemas = new Map<string, unknown>();
  const keys = new Map<string, string>();
  const idsFile = model.ids?.path;
  const components: SchemaComponents = {
    schemas,
    keyOf(file) {
      let key = keys.get(file);
      if (key !== undefined) return key;
      key = fileKey(file);
      for (let n = 2; [...keys.values()].includes(key) || schemas.has(key); n++) key = `${fileKey(file)}_${n}`;
      keys.set(file, key);
      schemas.set(key, null); // reserved now, filled below: references may be circular
      schemas.set(key, portable(model, file, model.json.get(file)?.doc.value, components));
      return key;
    },
    refFor(file, pointer) {
      const segments = parsePointer(pointer) ?? [];
      // A shared ID definition is a component of its own, named after the definition.
      const [group, name, ...deeper] = segments;
      if (file === idsFile && group === '$defs' && name !== undefined && !deeper.length && /^[A-Za-z0-9._-]+$/.test(name)) {
        if (!schemas.has(name)) {
          schemas.set(name, null);
          const value = (model.json.get(file)?.doc.value as Record<string, Record<string, unknown>> | undefined)?.$defs?.[name];
          schemas.set(name, portable(model, file, value, components));
        }
        return `${prefix}/${escapeSegment(name)}`;
      }
      return joinPointer(`${prefix}/${escapeSegment(components.keyOf(file))}`, ...segments);
    },
  };
  return components;
}

/** A deep copy of `value` (a schema found in `file`) with every `$ref` pointing into the document. */
export function portable(model: ContractSet, file: string, value: unknown, components: SchemaComponents, depth = 0): unknown {
  if (depth > 200 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => portable(model, file, v, components, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === '$id' || key === '$schema' || key === '$comment') continue;
    if (key === '$ref' && typeof child === 'string') {
      const target = resolveRef(model, file, child);
      // Unresolvable references are check's to report; an open schema keeps the document valid.
      out.$ref = target.kind === 'local' ? components.refFor(target.file, target.pointer) : undefined;
      if (out.$ref === undefined) delete out.$ref;
      continue;
    }
    Object.defineProperty(out, key, { value: DATA_KEYWORDS.has(key) ? child : portable(model, file, child, components, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
