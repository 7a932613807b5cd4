/**
 * Ignore entries from the configuration: each hides the findings of one rule (or group) in the
 * files its glob matches, optionally only under a JSON pointer. An entry that hides nothing is
 * itself reported (config/unused-ignore), so stale ignores cannot pile up and later hide a real
 * problem.
 */
import { minimatch } from 'minimatch';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Config, IgnoreEntry } from './load.js';
import { CONFIG_UNUSED_IGNORE } from './tool-rules.js';

export interface IgnoreResult {
  kept: Diagnostic[];
  ignored: number;
  /** One config/unused-ignore warning per entry that matched nothing, at the entry in the configuration file. */
  unused: Diagnostic[];
}

export function applyIgnores(diagnostics: readonly Diagnostic[], config: Pick<Config, 'file' | 'ignore'>): IgnoreResult {
  if (!config.ignore.length) return { kept: [...diagnostics], ignored: 0, unused: [] };
  const used = new Set<number>();
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    const matching = config.ignore.filter((entry) => matches(entry, d));
    for (const entry of matching) used.add(entry.index);
    if (!matching.length) kept.push(d);
  }
  const unused = config.ignore
    .filter((entry) => !used.has(entry.index))
    .map((entry): Diagnostic => ({
      rule: CONFIG_UNUSED_IGNORE,
      severity: 'warning',
      message: `ignore entry ${entry.index + 1} (rule "${entry.rule}", path "${entry.path}"${entry.pointer !== undefined ? `, pointer "${entry.pointer}"` : ''}) matches no finding; remove it`,
      file: config.file ?? '.',
      pointer: `/ignore/${entry.index}`,
      line: entry.at.line,
      column: entry.at.column,
      endLine: entry.at.endLine,
      endColumn: entry.at.endColumn,
    }));
  return { kept, ignored: diagnostics.length - kept.length, unused };
}

export function matches(entry: Pick<IgnoreEntry, 'rule' | 'path' | 'pointer'>, d: Pick<Diagnostic, 'rule' | 'file' | 'pointer'>): boolean {
  if (d.rule !== entry.rule && !d.rule.startsWith(`${entry.rule}/`)) return false;
  if (!minimatch(d.file, entry.path, { dot: true })) return false;
  if (entry.pointer === undefined) return true;
  if (d.pointer === undefined) return false;
  return entry.pointer === '' || d.pointer === entry.pointer || d.pointer.startsWith(`${entry.pointer}/`);
}
