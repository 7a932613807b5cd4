/**
 * What a formatter receives. Formatters know nothing about rules beyond this metadata; they
 * never import from src/rules.
 */
import type { Diagnostic, Severity } from '../core/diagnostic.js';

export interface RuleInfo {
  id: string;
  severity: Severity;
  description: string;
  help: string;
}

export interface LintReport {
  tool: { name: string; version: string; informationUri: string };
  /** What was checked, e.g. `{ contracts: 21, eventTypes: 44, … }`, for the summary line. */
  stats?: Record<string, number>;
  diagnostics: readonly Diagnostic[];
  /** Every rule that ran, for formats that describe them (SARIF). */
  rules: readonly RuleInfo[];
}

export interface FormatOptions {
  color: boolean;
}

export type Formatter = (report: LintReport, options: FormatOptions) => string;
