import { defineRule } from '../define.js';

export default defineRule({
  id: 'file/skipped',
  severity: 'warning',
  preset: 'minimal',
  description: 'Symbolic links and special files in the contracts folder are not followed',
  help: 'The checker never follows symbolic links (they can loop, or point outside the contracts root) and never reads devices, sockets or pipes. Whatever such an entry stands for is not checked: replace a link with the file itself.',
  check(model, report) {
    for (const problem of model.problems) {
      if (problem.kind === 'skipped') report({ file: problem.path, message: problem.message });
    }
  },
});
