/**
 * Diagnostics the tool reports about its own inputs rather than about contracts. They are listed
 * in docs/rules.md and described in SARIF like rules, but cannot be configured. (The `compat/*`
 * diagnostics of `check --base` can: they are in src/rules/catalogue.ts.)
 */
import type { Severity } from '../core/diagnostic.js';

/** Diagnostics the tool reports about its own inputs (configuration, baseline), not about contracts. */
export interface ToolDiagnosticDoc {
  id: string;
  severity: Severity;
  description: string;
  help: string;
}

export const CONFIG_INVALID = 'config/invalid';
export const CONFIG_UNUSED_IGNORE = 'config/unused-ignore';
export const BASELINE_INVALID = 'baseline/invalid';
export const RULE_FAILED = 'internal/rule-failed';
export const INCOMPLETE = 'compat/incomplete';

export const TOOL_DIAGNOSTICS: readonly ToolDiagnosticDoc[] = [
  {
    id: CONFIG_INVALID,
    severity: 'error',
    description: 'The configuration file must be valid',
    help: 'sguild-contracts.config.json (or the file given with --config) is not valid JSON, has a key the tool does not know, a value of the wrong type, or names a rule that does not exist. Nothing is checked until it is fixed: the diagnostic gives the line and, for a misspelling, the closest valid name. The command exits with code 2.',
  },
  {
    id: CONFIG_UNUSED_IGNORE,
    severity: 'warning',
    description: 'Every ignore entry in the configuration must still match a finding',
    help: 'An ignore entry that matches nothing has outlived its reason: the problem was fixed, the file moved, or the rule id, path or pointer is mistyped. Remove the entry (or correct it), so that ignores never silently hide a future finding.',
  },
  {
    id: BASELINE_INVALID,
    severity: 'error',
    description: 'The baseline file must be one written by --write-baseline',
    help: 'The file given with --baseline (or the configuration\'s `baseline`) is not valid JSON or not in the baseline format: `{ "version": 1, "findings": [{ "rule", "file", "pointer" or "message", "count" }] }`. Regenerate it with `check --write-baseline FILE`. The command exits with code 2.',
  },
  {
    id: INCOMPLETE,
    severity: 'error',
    description: 'Every file of the checked set must load for the breaking-change gate (check --base)',
    help: 'With `check --base REV`, a file of the checked set that is not valid JSON, cannot be read or is over the size limit cannot be compared with the base, so a breaking change in it could pass unseen. The gate fails closed: fix the file (its own diagnostic says how). A base that cannot be loaded in full is refused with exit code 2.',
  },
  {
    id: RULE_FAILED,
    severity: 'error',
    description: 'A rule failed on this input',
    help: 'A rule threw an error instead of reporting findings, so part of the contract set was not checked. This is a bug in the tool: please report it with the input that triggers it.',
  },
];
