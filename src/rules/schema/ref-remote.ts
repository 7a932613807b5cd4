import { joinPointer } from '../../json/pointer.js';
import { schemaRefs } from '../../schema/ref-index.js';
import { describeRefProblem } from '../../schema/refs.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'schema/ref-remote',
  severity: 'error',
  preset: 'minimal',
  description: 'A "$ref" or "$dynamicRef" must not point to a remote schema',
  help: 'The tool never fetches anything, and contracts must be checkable offline and reproducibly, so a reference to an http(s), urn or other absolute URI that is not the "$id" of a schema in the set cannot be resolved. Copy the schema into the contracts folder and reference it by relative path (or by its "$id"). A "$schema" other than 2020-12 or draft-07 is reported by schema/dialect.',
  check(model, report) {
    for (const ref of schemaRefs(model)) {
      if (ref.target.kind !== 'remote') continue;
      const message = describeRefProblem(ref.ref, ref.target);
      report({ file: ref.file, pointer: joinPointer(ref.pointer, ref.keyword), message: ref.keyword === '$ref' ? message : message.replace(/^\$ref/, ref.keyword) });
    }
  },
});
