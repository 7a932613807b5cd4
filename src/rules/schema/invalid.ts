import { dialectOf } from '../../schema/compile.js';
import { schemaIndex } from '../../schema/schema-index.js';
import { schemaProblems } from '../../schema/schema-problems.js';
import { defineRule } from '../define.js';
import { fileHash } from '../memo.js';

export default defineRule({
  id: 'schema/invalid',
  severity: 'error',
  preset: 'minimal',
  description: 'Every schema file must be a valid JSON Schema that ajv accepts in strict mode',
  help: 'Each schema is validated against its dialect\'s meta-schema and walked for what ajv\'s strict mode rejects: unknown or non-standard keywords, unknown formats, keywords that cannot apply to the declared "type", a "required" property that "additionalProperties": false forbids, an ignored "additionalItems", patterns that are not valid Unicode regular expressions, and repeated anchors (schemas without a "type" and union types are accepted). Validators and code generators silently ignore or misread such schemas, so examples and events end up checked against something other than what was written. Fix the keyword at the reported position; references are checked by the schema/ref-* rules and "$schema" by schema/dialect.',
  check(model, report, context) {
    for (const { schema, nodes } of schemaIndex(model)) {
      const compute = () => {
        const options = { nodes, rootIsObject: schema.role === 'payload' };
        return schemaProblems(schema.doc.value, dialectOf(schema.doc.value), options).map((problem) => ({ file: schema.path, pointer: problem.pointer, at: problem.at, message: problem.message }));
      };
      // A schema's problems depend on its own text and role only.
      const found = context.memo ? context.memo.findings('schema/invalid', [schema.path, schema.role, fileHash(model, schema.path)], compute) : compute();
      for (const finding of found) report(finding);
    }
  },
});
