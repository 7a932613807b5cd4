import { defineRule } from '../define.js';

export default defineRule({
  id: 'json/syntax',
  severity: 'error',
  preset: 'minimal',
  description: 'Every JSON file must parse',
  help: 'A JSON file that does not parse hides everything in it from the other checks. The diagnostic points at the first character the parser could not accept; fix it there (a missing comma, a trailing comma, an unquoted key, a comment).',
  check(model, report) {
    for (const file of model.json.values()) {
      for (const problem of file.doc.problems) {
        if (problem.kind === 'syntax') report({ file: file.path, message: problem.message, range: problem });
      }
    }
  },
});
