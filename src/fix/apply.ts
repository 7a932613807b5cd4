/**
 * `check --fix`: applies the fixes findings carry, in memory, pass after pass (a fix can make
 * another possible, as in eslint) until nothing more is fixable; the caller then writes the
 * changed files, or shows them as a diff. Each fix is all-or-nothing: when one of its edits no
 * longer applies (an earlier fix changed the spot), it waits for the next pass's fresh findings.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Edit, Fix } from '../diagnostics/fix.js';
import { addEventMention, addVersionMention } from '../author/readme.js';
import { JsonEditError, renameMember, replaceValue } from '../json/edit.js';
import { OverlaySource, type FileSource } from '../load/source.js';

export interface AppliedFix {
  rule: string;
  /** The finding's display path and position, as the report showed them. */
  file: string;
  line: number;
  column: number;
  description: string;
}

export interface FixRun {
  /** Every file that differs from the source: new content, or null when the file is gone (moved). */
  changes: Map<string, string | null>;
  applied: AppliedFix[];
}

const MAX_PASSES = 10;

/** Runs `check` (given as a function of a source) and applies fixes until a pass applies none. */
export function fixUntilStable(source: FileSource, check: (source: FileSource) => readonly Diagnostic[]): FixRun {
  const changes = new Map<string, string | null>();
  const applied: AppliedFix[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const current = changes.size ? new OverlaySource(source, changes) : source;
    const fixable = check(current).filter((d): d is Diagnostic & { fix: Fix } => d.fix !== undefined);
    let progress = false;
    for (const d of fixable) {
      const trial = new Map(changes);
      if (!applyFix(current, trial, d.fix)) continue;
      for (const [k, v] of trial) changes.set(k, v);
      applied.push({ rule: d.rule, file: d.file, line: d.line, column: d.column, description: d.fix.description });
      progress = true;
    }
    if (!progress) break;
  }
  // A file changed and changed back is no change.
  for (const [path, content] of changes) {
    const original = source.read(path);
    if (content !== null && original !== undefined && new TextDecoder().decode(original) === content) changes.delete(path);
  }
  return { changes, applied };
}

/** Applies every edit of `fix` to `changes`, or leaves it untouched and returns false. */
function applyFix(base: FileSource, changes: Map<string, string | null>, fix: Fix): boolean {
  const trial = new Map(changes);
  const text = (path: string): string | undefined => {
    if (trial.has(path)) return trial.get(path) ?? undefined;
    const bytes = base.read(path);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  };
  try {
    for (const edit of fix.edits) {
      // Fixes only ever touch files inside the contracts folder.
      if ([edit.file, edit.op === 'move' ? edit.to : ''].some((p) => p.startsWith('/') || p.split('/').includes('..') || p.includes('\\'))) return false;
      const current = text(edit.file);
      if (current === undefined) return false;
      const next = applyEdit(edit, current, (path) => text(path) !== undefined);
      if (next === undefined || (edit.op !== 'move' && next === current)) return false;
      if (edit.op === 'move') {
        trial.set(edit.to, current);
        trial.set(edit.file, null);
      } else trial.set(edit.file, next);
    }
  } catch (error) {
    if (error instanceof JsonEditError) return false;
    throw error;
  }
  for (const [k, v] of trial) changes.set(k, v);
  return true;
}

function applyEdit(edit: Edit, text: string, exists: (path: string) => boolean): string | undefined {
  switch (edit.op) {
    case 'replace':
      return replaceValue(text, edit.pointer, edit.value);
    case 'rename':
      return renameMember(text, edit.pointer, edit.key);
    case 'move':
      return exists(edit.to) ? undefined : text;
    case 'mention': {
      const mentioned = addEventMention(text, edit.row);
      const last = edit.row.versions[edit.row.versions.length - 1];
      return mentioned !== text ? mentioned : last !== undefined ? addVersionMention(text, edit.row.name, last) : text;
    }
  }
}
