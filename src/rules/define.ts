/**
 * A rule is data: an id, a default severity, the lowest preset it belongs to, a one-line
 * description, a longer help text, and a check from the model to findings. Everything else
 * (the `rules` command, docs/rules.md, SARIF rule metadata, configuration) reads this metadata.
 */
import type { Severity } from '../diagnostics/diagnostic.js';
import type { Finding } from '../diagnostics/pipeline.js';
import type { CompatibilitySettings } from '../model/compatibility.js';
import type { ContractSet } from '../model/types.js';
import type { RuleMemo } from './memo.js';

import { PRESETS, type Preset } from '../diagnostics/presets.js';

export { PRESETS, type Preset };

export type { Finding };

export type Report = (finding: Finding) => void;

/** Settings from outside the contract set that some rules read (the configuration, command-line flags). */
export interface RuleContext {
  /** The configuration's compatibility modes (compat/version-incompatible). */
  readonly compatibility?: CompatibilitySettings;
  /** How an optional property declared on an open object is judged (see src/diff/types.ts). */
  readonly policy?: 'lenient' | 'strict';
  /** Findings remembered per unit of work from earlier runs (src/rules/memo.ts); absent: everything is computed. */
  readonly memo?: RuleMemo;
}

export interface Rule {
  /** `group/name`, e.g. `registry/producer-unknown`. */
  readonly id: string;
  readonly severity: Severity;
  readonly preset: Preset;
  /** One line, imperative or declarative, no trailing period. */
  readonly description: string;
  /** Why it matters and how to fix it: a few sentences, shown in docs and SARIF help. */
  readonly help: string;
  /**
   * Message templates by message id (`{name}` is an argument): a finding may give `messageId`
   * and `args` instead of `message`, and JSON and SARIF then carry both next to the text.
   */
  readonly messages?: Readonly<Record<string, string>>;
  check(model: ContractSet, report: Report, context: RuleContext): void;
  /**
   * Set when the rule offers fixes (as eslint's meta.fixable): what `check --fix` does for its
   * findings, one line. Only findings with one unambiguous repair carry a fix.
   */
  readonly fixable?: string;
}

export function defineRule(rule: Rule): Rule {
  if (!/^[a-z]+\/[a-z0-9-]+$/.test(rule.id)) throw new Error(`rule id must be group/name: ${rule.id}`);
  if (rule.fixable === undefined) {
    // A fix from a rule that does not declare itself fixable is a programming mistake: fail loudly.
    const check = rule.check;
    return Object.freeze({ ...rule, check: (model: ContractSet, report: Report, context: RuleContext) => check(model, (f) => (f.fix ? fail(rule.id) : report(f)), context) });
  }
  return Object.freeze(rule);
}

function fail(id: string): never {
  throw new Error(`rule ${id} attached a fix but does not declare "fixable"`);
}
