/** `check`: load a contract set and run the rules over it. Pure: returns data, prints nothing. */
import type { Diagnostic } from './core/diagnostic.js';
import { loadContractSet } from './load/loader.js';
import type { FileSource } from './load/source.js';
import type { ContractSet } from './model/types.js';
import { PRESETS, type Rule, type RuleContext } from './rules/define.js';
import { RULES } from './rules/index.js';
import { runRules } from './rules/run.js';

export interface CheckStats {
  contracts: number;
  eventTypes: number;
  versions: number;
  schemas: number;
  examples: number;
  documents: number;
}

export interface CheckResult {
  model: ContractSet;
  diagnostics: Diagnostic[];
  stats: CheckStats;
  rules: readonly Rule[];
}

export interface CheckOptions {
  displayRoot: string;
  rules?: readonly Rule[];
  severities?: ReadonlyMap<string, Diagnostic['severity'] | 'off'>;
  context?: RuleContext;
}

export function checkSource(source: FileSource, options: CheckOptions): CheckResult {
  return checkModel(loadContractSet(source), options);
}

export function checkModel(model: ContractSet, options: CheckOptions): CheckResult {
  // Without a selection, the default preset (recommended): strict-only rules run when asked for.
  const rules = options.rules ?? RULES.filter((r) => PRESETS.indexOf(r.preset) <= PRESETS.indexOf('recommended'));
  const diagnostics = runRules(model, rules, { displayRoot: options.displayRoot, severities: options.severities, context: options.context });
  return { model, diagnostics, stats: statsOf(model), rules };
}

export function statsOf(model: ContractSet): CheckStats {
  let versions = 0;
  for (const entry of model.registry?.eventTypes.values() ?? []) versions += entry.versions.size;
  return {
    contracts: model.contracts.size,
    eventTypes: model.registry?.eventTypes.size ?? 0,
    versions,
    schemas: model.schemas.size,
    examples: model.examples.length,
    documents: model.docs.length,
  };
}
