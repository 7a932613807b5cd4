import { joinPointer } from '../../json/pointer.js';
import { schemaRefs } from '../../schema/ref-index.js';
import { describeRefProblem } from '../../schema/refs.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'schema/ref-outside-root',
  severity: 'error',
  preset: 'minimal',
  description: 'A "$ref" must stay inside the contracts root',
  help: 'A reference that climbs above the contracts root with "..", or uses an absolute file path, depends on files that are not part of the contract set: they are not published with it and are never read. Move the referenced schema into the contracts folder and reference it by a relative path that stays inside.',
  check(model, report) {
    for (const ref of schemaRefs(model)) {
      if (ref.target.kind !== 'outside') continue;
      const message = describeRefProblem(ref.ref, ref.target);
      report({ file: ref.file, pointer: joinPointer(ref.pointer, ref.keyword), message: ref.keyword === '$ref' ? message : message.replace(/^\$ref/, ref.keyword) });
    }
  },
});
