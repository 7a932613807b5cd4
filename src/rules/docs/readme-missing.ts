import { defineRule } from '../define.js';

export default defineRule({
  id: 'docs/readme-missing',
  severity: 'error',
  preset: 'recommended',
  description: 'Every contract folder must have a README.md',
  help: 'The README is where a contract states its purpose, owner, status and version and lists its events; for docs-only contracts it is the contract itself. Add <folder>/README.md (the name is case-sensitive). The finding sits on the folder\'s first file, since a missing file has no position of its own.',
  messages: {
    missing: 'contract folder "{folder}" has no README.md; add {folder}/README.md stating the contract\'s purpose, owner, status and version and listing its events',
    misnamed: 'contract folder "{folder}" has no README.md; rename {file} to {folder}/README.md (the name is case-sensitive)',
  },
  check(model, report) {
    // First file (sorted) and any misnamed readme per folder, in one pass over the file list.
    const firstFile = new Map<string, string>();
    const misnamed = new Map<string, string>();
    for (const path of model.paths) {
      const slash = path.indexOf('/');
      if (slash < 0) continue;
      const folder = path.slice(0, slash);
      if (!firstFile.has(folder)) firstFile.set(folder, path);
      if (path.slice(slash + 1).toLowerCase() === 'readme.md' && !misnamed.has(folder)) misnamed.set(folder, path);
    }
    for (const [name, contract] of model.contracts) {
      // Hidden folders (.github, .vscode) hold tooling, not contracts.
      if (contract.readme || name.startsWith('.')) continue;
      const file = firstFile.get(name);
      if (file === undefined) continue;
      const near = misnamed.get(name);
      const range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
      report(near ? { file, range, messageId: 'misnamed', args: { folder: name, file: near } } : { file, range, messageId: 'missing', args: { folder: name } });
    }
  },
});
