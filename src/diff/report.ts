/**
 * The verdict over a list of changes: overall compatibility, the semver bump the changes
 * require, and how it compares with the bump the two sides declare.
 */
import semver from 'semver';
import type { ContractSet } from '../model/types.js';
import { BUMP_RANK, type Bump, type Change, type DiffReport, type SemverVerdict, type VersionField } from './types.js';

export function buildReport(changes: Change[], oldVersion: string | undefined, newVersion: string | undefined, field: VersionField = 'registry_version'): DiffReport {
  return {
    compatibility: { backward: changes.every((c) => c.backward), forward: changes.every((c) => c.forward) },
    semver: semverVerdict(changes, oldVersion, newVersion, field),
    changes,
  };
}

/** The largest bump any change needs: breaking → major, additive → minor, metadata and docs → patch. */
export function requiredBump(changes: readonly Change[]): Bump {
  let bump: Bump = 'none';
  for (const c of changes) if (BUMP_RANK[c.bump] > BUMP_RANK[bump]) bump = c.bump;
  return bump;
}

/** The bump between two declared versions, or null when either is not a semantic version. */
export function declaredBump(oldVersion: string | undefined, newVersion: string | undefined): Bump | null {
  const a = oldVersion !== undefined ? semver.valid(oldVersion) : null;
  const b = newVersion !== undefined ? semver.valid(newVersion) : null;
  if (!a || !b) return null;
  const d = semver.diff(a, b);
  if (d === null) return 'none';
  if (d === 'major' || d === 'premajor') return 'major';
  if (d === 'minor' || d === 'preminor') return 'minor';
  return 'patch';
}

export function semverVerdict(changes: readonly Change[], oldVersion: string | undefined, newVersion: string | undefined, field: VersionField = 'registry_version'): SemverVerdict {
  const required = requiredBump(changes);
  const declared = declaredBump(oldVersion, newVersion);
  // A version that goes backwards never satisfies anything but "no change".
  const forwards = declared === null || semver.gte(semver.valid(newVersion)!, semver.valid(oldVersion)!);
  const sufficient = declared === null ? true : forwards ? BUMP_RANK[declared] >= BUMP_RANK[required] : required === 'none';
  const verdict: SemverVerdict = { required, declared, oldVersion: oldVersion ?? null, newVersion: newVersion ?? null, sufficient };
  // The lowest version that would do: the old one bumped as the changes require (2.0.0 + minor → 2.1.0).
  if (!sufficient && required !== 'none') verdict.fix = { field, version: semver.inc(semver.valid(oldVersion)!, required)! };
  return verdict;
}

/** "set registry_version to 2.1.0" or "set version in package.json to 2.1.0", when the declared bump is too small. */
export function describeFix(v: SemverVerdict): string | undefined {
  if (!v.fix) return undefined;
  return v.fix.field === 'package.json' ? `set version in package.json to ${v.fix.version}` : `set registry_version to ${v.fix.version}`;
}

/** "declared 2.0.0 → 2.0.1 (patch), changes require major" */
export function describeSemver(v: SemverVerdict): string {
  if (v.declared === null) {
    const known = v.oldVersion === null && v.newVersion === null ? 'no declared versions' : `declared ${v.oldVersion ?? '(none)'} → ${v.newVersion ?? '(none)'}, not comparable`;
    return `${known}; changes require ${v.required}`;
  }
  const backwards = v.declared !== 'none' && semver.lt(semver.valid(v.newVersion)!, semver.valid(v.oldVersion)!);
  return `declared ${v.oldVersion} → ${v.newVersion} (${backwards ? `${v.declared}, going backwards` : v.declared}), changes require ${v.required}`;
}

/** The version a contract set declares: `registry_version`. */
export function registryVersion(model: ContractSet): string | undefined {
  return model.registry?.registryVersion;
}
