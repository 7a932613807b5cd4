/**
 * Compatibility modes, as Confluent's schema registry defines them, per event type:
 *
 * - BACKWARD: a reader with the new version accepts everything valid under the previous one;
 * - FORWARD: a reader with the previous version accepts everything valid under the new one;
 * - FULL: both; NONE: nothing is checked;
 * - the _TRANSITIVE variants check a version against every earlier version, not just the previous.
 *
 * A type's mode comes from, first to last: the configuration's `compatibility.event_types`, the
 * registry entry's `compatibility`, the configuration's `compatibility.default`, the registry's
 * top-level `compatibility`, and FULL. Values that are not modes are skipped here (registry/shape
 * and config/invalid report them), so a typo never silently switches checking off.
 */
import type { Registry } from './types.js';

export const COMPATIBILITY_MODES = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'] as const;
export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];
export const DEFAULT_COMPATIBILITY: CompatibilityMode = 'FULL';

/** The configuration's say (sguild-contracts.config.json `compatibility`). */
export interface CompatibilitySettings {
  /** Replaces the registry's default (types without their own mode). */
  default?: CompatibilityMode;
  /** Wins over everything for the named event types. */
  eventTypes?: ReadonlyMap<string, CompatibilityMode>;
}

export interface ResolvedMode {
  mode: CompatibilityMode;
  /** Where the mode comes from, for messages: `by default`, `set in its registry entry`, … */
  source: string;
}

export interface ModeRequirements {
  /** The newer version must accept everything valid under the older one. */
  backward: boolean;
  /** The older version must accept everything valid under the newer one. */
  forward: boolean;
  /** Against every earlier version, not only the previous one. */
  transitive: boolean;
}

export function isCompatibilityMode(value: unknown): value is CompatibilityMode {
  return typeof value === 'string' && (COMPATIBILITY_MODES as readonly string[]).includes(value);
}

export function requirementsOf(mode: CompatibilityMode): ModeRequirements {
  const base = mode.replace(/_TRANSITIVE$/, '');
  return { backward: base === 'BACKWARD' || base === 'FULL', forward: base === 'FORWARD' || base === 'FULL', transitive: mode.endsWith('_TRANSITIVE') };
}

/** The mode of `eventType`, or the set's default mode (the envelope's) when `eventType` is undefined. */
export function resolveMode(registry: Registry | undefined, eventType: string | undefined, settings: CompatibilitySettings = {}): ResolvedMode {
  if (eventType !== undefined) {
    const configured = settings.eventTypes?.get(eventType);
    if (configured) return { mode: configured, source: 'set in the configuration' };
    const own = registry?.eventTypes.get(eventType)?.compatibility;
    if (isCompatibilityMode(own)) return { mode: own, source: 'set in its registry entry' };
  }
  if (settings.default) return { mode: settings.default, source: "the configuration's default" };
  if (isCompatibilityMode(registry?.compatibility)) return { mode: registry.compatibility, source: "the registry's default" };
  return { mode: DEFAULT_COMPATIBILITY, source: 'by default' };
}

/** The directions a change breaks that the mode requires: [] when the mode allows it. */
export function violations(requirements: ModeRequirements, change: { backward: boolean; forward: boolean }): Array<'backward' | 'forward'> {
  const out: Array<'backward' | 'forward'> = [];
  if (requirements.backward && !change.backward) out.push('backward');
  if (requirements.forward && !change.forward) out.push('forward');
  return out;
}

/** The versions a version is checked against: the previous one, or every earlier one when transitive. */
export function versionsToCheck<T>(earlier: readonly T[], requirements: ModeRequirements): T[] {
  if (!requirements.backward && !requirements.forward) return [];
  return requirements.transitive ? [...earlier] : earlier.slice(-1);
}

/** Canonical text of the settings, for cache keys. */
export function settingsKey(settings: CompatibilitySettings | undefined): string {
  if (!settings) return '';
  return JSON.stringify([settings.default ?? null, [...(settings.eventTypes ?? new Map())].sort()]);
}
