import { dialectOf } from '../../schema/compile.js';
import { schemaIndex } from '../../schema/schema-index.js';
import { schemaProblems } from '../../schema/schema-problems.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'schema/invalid',
  severity: 'error',
  preset: 'minimal',
  description: 'Every schema file must be a valid JSON Schema that ajv accepts in strict mode',
  help: 'Each schema is validated against its dialect\'s meta-schema and walked for everything ajv\'s strict mode rejects: unknown or non-standard keywords, unknown formats, keywords that cannot apply to the declared type, a "required" property that "additionalProperties": false forbids, an ignored "additionalItems", patterns that are not valid Unicode regular expressions, and duplicate anchors. Validators and code generators silently ignore or misread such schemas, so examples and events are checked against something other than what was written. Fix the keyword at the reported position; references are checked by the schema/ref-* rules.',
  check(model, report) {
    for (const { schema, nodes } of schemaIndex(model)) {
      for (const problem of schemaProblems(schema.doc.value, dialectOf(schema.doc.value), nodes)) {
        report({ file: schema.path, pointer: problem.pointer, at: problem.at, message: problem.message });
      }
    }
  },
});
