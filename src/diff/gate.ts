/**
 * The CI gate behind `check --base REV`: breaking changes to versions that already exist, as
 * ordinary diagnostics at the line of the changed keyword in the new file. Adding a new version
 * with the change is the fix the message suggests, and is never reported.
 */
import { compareDiagnostics, type Diagnostic, type Range } from '../core/diagnostic.js';
import { parsePointer, joinPointer } from '../json/pointer.js';
import { REGISTRY_PATH, type ContractSet } from '../model/types.js';
import { displayPath } from '../rules/run.js';
import type { Dialect } from '../schema/compile.js';
import { diffContractSets } from './contract-diff.js';
import { describeConsumers } from './consumers.js';
import type { Policy } from './types.js';

export const BREAKING_CHANGE_RULE = 'compat/breaking-change';
export const REMOVED_RULE = 'compat/removed';

export interface GateOptions {
  /** Prefix turning contracts-relative paths into the paths users see (as for `check`). */
  displayRoot: string;
  policy: Policy;
  dialect?: Dialect;
}

const START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function compatibilityDiagnostics(oldModel: ContractSet, newModel: ContractSet, options: GateOptions): Diagnostic[] {
  const changes = diffContractSets(oldModel, newModel, { policy: options.policy, dialect: options.dialect ?? '2020-12' });
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const push = (d: Diagnostic) => {
    const key = `${d.rule}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    diagnostics.push(d);
  };
  for (const change of changes) {
    if (change.kind === 'EVENT_TYPE_REMOVED' || change.kind === 'EVENT_TYPE_VERSION_REMOVED') {
      const pointer = parentPointer(change.pointer);
      const what = change.kind === 'EVENT_TYPE_REMOVED' ? `event type ${change.eventType} was removed` : `version ${change.schemaVersion} of ${change.eventType} was removed`;
      const readers = change.consumers?.length ? `its consumers ${change.consumers.join(', ')} break` : 'consumers of it break';
      push(diagnostic(REMOVED_RULE, newModel, REGISTRY_PATH, pointer, `${what}; ${readers}: mark it deprecated instead and remove it in a major release`, options.displayRoot));
      continue;
    }
    if (change.severity !== 'breaking' || (change.scope !== 'payload' && change.scope !== 'envelope')) continue;
    let file = change.file;
    let pointer = change.pointer;
    if (change.side === 'old') {
      // The removed keyword is not in the new file: point at its parent there.
      pointer = parentPointer(change.pointer);
      if (!newModel.json.has(file)) {
        file = change.root?.new ?? file;
        pointer = '';
      }
    }
    if (!newModel.json.has(file)) {
      // The path came from the registry and names no file of the set (it may even climb out of
      // the root): report at the registry entry instead, never at a path outside the set.
      file = REGISTRY_PATH;
      pointer = change.eventType !== undefined && change.schemaVersion !== undefined ? joinPointer('/event_types', change.eventType, 'versions', String(change.schemaVersion)) : '';
    }
    const subject = change.scope === 'envelope' ? `envelope ${change.root?.new ?? change.file}` : `${change.eventType} v${change.schemaVersion}`;
    const fix = change.scope === 'envelope' ? 'add a new envelope version instead of changing this one' : `publish the change as a new version of ${change.eventType} instead of editing v${change.schemaVersion}`;
    const affected = change.consumers?.length ? ` (${describeConsumers(change)})` : '';
    push(diagnostic(BREAKING_CHANGE_RULE, newModel, file, pointer, `breaking change to ${subject} (${change.kind}): ${change.message}${affected}; ${fix}`, options.displayRoot));
  }
  return diagnostics.sort(compareDiagnostics);
}

function diagnostic(rule: string, model: ContractSet, file: string, pointer: string, message: string, displayRoot: string): Diagnostic {
  const doc = model.json.get(file)?.doc;
  const range = doc ? doc.locate(pointer, 'key') : START;
  return { rule, severity: 'error', message, file: displayPath(displayRoot, file), pointer, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn };
}

function parentPointer(pointer: string): string {
  const segments = parsePointer(pointer);
  if (!segments || !segments.length) return '';
  return joinPointer('', ...segments.slice(0, -1));
}
