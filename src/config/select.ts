/**
 * Which rules run, at which severity, under a configuration. A rule runs when its preset is within
 * `extends` (minimal ⊂ recommended ⊂ strict). A group setting (`"schema": "warning"`) changes the
 * severity of, or turns off, the group's rules that run; a rule's own setting wins over its group's
 * and, unless it is "off", also turns on a rule outside the chosen preset.
 */
import type { Severity } from '../core/diagnostic.js';
import { PRESETS, type Preset } from '../core/presets.js';
import type { Config, RuleSetting } from './load.js';

interface SelectableRule {
  readonly id: string;
  readonly severity: Severity;
  readonly preset: Preset;
}

export interface Selection<R> {
  rules: R[];
  /** Severity overrides for the rules that run, for runRules. */
  severities: Map<string, Severity>;
}

export function selectRules<R extends SelectableRule>(all: readonly R[], config: Pick<Config, 'extends' | 'rules'>): Selection<R> {
  const limit = PRESETS.indexOf(config.extends);
  const rules: R[] = [];
  const severities = new Map<string, Severity>();
  for (const rule of all) {
    const own: RuleSetting | undefined = config.rules.get(rule.id);
    const group: RuleSetting | undefined = config.rules.get(rule.id.slice(0, rule.id.indexOf('/')));
    const inPreset = PRESETS.indexOf(rule.preset) <= limit;
    const setting = own ?? (inPreset ? group : 'off') ?? rule.severity;
    if (setting === 'off') continue;
    rules.push(rule);
    if (setting !== rule.severity) severities.set(rule.id, setting);
  }
  return { rules, severities };
}
