import { defineRule } from '../define.js';
import { usableRegistry, versionGap } from './common.js';

export default defineRule({
  id: 'registry/version-sequence',
  severity: 'error',
  preset: 'recommended',
  description: 'An event type\'s versions must be numbered 1, 2, 3, … without gaps',
  help: 'The envelope\'s schema_version is the version key, and consumers expect every version from 1 up to the latest to exist. A version that skips a number, or a first version other than 1, usually means a renumbering mistake or a lost schema. Renumber the versions, or add the missing one.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    for (const entry of registry.eventTypes.values()) {
      const gap = versionGap(entry);
      if (!gap) continue;
      // Only the first gap: the keys after it follow from it.
      const problem = gap.expected === '1' ? 'versions must start at "1"' : `"${gap.expected}" is missing`;
      report({
        file: registry.file.path,
        pointer: entry.versions.get(gap.key)!.pointer,
        at: 'key',
        message: `event type "${entry.name}" has version "${gap.key}", but ${problem}; versions are numbered 1, 2, 3, … without gaps: renumber them or add the missing version`,
      });
    }
  },
});
