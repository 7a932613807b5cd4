/**
 * Every diagnostic id the configuration can set (severity, off, ignores): the rules `check` runs
 * over a contract set, and the `compat/*` diagnostics of the `check --base` gate, which compares
 * two sets and so is not a rule over one. docs/rules.md and the `rules` command list them all.
 */
import { GATE_RULES } from '../diff/gate.js';
import { RULES } from './index.js';

export interface ConfigurableDiagnostic {
  readonly id: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly preset: 'minimal' | 'recommended' | 'strict';
  readonly description: string;
  readonly help: string;
}

export const CONFIGURABLE: readonly ConfigurableDiagnostic[] = [...RULES, ...GATE_RULES].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
