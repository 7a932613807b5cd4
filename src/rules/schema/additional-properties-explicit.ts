import { schemaIndex } from '../../schema/schema-index.js';
import { isSchemaObject } from '../../schema/walk.js';
import { defineRule } from '../define.js';

const has = (o: object, k: string) => Object.hasOwn(o, k);

export default defineRule({
  id: 'schema/additional-properties-explicit',
  severity: 'warning',
  preset: 'strict',
  description: 'Every object in a payload schema should state "additionalProperties"',
  help: 'JSON Schema allows unknown properties unless told otherwise, so an object without "additionalProperties" silently accepts misspelt fields (ratedAt for rated_at) and lets producers add fields no consumer knows about. State the intent on every object with "properties": false to close it (the usual choice for payloads), or true / a schema to leave it open on purpose ("unevaluatedProperties" also counts). Only the strict preset runs this rule.',
  check(model, report) {
    for (const { schema, nodes } of schemaIndex(model)) {
      if (schema.role !== 'payload') continue;
      for (const { node, pointer } of nodes) {
        if (!isSchemaObject(node.properties)) continue;
        if (has(node, 'additionalProperties') || has(node, 'unevaluatedProperties')) continue;
        report({ file: schema.path, pointer: pointer === '' ? '/properties' : pointer, at: pointer === '' ? 'key' : 'value', message: `this object lists "properties" but does not say whether others are allowed; add "additionalProperties": false (or true, to keep it open on purpose)` });
      }
    }
  },
});
