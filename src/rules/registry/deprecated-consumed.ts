import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { usableRegistry } from './common.js';

export default defineRule({
  id: 'registry/deprecated-consumed',
  severity: 'warning',
  preset: 'recommended',
  description: 'A deprecated event type or version that services still consume is named with its consumers',
  help: 'Deprecating an event type or version announces that it will be removed; the services listed as its consumers break when it is. The warning names them so their owners can migrate (to a newer version or a replacement event type) before the removal. Remove a consumer from the list once it has migrated.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    for (const entry of registry.eventTypes.values()) {
      const named = (list: readonly { service?: string }[]) => list.map((c) => c.service).filter((s): s is string => s !== undefined);
      if (entry.status === 'deprecated') {
        const services = named(entry.consumers);
        if (services.length) {
          report({
            file: registry.file.path,
            pointer: joinPointer(entry.pointer, 'status'),
            message: `event type "${entry.name}" is deprecated but still consumed by ${services.join(', ')}; migrate them off it before removing it`,
          });
        }
        continue;
      }
      for (const version of entry.versions.values()) {
        if (version.status !== 'deprecated') continue;
        const services = named(entry.consumers.filter((c) => c.versions.includes(version.version)));
        if (!services.length) continue;
        report({
          file: registry.file.path,
          pointer: joinPointer(version.pointer, 'status'),
          message: `version ${version.version} of event type "${entry.name}" is deprecated but still read by ${services.join(', ')}; move them to a newer version before removing it`,
        });
      }
    }
  },
});
