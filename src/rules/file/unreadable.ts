import { defineRule } from '../define.js';

export default defineRule({
  id: 'file/unreadable',
  severity: 'error',
  preset: 'minimal',
  description: 'Every file in the contracts folder must be readable',
  help: 'A file the tool cannot read (permissions, a vanished file) is a file whose contract was not checked. Fix the permissions or remove the file.',
  check(model, report) {
    for (const problem of model.problems) {
      if (problem.kind === 'unreadable' && !/UTF-8/.test(problem.message)) report({ file: problem.path, message: problem.message });
    }
  },
});
