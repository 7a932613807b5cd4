import { summarize } from '../diagnostics/diagnostic.js';
import type { Formatter } from './types.js';

/** The stable machine format: `{ version: 1, summary, diagnostics }`. */
export const formatJson: Formatter = (report) => {
  const { errors, warnings, infos } = summarize(report.diagnostics);
  const diagnostics = report.diagnostics.map((d) => ({
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    pointer: d.pointer ?? null,
    // Which catalogue message the text was filled from, and with what (src/diagnostics/catalogue.ts), when it has one.
    ...(d.messageId !== undefined ? { messageId: d.messageId, args: d.args ?? {} } : {}),
  }));
  const summary = {
    errors,
    warnings,
    infos,
    ...(report.stats ? { checked: report.stats } : {}),
    // Only present when an ignore entry or a baseline hid something, so plain runs keep their shape.
    ...(report.suppressed && (report.suppressed.ignored || report.suppressed.baselined) ? { suppressed: report.suppressed } : {}),
  };
  return JSON.stringify({ version: 1, summary, diagnostics }, null, 2) + '\n';
};
