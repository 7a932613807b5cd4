/** Runs rules over a model; their findings go through the diagnostics pipeline's first stage (src/diagnostics/pipeline.ts). */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnosticId, message } from '../diagnostics/catalogue.js';
import { Collector, START, type SeverityOverrides } from '../diagnostics/pipeline.js';
import { displayPath } from '../core/paths.js';
import type { ContractSet } from '../model/types.js';
import { modelPositioning } from '../model/positioning.js';
import type { Rule, RuleContext } from './define.js';

export interface RunOptions {
  /** Prefix that turns a contracts-relative path into the path shown to users (e.g. `contracts`). */
  displayRoot: string;
  /** Severity per rule id after configuration; a rule absent from the map runs at its default. */
  severities?: SeverityOverrides;
  /** Settings some rules read: the configuration's compatibility modes, the policy. */
  context?: RuleContext;
}

export function runRules(model: ContractSet, rules: readonly Pick<Rule, 'id' | 'severity' | 'check'>[], options: RunOptions, collector = new Collector(modelPositioning(model, options.displayRoot), options.severities)): Diagnostic[] {
  for (const rule of rules) {
    if (options.severities?.get(rule.id) === 'off') continue;
    try {
      rule.check(model, (finding) => collector.add(rule, finding), options.context ?? {});
    } catch (error) {
      collector.push({
        rule: diagnosticId('internal/rule-failed'),
        severity: 'error',
        ...message('internal/rule-failed', 'failed', { rule: rule.id, error: error instanceof Error ? error.message : String(error) }),
        file: displayPath(options.displayRoot, ''),
        ...START,
      });
    }
  }
  return collector.result();
}
