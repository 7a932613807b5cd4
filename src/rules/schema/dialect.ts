import { joinPointer } from '../../json/pointer.js';
import { DIALECT_URIS } from '../../schema/compile.js';
import { closestDialect, inferDialect } from '../../schema/dialect-infer.js';
import { DIALECT_SCHEMA_URI } from '../../schema/dialect-tools.js';
import { schemaIndex } from '../../schema/schema-index.js';
import { isSchemaObject } from '../../schema/walk.js';
import { defineRule } from '../define.js';

const SUPPORTED = `"${DIALECT_SCHEMA_URI['2020-12']}" (or "${DIALECT_SCHEMA_URI['draft-07']}")`;

export default defineRule({
  id: 'schema/dialect',
  severity: 'error',
  preset: 'minimal',
  description: 'Every schema must declare a supported "$schema" (JSON Schema 2020-12 or draft-07)',
  help: 'The dialect decides what keywords mean, so a schema must say which one it is written in. Without "$schema", 2020-12 is assumed (a warning), or draft-07 when the schema uses a form only draft-07 gives meaning to (`items` as an array, `additionalItems`, `dependencies`) and nothing only 2020-12 has; any other meta-schema is an error, because meta-schemas are never fetched and the schema would be checked by rules it was not written for. Declare "$schema": "https://json-schema.org/draft/2020-12/schema" (or draft-07\'s "http://json-schema.org/draft-07/schema#").',
  check(model, report) {
    for (const { schema, nodes } of schemaIndex(model)) {
      const value = schema.doc.value;
      if (!isSchemaObject(value)) continue; // not a schema object: schema/invalid reports it
      if (!Object.hasOwn(value, '$schema')) {
        const inferred = inferDialect(value);
        const message = inferred
          ? `no "$schema": it uses ${inferred.evidence}, so JSON Schema ${inferred.dialect} is assumed; declare it with "$schema": "${DIALECT_SCHEMA_URI[inferred.dialect]}"`
          : `no "$schema": JSON Schema 2020-12 is assumed; declare it with "$schema": "${DIALECT_SCHEMA_URI['2020-12']}"`;
        report({ file: schema.path, pointer: '', severity: 'warning', message });
      }
      for (const { node, pointer } of nodes) {
        if (!Object.hasOwn(node, '$schema')) continue;
        const declared = node.$schema;
        if (typeof declared === 'string' && DIALECT_URIS[declared]) continue;
        const what = typeof declared === 'string' ? `"$schema" "${declared}" is not a supported dialect` : `"$schema" must be a string URI, not ${JSON.stringify(declared)}`;
        const hint = typeof declared === 'string' && /2020-12/.test(declared) ? ` (the 2020-12 meta-schema is exactly "${DIALECT_SCHEMA_URI['2020-12']}")` : typeof declared === 'string' && /draft-07/.test(declared) ? ` (the draft-07 meta-schema is exactly "${DIALECT_SCHEMA_URI['draft-07']}")` : '';
        const readAs = (typeof declared === 'string' ? closestDialect(declared) : undefined) ?? '2020-12';
        const why = typeof declared === 'string' ? `meta-schemas are never fetched, so it is checked as ${readAs}` : 'it is checked as 2020-12';
        report({ file: schema.path, pointer: joinPointer(pointer, '$schema'), message: `${what}${hint}; ${why}: use ${SUPPORTED}` });
      }
    }
  },
});
