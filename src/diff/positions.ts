/**
 * Lines and columns for changes, from the documents already in memory (a position is only
 * computed when a formatter asks, because it needs the position-aware parse).
 */
import type { Range } from '../diagnostics/diagnostic.js';
import type { ContractSet } from '../model/types.js';
import type { Change } from './types.js';

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
