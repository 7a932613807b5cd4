import { joinPointer } from '../../json/pointer.js';
import { schemaIndex } from '../../schema/schema-index.js';
import { isSchemaObject } from '../../schema/walk.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'schema/property-description',
  severity: 'warning',
  preset: 'strict',
  description: 'Every payload property should have a "description"',
  help: 'A payload schema is the contract consumers read: a property without a description leaves its meaning (units, time zone, when it is absent, which person a *_person_id is) to guesswork, and generated types carry no documentation. Add a "description" to each property of every payload schema (a "$ref" to a shared ID definition may carry its own, saying which role the ID plays). Only the strict preset runs this rule.',
  check(model, report) {
    for (const { schema, nodes } of schemaIndex(model)) {
      if (schema.role !== 'payload') continue;
      for (const { node, pointer } of nodes) {
        if (!isSchemaObject(node.properties)) continue;
        for (const [name, value] of Object.entries(node.properties)) {
          if (!isSchemaObject(value) || (typeof value.description === 'string' && value.description.trim() !== '')) continue;
          report({ file: schema.path, pointer: joinPointer(pointer, 'properties', name), at: 'key', message: `property "${name}" has no "description"; say what it holds (and for an ID, whose it is)` });
        }
      }
    }
  },
});
