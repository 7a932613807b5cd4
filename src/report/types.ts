/**
 * What a formatter receives. Formatters know nothing about rules beyond this metadata; they
 * never import from src/rules, so `check`, `diff` and anything else that produces a LintReport
 * share every output format.
 */
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';

export interface RuleInfo {
  id: string;
  severity: Severity;
  description: string;
  help: string;
  /** The lowest preset the rule belongs to (minimal ⊂ recommended ⊂ strict), when it has one. */
  preset?: string;
  /** Where the rule is documented, when not in docs/rules.md (diff's change kinds, validate's failure kinds). */
  helpUri?: string;
  /** Message templates by message id, `{name}` standing for an argument (src/diagnostics/catalogue.ts). */
  messages?: Readonly<Record<string, string>>;
}

export interface LintReport {
  tool: { name: string; version: string; informationUri: string };
  /** What was checked, e.g. `{ contracts: 21, eventTypes: 44, … }`, for the summary line. */
  stats?: Record<string, number>;
  diagnostics: readonly Diagnostic[];
  /** Every rule that ran, for formats that describe them (SARIF). */
  rules: readonly RuleInfo[];
  /** Display paths of every file that was checked, for formats that list clean files too (JUnit). */
  files?: readonly string[];
  /** Findings that were found but not reported: matched by an ignore entry or already in the baseline. */
  suppressed?: { ignored: number; baselined: number };
  /** The closing line, when the producer words its own verdict (diff, validate); else one is made from the counts. */
  summary?: string;
}

export interface FormatOptions {
  color: boolean;
}

export type Formatter = (report: LintReport, options: FormatOptions) => string;
