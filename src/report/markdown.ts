/**
 * GitHub-flavoured Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a summary line
 * and one table row per finding. Cell text is escaped so a message can neither break the table
 * (`|`, newlines) nor inject markup (`<`, `*`, `[` …).
 */
import { summaryLine } from './text.js';
import type { Formatter } from './types.js';

/** GitHub truncates step summaries at 1 MiB; past this many rows the table says how many it left out. */
export const MAX_ROWS = 1000;

export const formatMarkdown: Formatter = (report) => {
  const lines = [`### ${report.tool.name}: ${escapeCell(summaryLine(report))}`, ''];
  if (report.diagnostics.length) {
    lines.push('| Severity | Rule | Location | Message |', '| --- | --- | --- | --- |');
    for (const d of report.diagnostics.slice(0, MAX_ROWS)) {
      lines.push(`| ${d.severity} | ${code(d.rule)} | ${code(`${d.file}:${d.line}:${d.column}`)} | ${escapeCell(d.message)} |`);
    }
    if (report.diagnostics.length > MAX_ROWS) lines.push('', `…and ${report.diagnostics.length - MAX_ROWS} more; see the full report.`);
    lines.push('');
  }
  return lines.join('\n');
};

/** Plain text for a table cell: Markdown punctuation backslash-escaped, HTML-significant characters as entities, line breaks as <br>. */
export function escapeCell(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** A code span; a backtick cannot be escaped inside one, so the span uses a longer fence when needed. */
function code(value: string): string {
  const cell = value.replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, ' ');
  let fence = '`';
  while (cell.includes(fence)) fence += '`';
  const pad = cell.startsWith('`') || cell.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${cell}${pad}${fence}`;
}

/** The anchor GitHub gives the heading ``### `group/name` `` (its slugger drops `/` and backticks). */
export function ruleAnchor(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

/**
 * Prose from rule metadata as Markdown: it is written as Markdown already (backticks, **bold**),
 * but a bare `<contract>` outside a code span would be swallowed as an HTML tag.
 */
export function markdownText(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}
