/** One finding, as every formatter receives it. Positions are 1-based; `file` is a display path. */
import type { Fix } from './fix.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Diagnostic extends Range {
  rule: string;
  severity: Severity;
  message: string;
  file: string;
  /** JSON pointer into `file` when the finding is about a JSON value. */
  pointer?: string;
  /** The repair `check --fix` can make (paths relative to the contracts root); formatters do not show it. */
  fix?: Fix;
  /** Which of its id's message templates `message` was filled from (src/diagnostics/catalogue.ts), and with what. */
  messageId?: string;
  args?: Readonly<Record<string, string | number>>;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, position, rule, message. Output must not depend on rule or file-system order. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.rule, b.rule) ||
    cmp(a.message, b.message)
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function summarize(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number; infos: number } {
  let errors = 0, warnings = 0, infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
