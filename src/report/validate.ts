/**
 * `validate --format github|junit|sarif`: each failure of an event as a finding at the event's
 * line in its input (`validate/<kind>`, the kinds of docs/validate.md), through the formatters
 * `check` uses. github streams an annotation per failure; junit and sarif are whole documents,
 * written once the stream is read. When the contracts cannot validate events, the `check`
 * errors that say why are the findings.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ContractsBlocker } from '../validate/contracts.js';
import { blockedLine, verdictLine, type ValidateFormatter } from '../validate/report.js';
import type { EventResult } from '../validate/run.js';
import { formatGithub } from './github.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import type { Formatter, LintReport, RuleInfo } from './types.js';

export type ValidateDocumentFormat = 'github' | 'junit' | 'sarif';

const FORMATTERS: Record<ValidateDocumentFormat, Formatter> = { github: formatGithub, junit: formatJunit, sarif: formatSarif };

/** The findings of one event with failures. */
export function eventDiagnostics(r: EventResult): Diagnostic[] {
  // `evt_… lesson.delivered v1 at /payload/x: message`; what the event does not say is left out.
  const event = [r.eventId, r.eventType === undefined ? undefined : `${r.eventType} v${r.schemaVersion ?? '?'}`].filter((s) => s !== undefined).join(' ');
  const where = (pointer: string) => [event, pointer === '' ? '' : `at ${pointer}`].filter(Boolean).join(' ');
  return r.failures.map((f) => ({
    rule: `validate/${f.kind}`,
    severity: f.severity,
    message: where(f.pointer) ? `${where(f.pointer)}: ${f.message}` : f.message,
    file: r.input,
    pointer: f.pointer,
    line: r.line,
    column: 1,
    endLine: r.line,
    endColumn: 1,
  }));
}

/**
 * A formatter for `validate`. `inputs`: the names of every input, so JUnit lists the clean ones
 * too; `tool`: the report's tool block.
 */
export function validateFormatter(format: ValidateDocumentFormat, tool: LintReport['tool'], inputs: readonly string[], reroot: (report: LintReport) => LintReport = (r) => r): ValidateFormatter {
  const docs = `${tool.informationUri.replace(/\/+$/, '')}/blob/main/docs/validate.md#checks`;
  const found: Diagnostic[] = [];
  const rules = new Map<string, RuleInfo>();
  const describe = (d: Diagnostic) => {
    if (!rules.has(d.rule)) {
      const kind = d.rule.slice(d.rule.indexOf('/') + 1);
      rules.set(d.rule, { id: d.rule, severity: d.severity, description: `An event fails the ${kind} check`, help: `See the ${kind} row of the checks table in docs/validate.md for what it checks and how to fix the event.`, helpUri: docs });
    }
  };
  const report = (diagnostics: readonly Diagnostic[], summary: string, ruleList: readonly RuleInfo[]): LintReport => ({ tool, diagnostics, rules: ruleList, files: [...inputs], summary });
  // SARIF paths are relative to the repository root (%SRCROOT%), as check's are.
  const write = (lint: LintReport) => FORMATTERS[format](format === 'sarif' ? reroot(lint) : lint, { color: false });
  return {
    event(r) {
      const diagnostics = eventDiagnostics(r);
      for (const d of diagnostics) describe(d);
      // Annotations stream as events are read; the documents are written whole at the end.
      if (format === 'github') return formatGithub(report(diagnostics, '', []), { color: false }).replace(/\n\n$/, '\n');
      found.push(...diagnostics);
      return '';
    },
    summary(s) {
      if (format === 'github') return `${verdictLine(s)}\n`;
      return write(report(found, verdictLine(s), [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))));
    },
    blocked(b: ContractsBlocker, fix: string) {
      const line = blockedLine(b, fix);
      return write({ ...report(b.diagnostics, line, b.rules), files: [] });
    },
  };
}
