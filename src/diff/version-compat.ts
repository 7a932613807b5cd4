/**
 * Compatibility between the versions of one event type inside one contract set: each version
 * against the previous one (or, under a _TRANSITIVE mode, against every earlier one), judged by
 * the type's compatibility mode. `check` reports what this finds as compat/version-incompatible.
 */
import { joinPointer, parsePointer } from '../json/pointer.js';
import { requirementsOf, resolveMode, versionsToCheck, violations, type CompatibilitySettings, type ResolvedMode } from '../model/compatibility.js';
import type { ContractSet } from '../model/types.js';
import { diffSchemaFiles } from './contract-diff.js';
import { DEFAULT_DIFF_OPTIONS, type Change, type DiffOptions } from './types.js';

export interface VersionIncompatibility {
  eventType: string;
  /** The earlier version, the one the newer is checked against. */
  older: { version: string; schema: string };
  newer: { version: string; schema: string };
  mode: ResolvedMode;
  /** The directions the change breaks that the mode requires. */
  directions: Array<'backward' | 'forward'>;
  change: Change;
  /** Where to report it: in the newer version's schema. */
  pointer: string;
}

const DIRECTIONS = ['backward', 'forward'] as const;

export interface VersionCompatOptions {
  settings?: CompatibilitySettings;
  diff?: DiffOptions;
}

export function versionIncompatibilities(model: ContractSet, options: VersionCompatOptions = {}): VersionIncompatibility[] {
  return versionPairs(model, options).flatMap((pair) => pairIncompatibilities(model, pair));
}

/** Two versions of one event type that its mode requires to be compatible, and how to compare them. */
export interface VersionPair {
  eventType: string;
  mode: ResolvedMode;
  older: { version: string; schema: string };
  newer: { version: string; schema: string };
  /** The diff options, with only the directions the mode requires. */
  diff: DiffOptions;
}

/** Every pair of versions to compare, event type by event type, in version order. */
export function versionPairs(model: ContractSet, options: VersionCompatOptions = {}): VersionPair[] {
  const registry = model.registry;
  if (!registry) return [];
  const out: VersionPair[] = [];
  for (const entry of registry.eventTypes.values()) {
    const mode = resolveMode(registry, entry.name, options.settings);
    const requirements = requirementsOf(mode.mode);
    if (!requirements.backward && !requirements.forward) continue;
    // Only the directions the mode requires are verified (witnesses, counterexamples): the others are never reported.
    const diff: DiffOptions = { ...(options.diff ?? DEFAULT_DIFF_OPTIONS), directions: DIRECTIONS.filter((d) => requirements[d]) };
    // Versions whose schema is a parsed file of the set, in version order (the model keeps them sorted).
    const versions = [...entry.versions.values()].filter((v) => v.schema !== undefined && model.json.get(v.schema)?.doc.ok).map((v) => ({ version: v.version, schema: v.schema! }));
    for (const [j, newer] of versions.entries()) {
      for (const older of versionsToCheck(versions.slice(0, j), requirements)) {
        if (older.schema === newer.schema) continue; // registry/payload-duplicate reports a file registered twice
        out.push({ eventType: entry.name, mode, older, newer, diff });
      }
    }
  }
  return out;
}

/** What breaks between the two versions of a pair, in the directions its mode requires. Depends only on the two schemas (and what they reference) and the pair's settings. */
export function pairIncompatibilities(model: ContractSet, pair: VersionPair): VersionIncompatibility[] {
  const requirements = requirementsOf(pair.mode.mode);
  const out: VersionIncompatibility[] = [];
  for (const change of diffSchemaFiles(model, pair.older.schema, model, pair.newer.schema, pair.diff)) {
    const directions = violations(requirements, change);
    if (!directions.length) continue;
    // A removal is located in the older file: point at the parent the newer file still has.
    const pointer = change.side === 'new' ? change.pointer : parentPointer(change.pointer);
    out.push({ eventType: pair.eventType, older: pair.older, newer: pair.newer, mode: pair.mode, directions, change, pointer });
  }
  return out;
}

/** "not backward compatible (a reader of v2 rejects data valid under v1)" and the like. */
export function describeDirections(directions: ReadonlyArray<'backward' | 'forward'>, older: string, newer: string): string {
  const parts = directions.map((d) => (d === 'backward' ? `not backward compatible: a reader of ${newer} rejects data valid under ${older}` : `not forward compatible: a reader of ${older} rejects data valid under ${newer}`));
  return parts.join('; ');
}

export function parentPointer(pointer: string): string {
  const segments = parsePointer(pointer);
  if (!segments || !segments.length) return '';
  return joinPointer('', ...segments.slice(0, -1));
}
