/**
 * When the contract set itself cannot validate events (no usable registry, or an envelope schema
 * that is missing or does not compile), `validate` reads no event: it reports why, with the
 * `check` diagnostics that explain it, and exits 1 like any other problem found in its inputs.
 */
import { lintModel, type DiagnosticConfig } from '../check.js';
import { DEFAULT_CONFIG } from '../config/load.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiagnosticInfo } from '../diagnostics/catalogue.js';
import type { ModelEventChecker } from '../events/for-model.js';
import { ENVELOPE_CONTRACT, REGISTRY_PATH, type ContractSet } from '../model/types.js';
import { displayPath } from '../core/paths.js';

export interface ContractsBlocker {
  /** One sentence: why no event can be validated. */
  reason: string;
  /** The errors `check` finds in the registry or the envelope contract: what to fix. */
  diagnostics: Diagnostic[];
  /** The catalogue entries of their ids, for formats that describe them (SARIF). */
  rules: DiagnosticInfo[];
}

/** `config`: the configuration `check` reads, so the errors shown are the ones `check` reports. */
export function contractsBlocker(model: ContractSet, checker: () => ModelEventChecker, displayRoot: string, config: DiagnosticConfig = DEFAULT_CONFIG): ContractsBlocker | undefined {
  const registryUsable = model.registry !== undefined && model.registry.file.doc.ok;
  const reason = registryUsable ? checker().envelopeProblem : `${REGISTRY_PATH} is missing or not valid JSON`;
  if (reason === undefined) return undefined;
  const root = displayPath(displayRoot, '');
  // Findings in the blocking file(s); for the envelope, every envelope/* error too (envelope/missing sits on the registry).
  const inArea = registryUsable
    ? (d: Diagnostic) => d.file.startsWith(displayPath(displayRoot, `${ENVELOPE_CONTRACT}/`)) || d.rule.startsWith('envelope/')
    : (d: Diagnostic) => d.file === displayPath(displayRoot, REGISTRY_PATH) || (d.file === root && d.rule.startsWith('registry/'));
  const lint = lintModel(model, { displayRoot, config });
  const diagnostics = lint.diagnostics.filter((d) => d.severity === 'error' && inArea(d));
  const ids = new Set(diagnostics.map((d) => d.rule));
  return { reason, diagnostics, rules: lint.rules.filter((r) => ids.has(r.id)) };
}
