/**
 * The CI gate behind `check --base REV`: changes to versions that already exist, judged by each
 * event type's compatibility mode (src/model/compatibility.ts), and removals, as ordinary
 * diagnostics at the line of the changed keyword in the new file. Versions added since the base
 * are judged by compat/version-incompatible, which `check` runs with or without a base.
 */
import semver from 'semver';
import { compareDiagnostics, type Diagnostic, type Range, type Severity } from '../core/diagnostic.js';
import { joinPointer } from '../json/pointer.js';
import { requirementsOf, resolveMode, violations, type CompatibilitySettings } from '../model/compatibility.js';
import { REGISTRY_PATH, type ContractSet } from '../model/types.js';
import { displayPath } from '../core/paths.js';
import type { Dialect } from '../schema/compile.js';
import { consumersOf } from './consumers.js';
import { diffContractSets } from './contract-diff.js';
import type { Change, Policy } from './types.js';
import { parentPointer } from './version-compat.js';

export const BREAKING_CHANGE_RULE = 'compat/breaking-change';
export const REMOVED_RULE = 'compat/removed';
export const REMOVED_DEPRECATED_RULE = 'compat/removed-deprecated';

/** The gate's diagnostics, described like rules: configurable (severity, off, ignores) and listed in docs/rules.md. */
export interface GateDiagnosticInfo {
  readonly id: string;
  readonly severity: Severity;
  readonly preset: 'minimal';
  readonly description: string;
  readonly help: string;
}

export const GATE_RULES: readonly GateDiagnosticInfo[] = [
  {
    id: BREAKING_CHANGE_RULE,
    severity: 'error',
    preset: 'minimal',
    description: 'An existing payload or envelope version must not change in a way its compatibility mode forbids (check --base)',
    help: 'With `check --base REV`, every change to a payload version that exists on both sides is classified (see docs/diff.md) and judged by the event type\'s compatibility mode (FULL by default; the envelope follows the registry\'s default): BACKWARD forbids changes after which the edited version rejects data it accepted before, FORWARD forbids changes after which readers still on the old text reject new data (a new enum value, a property added to a closed object), FULL forbids both, NONE neither. Data of an existing version is already in production, so publish the change as a new version (`<event_type>-v<N+1>.json` and a new `versions` entry) and leave the existing one as it was.',
  },
  {
    id: REMOVED_RULE,
    severity: 'error',
    preset: 'minimal',
    description: 'An event type or version must be deprecated before it is removed (check --base)',
    help: 'With `check --base REV`, removing an event type or one of its versions that the base does not mark `deprecated` breaks every consumer of it without notice. Set `"status": "deprecated"` on the event type (or the version) first, release that, and remove it in a later major release.',
  },
  {
    id: REMOVED_DEPRECATED_RULE,
    severity: 'info',
    preset: 'minimal',
    description: 'Removing a deprecated event type or version is allowed, and needs a major release (check --base)',
    help: 'With `check --base REV`, removing an event type or version that the base already marks `deprecated` is the end of its announced retirement, so it is not an error. Consumers still on it break, so it needs a major release: the message says which registry_version that is.',
  },
];
import type { MissingPart } from '../load/completeness.js';

export const INCOMPLETE_RULE = 'compat/incomplete';

export interface GateOptions {
  /** Prefix turning contracts-relative paths into the paths users see (as for `check`). */
  displayRoot: string;
  policy: Policy;
  dialect?: Dialect;
  /** The configuration's compatibility modes. */
  compatibility?: CompatibilitySettings;
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
      push(removal(change, oldModel, newModel, options.displayRoot));
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
    const affected = readers.length ? ` (consumers affected: ${readers.join(', ')})` : '';
    push(diagnostic(BREAKING_CHANGE_RULE, 'error', newModel, file, pointer, `incompatible change to ${subject} (${change.kind}): ${change.message}; ${how}, which ${whose}'s compatibility mode ${mode.mode} (${mode.source}) forbids${affected}; ${fix}`, options.displayRoot));
  }
  return diagnostics.sort(compareDiagnostics);
}

/** compat/removed, or compat/removed-deprecated when the base already marked it deprecated. */
function removal(change: Change, oldModel: ContractSet, newModel: ContractSet, displayRoot: string): Diagnostic {
  const pointer = parentPointer(change.pointer);
  const typeRemoved = change.kind === 'EVENT_TYPE_REMOVED';
  const what = typeRemoved ? `event type ${change.eventType} was removed` : `version ${change.schemaVersion} of ${change.eventType} was removed`;
  const entry = change.eventType !== undefined ? oldModel.registry?.eventTypes.get(change.eventType) : undefined;
  const version = !typeRemoved && change.schemaVersion !== undefined ? entry?.versions.get(change.schemaVersion) : undefined;
  const deprecated = entry?.status === 'deprecated' ? `the base marks ${change.eventType} deprecated` : version?.status === 'deprecated' ? `the base marks v${change.schemaVersion} deprecated` : undefined;
  const readers = change.eventType !== undefined ? consumersOf([oldModel], change.eventType, typeRemoved ? undefined : change.schemaVersion) : [];
  if (!deprecated) {
    const mark = typeRemoved ? `"status": "deprecated" on ${change.eventType}` : `"status": "deprecated" on version ${change.schemaVersion} of ${change.eventType}`;
    return diagnostic(REMOVED_RULE, 'error', newModel, REGISTRY_PATH, pointer, `${what} without being deprecated first; ${readers.length ? `its consumers ${readers.join(', ')}` : 'consumers of it'} break without notice: restore it, set ${mark}, release that, and remove it in a later major release`, displayRoot);
  }
  return diagnostic(REMOVED_DEPRECATED_RULE, 'info', newModel, REGISTRY_PATH, pointer, `${what}; allowed, as ${deprecated}, but consumers still on it${readers.length ? ` (${readers.join(', ')})` : ''} break, so this needs a major release${majorHint(oldModel, newModel)}`, displayRoot);
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
      rule: INCOMPLETE_RULE,
      severity: 'error' as const,
      message: `not compared with --base ${base}: ${part.cause}; until it loads, breaking changes in it cannot be ruled out`,
      file: displayPath(displayRoot, part.path),
      pointer: '',
      line: range.line,
      column: range.column,
      endLine: range.endLine,
      endColumn: range.endColumn,
    };
  });
}

function diagnostic(rule: string, severity: Severity, model: ContractSet, file: string, pointer: string, message: string, displayRoot: string): Diagnostic {
  const doc = model.json.get(file)?.doc;
  const range = doc ? doc.locate(pointer, 'key') : START;
  return { rule, severity, message, file: displayPath(displayRoot, file), pointer, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn };
}
