/**
 * Which diagnostics run, at which severity, under a configuration. A rule (or gate diagnostic)
 * runs when its preset is within `extends` (minimal ⊂ recommended ⊂ strict). A group setting
 * (`"schema": "warning"`) changes the severity of, or turns off, the group's rules that run; a
 * rule's own setting wins over its group's and, unless it is "off", also turns on a rule outside
 * the chosen preset. Diagnostics that are not configurable always run at their own severity.
 */
import type { Severity } from './diagnostic.js';
import { PRESETS, type Preset } from './presets.js';

export type RuleSetting = Severity | 'off';

/** The part of the configuration that selects diagnostics. */
export interface SelectionSettings {
  readonly extends: Preset;
  /** By rule id or group. */
  readonly rules: ReadonlyMap<string, RuleSetting>;
}

interface SelectableRule {
  readonly id: string;
  readonly severity: Severity;
  readonly preset?: Preset;
  readonly configurable?: boolean;
}

export interface Selection<R> {
  rules: R[];
  /** Severity overrides for the diagnostics that run. */
  severities: Map<string, Severity>;
}

export function selectRules<R extends SelectableRule>(all: readonly R[], config: SelectionSettings): Selection<R> {
  const limit = PRESETS.indexOf(config.extends);
  const rules: R[] = [];
  const severities = new Map<string, Severity>();
  for (const rule of all) {
    if (rule.configurable === false) {
      rules.push(rule);
      continue;
    }
    const own: RuleSetting | undefined = config.rules.get(rule.id);
    const group: RuleSetting | undefined = config.rules.get(rule.id.slice(0, rule.id.indexOf('/')));
    const inPreset = PRESETS.indexOf(rule.preset ?? 'minimal') <= limit;
    const setting = own ?? (inPreset ? group : 'off') ?? rule.severity;
    if (setting === 'off') continue;
    rules.push(rule);
    if (setting !== rule.severity) severities.set(rule.id, setting);
  }
  return { rules, severities };
}
