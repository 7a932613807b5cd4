/**
 * GitHub Actions workflow commands: one `::error|::warning|::notice` annotation per finding,
 * escaped exactly as GitHub's own toolkit (@actions/core) escapes them, so any message survives.
 * GitHub shows only a handful of annotations per step, hence the plain summary line at the end.
 */
import type { Severity } from '../diagnostics/diagnostic.js';
import { summaryLine } from './text.js';
import type { Formatter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export const formatGithub: Formatter = (report) => {
  const lines = report.diagnostics.map((d) => {
    const properties = [
      `file=${escapeProperty(d.file)}`,
      `line=${d.line}`,
      `col=${d.column}`,
      `endLine=${d.endLine}`,
      `endColumn=${d.endColumn}`,
      `title=${escapeProperty(d.rule)}`,
    ].join(',');
    return `::${COMMAND[d.severity]} ${properties}::${escapeData(d.message)}`;
  });
  lines.push(summaryLine(report));
  return lines.join('\n') + '\n';
};

/** @actions/core `escapeData`: the message after `::`. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** @actions/core `escapeProperty`: a `key=value` before `::`, where `:` and `,` are delimiters. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
