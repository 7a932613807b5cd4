import { schemaIds } from '../../schema/schema-ids.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'schema/id-mismatch',
  severity: 'error',
  preset: 'recommended',
  description: 'A schema\'s "$id" must be an absolute URI ending with the file\'s own path',
  help: 'Relative references inside a schema resolve against its "$id", and consumers find published schemas by it. An "$id" that names another path sends references (and readers) to the wrong place; a relative "$id" identifies nothing. Use the set\'s base URI followed by the file\'s path under the contracts root, e.g. "https://schemas.sguild.com/contracts/identity/schema/payloads/person.updated-v1.json". A copy of another schema\'s "$id" is reported by schema/id-duplicate instead.',
  check(model, report) {
    const ids = schemaIds(model);
    for (const entry of ids.byFile.values()) {
      if (entry.matchesPath || entry.duplicateOf !== undefined) continue;
      const expected = ids.expected(entry.file);
      const fix = expected ? `use "${expected}"` : `use an absolute URI ending with /${entry.file}`;
      report({
        file: entry.file,
        pointer: '/$id',
        message: entry.absolute
          ? `$id "${entry.id}" does not end with this file's path (${entry.file}), so relative $refs in it resolve against the wrong location; ${fix}`
          : `$id "${entry.id}" is relative, so it does not identify this schema; ${fix}`,
      });
    }
  },
});
