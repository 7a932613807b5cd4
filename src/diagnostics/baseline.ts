/**
 * Applying a baseline (src/config/baseline.ts reads and writes the file): a finding is identified
 * by rule, file and JSON pointer (or its message when it has no pointer), never by line, so
 * editing elsewhere in a file does not resurrect baselined findings. Counts matter: with 2 of a
 * key in the baseline and 3 now, one is new.
 */
import type { Diagnostic } from './diagnostic.js';

/** Count of recorded findings by key (`baselineKey`). */
export type Baseline = ReadonlyMap<string, number>;

export function baselineKey(d: Pick<Diagnostic, 'rule' | 'file' | 'pointer' | 'message'>): string {
  return d.pointer !== undefined ? `${d.rule}\0${d.file}\0p\0${d.pointer}` : `${d.rule}\0${d.file}\0m\0${d.message}`;
}

/**
 * Findings about the tool's own configuration (config/*, e.g. a stale ignore entry) are never
 * baselined: recording one would hide the very warning that says the configuration is stale.
 */
export function baselinable(d: Pick<Diagnostic, 'rule'>): boolean {
  return !d.rule.startsWith('config/');
}

/**
 * Splits findings into new ones and ones the baseline already records. Within one key the first
 * findings (in report order) count as known, the rest as new.
 */
export function applyBaseline(diagnostics: readonly Diagnostic[], baseline: Baseline): { fresh: Diagnostic[]; known: number } {
  const remaining = new Map(baseline);
  const fresh: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (!baselinable(d)) {
      fresh.push(d);
      continue;
    }
    const key = baselineKey(d);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else fresh.push(d);
  }
  return { fresh, known: diagnostics.length - fresh.length };
}
