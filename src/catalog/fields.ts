/**
 * A payload schema as a readable field table: one row per property, nested properties written
 * `details.label` and array items `attendance[].status`, with the type, whether it is required,
 * the constraints in words and the description. `$ref`s are followed with the tool's resolver; a
 * reference to a shared ID definition is shown as that ID kind (`person_id`, pattern `per_…`).
 */
import type { ContractSet } from '../model/types.js';
import { resolveRef } from '../schema/refs.js';
import { isSchemaObject, type SchemaNode } from '../schema/walk.js';

export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  constraints: string[];
  description: string;
  /** Nesting depth, for indentation. */
  depth: number;
}

const MAX_DEPTH = 12;
const MAX_ROWS = 500;

const own = (o: SchemaNode, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const show = (v: unknown) => JSON.stringify(v);

interface Resolved {
  node: SchemaNode;
  file: string;
  /** The shared ID definition the node came from, e.g. `person_id`. */
  idKind?: string;
}

/** Follows `$ref` chains (a few hops); sibling keywords of the referring node win. */
function resolve(model: ContractSet, file: string, node: SchemaNode): Resolved {
  let current: Resolved = { node, file };
  const siblings: SchemaNode = {};
  for (let hops = 0; hops < 8; hops++) {
    const ref = own(current.node, '$ref');
    if (typeof ref !== 'string') break;
    for (const [k, v] of Object.entries(current.node)) if (k !== '$ref' && !(k in siblings)) siblings[k] = v;
    const target = resolveRef(model, current.file, ref);
    if (target.kind !== 'local' || !isSchemaObject(target.value)) break;
    const idKind = model.ids && target.file === model.ids.path ? /^\/\$defs\/([^/]+)$/.exec(target.pointer)?.[1] : undefined;
    current = { node: target.value, file: target.file, idKind: idKind ?? current.idKind };
  }
  const merged: SchemaNode = { ...current.node };
  for (const [k, v] of Object.entries(siblings)) merged[k] = v;
  delete merged.$ref;
  return { ...current, node: merged };
}

function typeOf(node: SchemaNode, idKind: string | undefined): string {
  if (idKind) return `string (${idKind})`;
  const type = own(node, 'type');
  const base = Array.isArray(type) ? type.join(' | ') : typeof type === 'string' ? type : undefined;
  if (base === 'array') {
    const items = own(node, 'items');
    const itemType = isSchemaObject(items) && typeof own(items, 'type') === 'string' ? String(own(items, 'type')) : isSchemaObject(items) && own(items, '$ref') ? 'ref' : 'any';
    return `array of ${itemType === 'object' ? 'objects' : itemType}`;
  }
  if (base) return base;
  if (own(node, 'const') !== undefined) return 'const';
  if (Array.isArray(own(node, 'enum'))) return 'enum';
  for (const k of ['oneOf', 'anyOf', 'allOf']) if (Array.isArray(own(node, k))) return k;
  return 'any';
}

function constraintsOf(node: SchemaNode): string[] {
  const out: string[] = [];
  const add = (key: string, label: string) => {
    const v = own(node, key);
    if (v !== undefined) out.push(`${label} ${typeof v === 'string' ? v : show(v)}`);
  };
  if (Array.isArray(own(node, 'enum'))) out.push(`one of ${(own(node, 'enum') as unknown[]).map(show).join(', ')}`);
  if (own(node, 'const') !== undefined) out.push(`always ${show(own(node, 'const'))}`);
  add('format', 'format');
  add('pattern', 'pattern');
  add('minLength', 'min length');
  add('maxLength', 'max length');
  add('minimum', '≥');
  add('exclusiveMinimum', '>');
  add('maximum', '≤');
  add('exclusiveMaximum', '<');
  add('multipleOf', 'multiple of');
  add('minItems', 'min items');
  add('maxItems', 'max items');
  if (own(node, 'uniqueItems') === true) out.push('unique items');
  add('minProperties', 'min properties');
  add('maxProperties', 'max properties');
  if (own(node, 'additionalProperties') === false) out.push('no other properties');
  add('default', 'default');
  for (const k of ['oneOf', 'anyOf']) {
    const list = own(node, k);
    if (Array.isArray(list)) out.push(`${k === 'oneOf' ? 'exactly one' : 'at least one'} of ${list.length} alternatives`);
  }
  return out;
}

export function fieldRows(model: ContractSet, file: string, schema: unknown): FieldRow[] {
  const rows: FieldRow[] = [];
  const visit = (raw: unknown, at: string, prefix: string, depth: number) => {
    if (!isSchemaObject(raw) || depth > MAX_DEPTH || rows.length >= MAX_ROWS) return;
    const { node, file: from } = resolve(model, at, raw);
    // allOf parts contribute their properties to the same object.
    const parts: [SchemaNode, string][] = [[node, from]];
    const allOf = own(node, 'allOf');
    if (Array.isArray(allOf)) for (const part of allOf) if (isSchemaObject(part)) { const r = resolve(model, from, part); parts.push([r.node, r.file]); }
    for (const [part, partFile] of parts) {
      const properties = own(part, 'properties');
      const required = new Set(Array.isArray(own(part, 'required')) ? (own(part, 'required') as unknown[]).filter((r): r is string => typeof r === 'string') : []);
      if (!isSchemaObject(properties)) continue;
      for (const [name, child] of Object.entries(properties)) {
        if (rows.length >= MAX_ROWS) return;
        if (!isSchemaObject(child)) continue;
        const resolved = resolve(model, partFile, child);
        const path = prefix ? `${prefix}.${name}` : name;
        const description = typeof own(resolved.node, 'description') === 'string' ? String(own(resolved.node, 'description')) : typeof own(resolved.node, 'title') === 'string' ? String(own(resolved.node, 'title')) : '';
        let type = typeOf(resolved.node, resolved.idKind);
        const itemsSchema = own(resolved.node, 'items');
        if (type === 'array of ref' && isSchemaObject(itemsSchema)) {
          const item = resolve(model, resolved.file, itemsSchema);
          const itemType = typeOf(item.node, item.idKind);
          type = `array of ${itemType === 'object' ? 'objects' : itemType}`;
        }
        rows.push({ path, type, required: required.has(name), constraints: constraintsOf(resolved.node), description, depth });
        if (resolved.idKind) continue;
        visit(resolved.node, resolved.file, path, depth + 1);
        const items = own(resolved.node, 'items');
        if (isSchemaObject(items)) visit(items, resolved.file, `${path}[]`, depth + 1);
      }
    }
  };
  visit(schema, file, '', 0);
  return rows;
}
