import { defineRule } from '../define.js';

export default defineRule({
  id: 'file/not-utf8',
  severity: 'error',
  preset: 'minimal',
  description: 'Contract files must be UTF-8',
  help: 'JSON must be exchanged as UTF-8 (RFC 8259), and the documents are read as UTF-8 too. Re-save the file as UTF-8; the diagnostic gives the offset of the first invalid byte.',
  check(model, report) {
    for (const file of model.json.values()) {
      for (const problem of file.doc.problems) {
        if (problem.kind === 'encoding') report({ file: file.path, message: problem.message, range: problem });
      }
    }
    for (const problem of model.problems) {
      if (problem.kind === 'encoding') report({ file: problem.path, message: problem.message, range: problem.range });
    }
  },
});
