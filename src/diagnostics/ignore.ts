/**
 * Ignore entries from the configuration: each hides the findings of one rule (or group) in the
 * files its glob matches, optionally only under a JSON pointer. An entry that hides nothing is
 * itself reported (config/unused-ignore), so stale ignores cannot pile up and later hide a real
 * problem.
 */
import { minimatch } from 'minimatch';
import type { Diagnostic, Range } from './diagnostic.js';
import { diagnosticId, message } from './catalogue.js';

export interface IgnoreEntry {
  /** A rule id (`docs/readme-missing`) or a whole group (`docs`). */
  rule: string;
  /** minimatch glob over the finding's file, as shown in reports (relative to the repository root). */
  path: string;
  /** JSON pointer prefix, by whole segments: `/event_types/a` matches `/event_types/a/versions`, not `/event_types/ab`. */
  pointer?: string;
  reason: string;
  /** Where the entry is in the configuration file, for config/unused-ignore. */
  at: Range;
  index: number;
}

/** The configuration's ignores, and the display path of the file that holds them. */
export interface IgnoreSettings {
  readonly file?: string;
  readonly ignore: readonly IgnoreEntry[];
}

export interface IgnoreResult {
  kept: Diagnostic[];
  ignored: number;
  /** One config/unused-ignore warning per entry that matched nothing, at the entry in the configuration file. */
  unused: Diagnostic[];
}

/** `ignorable(rule)`: whether an entry may hide findings of that id (the tool's own diagnostics cannot be ignored). */
export function applyIgnores(diagnostics: readonly Diagnostic[], config: IgnoreSettings, ignorable: (rule: string) => boolean = () => true): IgnoreResult {
  if (!config.ignore.length) return { kept: [...diagnostics], ignored: 0, unused: [] };
  const used = new Set<number>();
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    const matching = ignorable(d.rule) ? config.ignore.filter((entry) => matches(entry, d)) : [];
    for (const entry of matching) used.add(entry.index);
    if (!matching.length) kept.push(d);
  }
  const unused = config.ignore
    .filter((entry) => !used.has(entry.index))
    .map((entry): Diagnostic => ({
      rule: diagnosticId('config/unused-ignore'),
      severity: 'warning',
      ...(entry.pointer !== undefined
        ? message('config/unused-ignore', 'unusedPointer', { entry: entry.index + 1, rule: entry.rule, path: entry.path, pointer: entry.pointer })
        : message('config/unused-ignore', 'unused', { entry: entry.index + 1, rule: entry.rule, path: entry.path })),
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
