import { defineRule } from '../define.js';

export default defineRule({
  id: 'json/duplicate-key',
  severity: 'error',
  preset: 'minimal',
  description: 'A JSON object must not repeat a key',
  help: 'When a key appears twice in one object, JSON readers silently keep one of the values (most keep the last), so two people reading the same file can disagree about a contract. Remove or rename the duplicate.',
  check(model, report) {
    for (const file of model.json.values()) {
      for (const problem of file.doc.problems) {
        if (problem.kind === 'duplicate-key') report({ file: file.path, message: problem.message, range: problem, pointer: problem.pointer });
      }
    }
  },
});
