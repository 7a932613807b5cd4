/**
 * Lines and columns for changes, from the documents already in memory (a position is only
 * computed when a formatter asks, because it needs the position-aware parse).
 */
import type { Range } from '../diagnostics/diagnostic.js';
import type { ContractSet } from '../model/types.js';
import type { Change } from './types.js';
import { parentPointer } from './version-compat.js';

const START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** The position of a change's pointer in its own side's file (the property name for keywords). */
export function locateChange(change: Change, oldModel: ContractSet, newModel: ContractSet): Range {
  const model = change.side === 'old' ? oldModel : newModel;
  const doc = model.json.get(change.file)?.doc;
  if (!doc) return START;
  return doc.locate(change.pointer, 'key');
}

export function attachPositions(changes: Change[], oldModel: ContractSet, newModel: ContractSet): Change[] {
  for (const change of changes) change.range = locateChange(change, oldModel, newModel);
  return changes;
}

/** Where an annotation for a change goes: a file of one side (contracts-relative) and the range in it. */
export interface ChangeLocation {
  side: 'old' | 'new';
  file: string;
  range: Range;
}

/**
 * Where to annotate a change in the new side, as a pull request shows it: the changed keyword;
 * for something removed, its parent where it was (the removed text is not in the new file), or
 * the new side's schema file; only when the new side has no such file, the old side's place.
 */
export function annotationLocation(change: Change, oldModel: ContractSet, newModel: ContractSet): ChangeLocation {
  if (change.side === 'new') return { side: 'new', file: change.file, range: locateChange(change, oldModel, newModel) };
  const inNew = newModel.json.get(change.file)?.doc;
  if (inNew) return { side: 'new', file: change.file, range: inNew.locate(parentPointer(change.pointer), 'key') };
  const root = change.root?.new;
  if (root !== undefined && newModel.json.has(root)) return { side: 'new', file: root, range: START };
  return { side: 'old', file: change.file, range: locateChange(change, oldModel, newModel) };
}
