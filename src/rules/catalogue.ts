/**
 * The whole diagnostic catalogue: every rule `check` runs over a contract set (src/rules/*, each
 * carrying its own metadata) and every other diagnostic (src/diagnostics/catalogue.ts: the
 * `check --base` gate's `compat/*`, `build/*`, `config/*`, `baseline/*`, `internal/*`).
 * docs/rules.md, the `rules` command, SARIF rule metadata and the configuration all read it.
 */
import { catalogue, type DiagnosticInfo } from '../diagnostics/catalogue.js';
import { RULES } from './index.js';

export type { DiagnosticInfo };

export const CATALOGUE: readonly DiagnosticInfo[] = catalogue(RULES);

/** The ids the configuration can set (severity, off) and ignore: the rules and the gate's findings. */
export const CONFIGURABLE: readonly DiagnosticInfo[] = CATALOGUE.filter((d) => d.configurable);

const BY_ID = new Map(CATALOGUE.map((d) => [d.id, d]));

/** Whether the configuration may hide findings of `id`: configurable ids only, never the tool's own. */
export function ignorable(id: string): boolean {
  return BY_ID.get(id)?.configurable ?? false;
}
