/**
 * `diff --format github|sarif`: the changes as findings on their lines in the new side's file
 * (removals on their parent there), so a pull request shows each breaking change where it was
 * made. The findings go through the same formatters as `check`'s; the rule of a change is its
 * kind (`diff/TYPE_NARROWED`, documented in docs/diff.md), breaking is an error, warning a
 * warning, info a note; the closing line is the diff's own verdict.
 */
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { describeCounts, verdictOf, type DiffFormatOptions } from '../diff/format-common.js';
import { kindInfo } from '../diff/kinds.js';
import { describeConsumers } from '../diff/consumers.js';
import type { ChangeLocation } from '../diff/positions.js';
import { describeFix, describeSemver } from '../diff/report.js';
import type { Change, ChangeSeverity, DiffReport } from '../diff/types.js';
import { formatGithub } from './github.js';
import { formatSarif } from './sarif.js';
import type { LintReport, RuleInfo } from './types.js';

const SEVERITY: Record<ChangeSeverity, Severity> = { breaking: 'error', warning: 'warning', info: 'info' };

export interface DiffAnnotationOptions extends DiffFormatOptions {
  tool: LintReport['tool'];
  /** Where each change is annotated (src/diff/positions.ts `annotationLocation`). */
  locate: (change: Change) => ChangeLocation;
  /** For SARIF: the report with its paths made relative to the repository root. */
  reroot?: (report: LintReport) => LintReport;
}

export type DiffAnnotationFormatter = (report: DiffReport, options: DiffAnnotationOptions) => string;

/** Breaking changes and warnings as annotations (info changes only count in the closing line: GitHub shows a handful per step). */
export const formatDiffGithub: DiffAnnotationFormatter = (report, options) => {
  const lint = asLintReport(report, options);
  return formatGithub({ ...lint, diagnostics: lint.diagnostics.filter((d) => d.severity !== 'info') }, { color: false });
};

export const formatDiffSarif: DiffAnnotationFormatter = (report, options) => {
  const lint = asLintReport(report, options);
  return formatSarif(options.reroot ? options.reroot(lint) : lint, { color: false });
};

/** The diff as findings, for the formats `check` shares. */
export function asLintReport(report: DiffReport, options: DiffAnnotationOptions): LintReport {
  const docs = `${options.tool.informationUri.replace(/\/+$/, '')}/blob/main/docs/diff.md#change-kinds`;
  const rules = new Map<string, RuleInfo>();
  const diagnostics: Diagnostic[] = report.changes.map((change) => {
    const rule = `diff/${change.kind}`;
    if (!rules.has(rule)) {
      const info = kindInfo(change.kind);
      rules.set(rule, { id: rule, severity: SEVERITY[change.severity], description: info.description, help: `${info.description}. See docs/diff.md for what each change kind means and when it breaks readers or writers.`, helpUri: docs });
    }
    const at = options.locate(change);
    const side = at.side === 'old' ? options.old : options.new;
    const root = side.displayRoot?.replace(/\/+$/, '');
    const version = change.schemaVersion !== undefined ? ` v${change.schemaVersion}` : '';
    const subject = change.eventType !== undefined ? `${change.eventType}${version}: ` : '';
    const consumers = change.consumers?.length ? ` (${describeConsumers(change)})` : '';
    return {
      rule,
      severity: SEVERITY[change.severity],
      message: `${subject}${change.message}${consumers}`,
      file: root && root !== '.' ? `${root}/${at.file}` : at.file,
      pointer: change.pointer,
      ...at.range,
    };
  });
  const verdict = verdictOf(report);
  const fix = describeFix(report.semver);
  const semver = `semver: ${describeSemver(report.semver)}${report.semver.sufficient ? '' : ` (declared bump is too small${fix ? `: ${fix}` : ''})`}`;
  const summary = verdict === 'unchanged' ? `✔ no changes; ${semver}` : `${verdict === 'breaking' ? '✖' : verdict === 'warning' ? '⚠' : '✔'} ${describeCounts(report.changes)}; ${semver}`;
  return { tool: options.tool, diagnostics, rules: [...rules.values()], summary };
}
