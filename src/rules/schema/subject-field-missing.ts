import type { ContractSet, EventTypeEntry } from '../../model/types.js';
import { idRefFrom, nameFitsKind } from '../../schema/id-kinds.js';
import { resolveRef } from '../../schema/refs.js';
import { isSchemaObject } from '../../schema/walk.js';
import { defineRule } from '../define.js';

/** Subjects a payload leaves to the envelope (see help): an event is about itself. */
const ENVELOPE_ONLY = new Set(['event']);

export default defineRule({
  id: 'schema/subject-field-missing',
  severity: 'warning',
  preset: 'recommended',
  description: 'A payload should carry the ID of its event type\'s subject',
  help: 'When the registry gives an event type a subject kind (say "lesson"), consumers expect the payload to name that subject too ("lesson_id", or "<role>_lesson_id"), so they can use the payload without re-parsing the envelope\'s "subject". This holds for person subjects too ("person_id", or a role such as "buyer_person_id"); only event subjects are exempt. A payload designed to leave the subject to the envelope is a documented exception: ignore it in the configuration with the reason. Add the property, referencing the shared ID definition.',
  check(model, report) {
    const registry = model.registry;
    if (!registry) return;
    // Payload path → registry entry, built once (never a loop over event types × files).
    const bySchema = new Map<string, EventTypeEntry>();
    for (const entry of registry.eventTypes.values()) {
      for (const version of entry.versions.values()) if (version.schema !== undefined && !bySchema.has(version.schema)) bySchema.set(version.schema, entry);
    }
    for (const schema of model.schemas.values()) {
      if (schema.role !== 'payload' || !schema.doc.ok || !isSchemaObject(schema.doc.value)) continue;
      const entry = bySchema.get(schema.path);
      const kind = entry?.subject;
      if (!entry || kind === undefined || ENVELOPE_ONLY.has(kind)) continue;
      if (registry.idKinds.size && !registry.idKinds.has(kind)) continue; // unknown kind: a registry rule reports it
      const names = topLevelProperties(model, schema.path, schema.doc.value);
      if (names === undefined || [...names].some((n) => nameFitsKind(n, kind))) continue;
      const root = schema.doc.value;
      const ref = idRefFrom(model, schema.path, kind);
      report({
        file: schema.path,
        pointer: Object.hasOwn(root, 'properties') ? '/properties' : '',
        at: 'key',
        message: `${entry.name} has subject "${kind}" in the registry, but its payload has no ${kind}_id property (nor one ending in _${kind}_id); add "${kind}_id"${ref ? `: {"$ref": "${ref}"}` : ''} so consumers can tell which ${kind} the event is about`,
      });
    }
  },
});

/** Property names declared at the payload's top level, through root "$ref" and "allOf"; undefined when a reference does not resolve. */
function topLevelProperties(model: ContractSet, file: string, root: Record<string, unknown>): Set<string> | undefined {
  const names = new Set<string>();
  const stack: [string, unknown][] = [[file, root]];
  const seen = new Set<object>();
  while (stack.length) {
    const [f, node] = stack.pop()!;
    if (!isSchemaObject(node) || seen.has(node)) continue;
    seen.add(node);
    if (isSchemaObject(node.properties)) for (const name of Object.keys(node.properties)) names.add(name);
    if (typeof node.$ref === 'string') {
      const target = resolveRef(model, f, node.$ref);
      if (target.kind !== 'local') return undefined;
      stack.push([target.file, target.value]);
    }
    if (Array.isArray(node.allOf)) for (const branch of node.allOf) stack.push([f, branch]);
  }
  return names;
}
