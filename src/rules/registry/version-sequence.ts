import { defineRule } from '../define.js';
import { usableRegistry, versionGap } from './common.js';

export default defineRule({
  id: 'registry/version-sequence',
  severity: 'error',
  preset: 'recommended',
  description: 'An event type\'s versions must be numbered 1, 2, 3, … without gaps',
  help: 'The envelope\'s schema_version is the version key, and consumers expect every version from 1 up to the latest to exist. A version that skips a number, or a first version other than 1, usually means a renumbering mistake, a lost schema, or a released version that was deleted to retire it. Restore the missing version; to retire one, keep it and mark it `"status": "deprecated"` (removing a released version breaks its consumers, and `check --base` reports it); renumber only versions that were never released.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    for (const entry of registry.eventTypes.values()) {
      const gap = versionGap(entry);
      if (!gap) continue;
      // Only the first gap: the keys after it follow from it.
      const problem = gap.expected === '1' ? 'versions must start at "1"' : `"${gap.expected}" is missing`;
      const fix = 'restore the missing version (to retire a version, keep it with "status": "deprecated" rather than deleting it), or renumber versions that were never released';
      report({
        file: registry.file.path,
        pointer: entry.versions.get(gap.key)!.pointer,
        at: 'key',
        message: `event type "${entry.name}" has version "${gap.key}", but ${problem}; an event type keeps every version it published, numbered 1, 2, 3, … without gaps: ${fix}`,
      });
    }
  },
});
