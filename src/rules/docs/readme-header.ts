import { scanMarkdown } from '../../docs/markdown.js';
import { defineRule } from '../define.js';

const HEADER_LINES = 30;
const FIELDS = ['Status', 'Owner', 'Version'] as const;
/**
 * `Status: x`, `**Status:** x`, `**Status**: x`, `- Status: x`, `> Status: x` (any case), or a
 * table row `| Status | x |`, at the start of a line.
 */
const LABEL = /^[ \t]*(?:(?:[-*+]|>)[ \t]*)*(?:\*\*|__|\*|_)?[ \t]*(status|owner|version)[ \t]*(?:\*\*|__|\*|_)?[ \t]*:/i;
const TABLE_LABEL = /^[ \t]*\|[ \t]*(?:\*\*|__|\*|_)?[ \t]*(status|owner|version)[ \t]*(?:\*\*|__|\*|_)?[ \t]*:?[ \t]*\|/i;

export default defineRule({
  id: 'docs/readme-header',
  severity: 'warning',
  preset: 'recommended',
  description: 'A contract README should state its status, owner and version near the top',
  help: 'Status, owner and version tell a reader whether a contract is live, whom to ask, and which revision they are reading; for docs-only contracts the README is the only place that says so. Put "**Status:** …", "**Owner:** …" and "**Version:** …" lines (bold or plain, any case, or a table row) within the first 30 lines of the README.',
  check(model, report) {
    for (const contract of model.contracts.values()) {
      const readme = contract.readme;
      if (!readme) continue;
      const found = new Set<string>();
      for (const line of scanMarkdown(readme).lines.slice(0, HEADER_LINES)) {
        const label = (LABEL.exec(line) ?? TABLE_LABEL.exec(line))?.[1];
        if (label !== undefined) found.add(label.toLowerCase());
      }
      const missing = FIELDS.filter((f) => !found.has(f.toLowerCase()));
      if (missing.length === 0) continue;
      const lines = missing.map((f) => `"**${f}:** ${f === 'Status' ? 'active' : f === 'Owner' ? '<team>' : '<x.y.z>'}"`);
      report({
        file: readme.path,
        range: { line: 1, column: 1, endLine: 1, endColumn: 1 },
        message: `the README does not state its ${andList(missing.map((f) => f.toLowerCase()))} in its first ${HEADER_LINES} lines; add ${andList(lines)} below the title`,
      });
    }
  },
});

/** `a`, `a and b`, `a, b and c`. */
function andList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
