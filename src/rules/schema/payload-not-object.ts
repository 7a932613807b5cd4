import { joinPointer } from '../../json/pointer.js';
import type { ContractSet } from '../../model/types.js';
import { resolveRef } from '../../schema/refs.js';
import { typeList } from '../../schema/schema-problems.js';
import { isSchemaObject } from '../../schema/walk.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'schema/payload-not-object',
  severity: 'error',
  preset: 'recommended',
  description: 'A payload schema must declare "type": "object" at its root',
  help: 'Every event payload is a JSON object: consumers read named fields from it and code generators turn it into a class or interface. A payload schema whose root does not require an object (no "type", a different type, or a type that also allows null) accepts payloads no consumer can read. Declare "type": "object" at the root; a root "$ref" (or an "allOf" branch) that resolves to an object schema is fine too.',
  check(model, report) {
    for (const schema of model.schemas.values()) {
      if (schema.role !== 'payload' || !schema.doc.ok) continue;
      const value = schema.doc.value;
      if (typeof value === 'boolean') {
        report({ file: schema.path, pointer: '', message: `payload schema is \`${value}\`, which ${value ? 'accepts any value' : 'rejects every value'}; describe the payload as an object: { "type": "object", "properties": { … } }` });
        continue;
      }
      if (!isSchemaObject(value)) continue; // not a schema at all: schema/invalid reports it
      const verdict = objectVerdict(model, schema.path, value, new Set());
      if (verdict === 'object' || verdict === 'unknown') continue;
      const has = Object.hasOwn(value, 'type');
      const types = typeList(value.type);
      if (has && !types) continue; // a malformed "type" is schema/invalid's finding
      report({
        file: schema.path,
        pointer: has ? joinPointer('', 'type') : '',
        message: types
          ? `payload schema root has "type": ${JSON.stringify(value.type)}, but a payload must be an object${types.includes('object') ? ' (and only an object)' : ''}; set "type": "object"`
          : `payload schema root has no "type": any JSON value would be accepted as the payload; add "type": "object"`,
      });
    }
  },
});

/** Whether a schema only accepts objects: 'unknown' when that hinges on a reference that does not resolve. */
function objectVerdict(model: ContractSet, file: string, node: unknown, seen: Set<object>): 'object' | 'not' | 'unknown' {
  if (!isSchemaObject(node) || seen.has(node)) return 'not';
  seen.add(node);
  const types = typeList(node.type);
  if (types && types.length === 1 && types[0] === 'object') return 'object';
  let unknown = false;
  const branches: [string, unknown][] = [];
  if (typeof node.$ref === 'string') {
    const target = resolveRef(model, file, node.$ref);
    if (target.kind !== 'local') unknown = true;
    else branches.push([target.file, target.value]);
  }
  if (Array.isArray(node.allOf)) for (const branch of node.allOf) branches.push([file, branch]);
  for (const [f, branch] of branches) {
    const verdict = objectVerdict(model, f, branch, seen);
    if (verdict === 'object') return 'object';
    if (verdict === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'not';
}
