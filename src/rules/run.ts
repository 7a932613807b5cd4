/** Runs rules over a model and turns their findings into positioned, sorted diagnostics. */
import { compareDiagnostics, type Diagnostic, type Range } from '../core/diagnostic.js';
import { displayPath } from '../core/paths.js';
import type { ContractSet } from '../model/types.js';
import type { Finding, Rule, RuleContext } from './define.js';

export interface RunOptions {
  /** Prefix that turns a contracts-relative path into the path shown to users (e.g. `contracts`). */
  displayRoot: string;
  /** Severity per rule id after configuration; a rule absent from the map runs at its default. */
  severities?: ReadonlyMap<string, Diagnostic['severity'] | 'off'>;
  /** Settings some rules read: the configuration's compatibility modes, the policy. */
  context?: RuleContext;
}

const START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function runRules(model: ContractSet, rules: readonly Rule[], options: RunOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const configured = options.severities?.get(rule.id);
    if (configured === 'off') continue;
    const report = (finding: Finding) => {
      const d = toDiagnostic(model, rule, finding, options.displayRoot);
      if (configured) d.severity = configured;
      // The same finding reached twice (e.g. via two $refs to one bad node) is shown once.
      const key = `${d.rule}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      diagnostics.push(d);
    };
    try {
      rule.check(model, report, options.context ?? {});
    } catch (error) {
      diagnostics.push({
        rule: 'internal/rule-failed',
        severity: 'error',
        message: `rule ${rule.id} failed on this input (${error instanceof Error ? error.message : String(error)}); please report it`,
        file: displayPath(options.displayRoot, ''),
        ...START,
      });
    }
  }
  return diagnostics.sort(compareDiagnostics);
}

export function toDiagnostic(model: ContractSet, rule: Pick<Rule, 'id' | 'severity'>, finding: Finding, displayRoot: string): Diagnostic {
  let range = finding.range;
  if (!range) {
    const doc = model.json.get(finding.file)?.doc;
    range = doc && finding.pointer !== undefined ? doc.locate(finding.pointer, finding.at) : START;
  }
  const d: Diagnostic = {
    rule: rule.id,
    severity: finding.severity ?? rule.severity,
    message: finding.message,
    file: displayPath(displayRoot, finding.file),
    line: range.line,
    column: range.column,
    endLine: range.endLine,
    endColumn: range.endColumn,
  };
  if (finding.pointer !== undefined) d.pointer = finding.pointer;
  if (finding.fix) d.fix = finding.fix;
  return d;
}
