import { defineRule } from '../define.js';

export default defineRule({
  id: 'file/skipped',
  severity: 'warning',
  preset: 'minimal',
  description: 'Every entry in the contracts folder must be a regular, readable file',
  help: 'The checker never follows symbolic links (they can loop, or point outside the contracts root) and never reads devices, sockets or pipes; whatever such an entry stands for is not checked, so it is a warning: replace a link with the file itself. A file that cannot be read at all (permissions, a file that vanished mid-run) is an error: its contract was not checked.',
  check(model, report) {
    for (const problem of model.problems) {
      if (problem.kind === 'skipped') report({ file: problem.path, message: problem.message });
      else if (problem.kind === 'unreadable') report({ file: problem.path, message: problem.message, severity: 'error' });
    }
  },
});
