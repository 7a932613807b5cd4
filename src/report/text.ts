import { Chalk } from 'chalk';
import { summarize } from '../diagnostics/diagnostic.js';
import type { Formatter, LintReport } from './types.js';
import { plural } from '../core/text.js';

/** Human format: grouped by file, `line:col  severity  message  rule`, then a summary line. */
export const formatText: Formatter = (report, { color }) => {
  const c = new Chalk({ level: color ? 1 : 0 });
  const paint = { error: c.red, warning: c.yellow, info: c.blue };
  const lines: string[] = [];
  let current: string | undefined;
  for (const d of report.diagnostics) {
    if (d.file !== current) {
      if (current !== undefined) lines.push('');
      lines.push(c.underline(d.file));
      current = d.file;
    }
    const position = `${d.file}:${d.line}:${d.column}`;
    lines.push(`  ${position}  ${paint[d.severity](d.severity.padEnd(7))}  ${d.message}  ${c.dim(d.rule)}`);
  }
  if (lines.length) lines.push('');
  const summary = summaryLine(report);
  lines.push(!report.diagnostics.length ? c.green(summary) : summarize(report.diagnostics).errors ? c.red(summary) : c.yellow(summary));
  return lines.join('\n') + '\n';
};

/**
 * `✖ 2 errors, 1 warning in 21 contracts, … (3 ignored, 5 in baseline)`, or `✔ no problems found …`.
 * Shared by the text, github and markdown formats so the summary reads the same everywhere.
 */
export function summaryLine(report: LintReport): string {
  if (report.summary !== undefined) return report.summary;
  const { errors, warnings, infos } = summarize(report.diagnostics);
  const checked = report.stats ? ` in ${describeStats(report.stats)}` : '';
  const hidden: string[] = [];
  if (report.suppressed?.ignored) hidden.push(`${report.suppressed.ignored} ignored`);
  if (report.suppressed?.baselined) hidden.push(`${report.suppressed.baselined} in baseline`);
  const suffix = hidden.length ? ` (${hidden.join(', ')})` : '';
  if (!report.diagnostics.length) return `✔ no problems found${checked}${suffix}`;
  // Warnings alone do not fail a run by default: no ✖ and no "0 errors" then.
  const parts = errors ? [plural(errors, 'error'), plural(warnings, 'warning')] : warnings ? [plural(warnings, 'warning')] : [];
  if (infos) parts.push(plural(infos, 'info', 'infos'));
  return `${errors ? '✖' : '⚠'} ${parts.join(', ')}${checked}${suffix}`;
}


const STAT_NAMES: Record<string, [string, string]> = {
  contracts: ['contract', 'contracts'],
  eventTypes: ['event type', 'event types'],
  versions: ['version', 'versions'],
  schemas: ['schema', 'schemas'],
  examples: ['example', 'examples'],
  documents: ['document', 'documents'],
};

export function describeStats(stats: Record<string, number>): string {
  return Object.entries(stats)
    .map(([key, n]) => {
      const [one, many] = STAT_NAMES[key] ?? [key, key];
      return `${n} ${n === 1 ? one : many}`;
    })
    .join(', ');
}
