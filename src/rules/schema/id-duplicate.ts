import { schemaIds } from '../../schema/schema-ids.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'schema/id-duplicate',
  severity: 'error',
  preset: 'recommended',
  description: 'No two schemas may declare the same "$id"',
  help: 'References resolve by "$id", so when two files claim the same one, every reference to it reaches the same file and the other schema can never be referenced (a copied schema that kept its original\'s "$id" is the usual cause). The file whose path the "$id" names keeps it; give every other file its own "$id" ending with its own path.',
  check(model, report) {
    const ids = schemaIds(model);
    for (const entry of ids.byFile.values()) {
      if (entry.duplicateOf === undefined) continue;
      const expected = ids.expected(entry.file);
      report({
        file: entry.file,
        pointer: '/$id',
        message: `$id "${entry.id}" is already declared by ${entry.duplicateOf}, so references to it reach that file, never this one; give this schema its own $id${expected ? ` "${expected}"` : ` ending with /${entry.file}`}`,
      });
    }
  },
});
