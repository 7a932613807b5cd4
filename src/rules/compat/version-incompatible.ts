import { describeDirections, pairIncompatibilities, versionPairs, type VersionIncompatibility } from '../../diff/version-compat.js';
import type { CompatibilityMode } from '../../model/compatibility.js';
import { defineRule, type Finding } from '../define.js';
import { closureHash } from '../memo.js';

export default defineRule({
  id: 'compat/version-incompatible',
  severity: 'error',
  preset: 'recommended',
  description: 'Each version of an event type must be compatible with the earlier ones, as its compatibility mode requires',
  help: 'An event type\'s `compatibility` mode (in its registry entry, the registry\'s top-level `compatibility`, or the configuration; FULL by default) says which versions must stay compatible: BACKWARD (a reader of the new version accepts data valid under the previous one), FORWARD (a reader of the previous version accepts data valid under the new one), FULL (both), their _TRANSITIVE variants (against every earlier version, not only the previous one) or NONE. The finding is at the change in the newer version\'s schema. Make the new version compatible, or, when the break is intended, set the event type\'s `compatibility` to the mode the message names (NONE allows any change). See docs/ci.md.',
  check(model, report, context) {
    const diff = { policy: context.policy ?? 'lenient', dialect: '2020-12' } as const;
    for (const pair of versionPairs(model, { settings: context.compatibility, diff })) {
      const compute = () => pairFindings(pairIncompatibilities(model, pair));
      // A pair's findings depend on its two schemas (and every file they reference) and its settings only.
      const parts = () => [pair.eventType, JSON.stringify(pair.mode), JSON.stringify(pair.diff), pair.older.version, pair.older.schema, closureHash(model, pair.older.schema), pair.newer.version, pair.newer.schema, closureHash(model, pair.newer.schema)];
      for (const finding of context.memo ? context.memo.findings('compat/version-incompatible', parts(), compute) : compute()) report(finding);
    }
  },
});

/** The findings of one pair of versions. */
function pairFindings(found: readonly VersionIncompatibility[]): Finding[] {
  // The mode to suggest must allow every break between the two versions, not just this one.
  const broken = new Set<'backward' | 'forward'>();
  for (const f of found) for (const d of f.directions) broken.add(d);
  return found.map((f) => {
    const older = `v${f.older.version}`;
    const newer = `v${f.newer.version}`;
    const allowing = allowingMode(f.mode.mode, [...broken]);
    return {
      file: f.newer.schema,
      pointer: f.pointer,
      message: `${f.eventType} ${newer} is ${describeDirections(f.directions, older, newer)} (${f.change.kind}: ${f.change.message}); its compatibility mode is ${f.mode.mode} (${f.mode.source}): make ${newer} compatible with ${older}, or set "compatibility": "${allowing}" on ${f.eventType} in the registry if the break is intended`,
    };
  });
}

/** The closest mode that allows what broke: FULL breaking forward → BACKWARD, keeping _TRANSITIVE. */
function allowingMode(mode: CompatibilityMode, directions: ReadonlyArray<'backward' | 'forward'>): CompatibilityMode {
  const suffix = mode.endsWith('_TRANSITIVE') ? '_TRANSITIVE' : '';
  const keepsBackward = !directions.includes('backward') && (mode.startsWith('FULL') || mode.startsWith('BACKWARD'));
  const keepsForward = !directions.includes('forward') && (mode.startsWith('FULL') || mode.startsWith('FORWARD'));
  if (keepsBackward) return `BACKWARD${suffix}` as CompatibilityMode;
  if (keepsForward) return `FORWARD${suffix}` as CompatibilityMode;
  return 'NONE';
}
