/**
 * The CI gate behind `check --base REV`: changes to versions that already exist, judged by each
 * event type's compatibility mode (src/model/compatibility.ts), and removals, as ordinary
 * diagnostics at the line of the changed keyword in the new file. Versions added since the base
 * are judged by compat/version-incompatible, which `check` runs with or without a base.
 */
import semver from 'semver';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { diagnosticId, message } from '../diagnostics/catalogue.js';
import { Collector, START, type Finding, type SeverityOverrides } from '../diagnostics/pipeline.js';
import { modelPositioning } from '../model/positioning.js';
import { joinPointer } from '../json/pointer.js';
import { requirementsOf, resolveMode, violations, type CompatibilitySettings } from '../model/compatibility.js';
import { REGISTRY_PATH, type ContractSet } from '../model/types.js';
import { displayPath } from '../core/paths.js';
import type { Dialect } from '../schema/compile.js';
import { consumersOf } from './consumers.js';
import { diffContractSets } from './contract-diff.js';
import type { Change, Policy } from './types.js';
import { parentPointer } from './version-compat.js';

import type { MissingPart } from '../load/completeness.js';

export interface GateOptions {
  /** Prefix turning contracts-relative paths into the paths users see (as for `check`). */
  displayRoot: string;
  policy: Policy;
  dialect?: Dialect;
  /** The configuration's compatibility modes. */
  compatibility?: CompatibilitySettings;
  /** Configured severities of the gate's diagnostics ("off" drops one), as for rules. */
  severities?: SeverityOverrides;
}

export function compatibilityDiagnostics(oldModel: ContractSet, newModel: ContractSet, options: GateOptions): Diagnostic[] {
  const changes = diffContractSets(oldModel, newModel, { policy: options.policy, dialect: options.dialect ?? '2020-12' });
  const collector = new Collector(modelPositioning(newModel, options.displayRoot), options.severities);
  for (const change of changes) {
    if (change.kind === 'EVENT_TYPE_REMOVED' || change.kind === 'EVENT_TYPE_VERSION_REMOVED') {
      const [id, finding] = removal(change, oldModel, newModel);
      collector.add(id, finding);
      continue;
    }
    if (change.scope !== 'payload' && change.scope !== 'envelope') continue;
    const mode = resolveMode(newModel.registry, change.scope === 'payload' ? change.eventType : undefined, options.compatibility);
    const broken = violations(requirementsOf(mode.mode), change);
    if (!broken.length) continue;
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
    const envelope = change.scope === 'envelope';
    const subject = envelope ? `envelope ${change.root?.new ?? change.file}` : `${change.eventType} v${change.schemaVersion}`;
    const whose = envelope ? 'the envelope' : change.eventType;
    const how = broken.map((d) => (d === 'backward' ? 'the edited version rejects data it accepted before (not backward compatible)' : 'readers of the old version reject data the edited one accepts (not forward compatible)')).join(', and ');
    const fix = envelope ? 'add a new envelope version instead of changing this one' : `publish the change as a new version of ${change.eventType} instead of editing v${change.schemaVersion}`;
    // Whoever reads the changed version, whichever direction broke (diff names them only for breaking changes).
    const readers = change.eventType !== undefined ? consumersOf([oldModel, newModel], change.eventType, change.schemaVersion) : change.consumers ?? [];
    const args = { subject, kind: change.kind, change: change.message, how, owner: whose ?? '', mode: mode.mode, source: mode.source, fix };
    const text = readers.length ? message('compat/breaking-change', 'incompatibleConsumers', { ...args, consumers: readers.join(', ') }) : message('compat/breaking-change', 'incompatible', args);
    collector.add(BREAKING_CHANGE, { file, pointer, at: 'key', ...text });
  }
  return collector.result();
}

const BREAKING_CHANGE = { id: diagnosticId('compat/breaking-change'), severity: 'error' } as const;
const REMOVED = { id: diagnosticId('compat/removed'), severity: 'error' } as const;
const REMOVED_DEPRECATED = { id: diagnosticId('compat/removed-deprecated'), severity: 'info' } as const;

/** compat/removed, or compat/removed-deprecated when the base already marked it deprecated. */
function removal(change: Change, oldModel: ContractSet, newModel: ContractSet): [{ id: string; severity: Severity }, Finding] {
  const pointer = parentPointer(change.pointer);
  const typeRemoved = change.kind === 'EVENT_TYPE_REMOVED';
  const what = typeRemoved ? `event type ${change.eventType} was removed` : `version ${change.schemaVersion} of ${change.eventType} was removed`;
  const entry = change.eventType !== undefined ? oldModel.registry?.eventTypes.get(change.eventType) : undefined;
  const version = !typeRemoved && change.schemaVersion !== undefined ? entry?.versions.get(change.schemaVersion) : undefined;
  const deprecated = entry?.status === 'deprecated' ? `the base marks ${change.eventType} deprecated` : version?.status === 'deprecated' ? `the base marks v${change.schemaVersion} deprecated` : undefined;
  const readers = change.eventType !== undefined ? consumersOf([oldModel], change.eventType, typeRemoved ? undefined : change.schemaVersion) : [];
  if (!deprecated) {
    const mark = typeRemoved ? `"status": "deprecated" on ${change.eventType}` : `"status": "deprecated" on version ${change.schemaVersion} of ${change.eventType}`;
    return [REMOVED, { file: REGISTRY_PATH, pointer, at: 'key', ...message('compat/removed', 'removed', { what, who: readers.length ? `its consumers ${readers.join(', ')}` : 'consumers of it', mark }) }];
  }
  const args = { what, why: deprecated, hint: majorHint(oldModel, newModel) };
  const text = readers.length ? message('compat/removed-deprecated', 'removedConsumers', { ...args, consumers: readers.join(', ') }) : message('compat/removed-deprecated', 'removed', args);
  return [REMOVED_DEPRECATED, { file: REGISTRY_PATH, pointer, at: 'key', ...text }];
}

/** ` (registry_version 2.4.0 → 3.0.0 is one)` or `: set registry_version to 3.0.0`, when both sides declare semantic versions. */
function majorHint(oldModel: ContractSet, newModel: ContractSet): string {
  const before = semver.valid(oldModel.registry?.registryVersion ?? '');
  if (!before) return '';
  const next = semver.inc(before, 'major')!;
  const after = semver.valid(newModel.registry?.registryVersion ?? '');
  if (after && semver.gte(after, next)) return ` (registry_version ${before} → ${after} is one)`;
  return `: set registry_version to ${next}`;
}

/**
 * The files of the checked set the gate could not compare (they do not parse or cannot be read):
 * errors of their own, so the gate fails closed even when a configuration turns off the rules
 * that report those files.
 */
export function incompleteDiagnostics(parts: readonly MissingPart[], model: ContractSet, displayRoot: string, base: string): Diagnostic[] {
  return parts.map((part) => {
    const range = model.json.get(part.path)?.doc.problems[0] ?? START;
    return {
      rule: diagnosticId('compat/incomplete'),
      severity: 'error' as const,
      ...message('compat/incomplete', 'notCompared', { base, cause: part.cause }),
      file: displayPath(displayRoot, part.path),
      pointer: '',
      line: range.line,
      column: range.column,
      endLine: range.endLine,
      endColumn: range.endColumn,
    };
  });
}
