import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { usableRegistry } from './common.js';

export default defineRule({
  id: 'registry/id-kind-prefix-duplicate',
  severity: 'error',
  preset: 'recommended',
  description: 'Each id kind must have its own prefix',
  help: 'The prefix is what tells an ID\'s kind apart: "les_…" is a lesson, "per_…" a person. Two kinds with one prefix make their IDs indistinguishable, so the payload schemas cannot tell them apart either. Give each kind a distinct prefix.',
  messages: {
    duplicate: 'id kind "{kind}" has prefix "{prefix}", which id kind "{first}" already uses; give it a prefix of its own',
  },
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    const owner = new Map<string, string>();
    for (const kind of registry.idKinds.values()) {
      if (kind.prefix === undefined) continue;
      const first = owner.get(kind.prefix);
      if (first === undefined) {
        owner.set(kind.prefix, kind.name);
        continue;
      }
      report({
        file: registry.file.path,
        pointer: joinPointer(kind.pointer, 'prefix'),
        messageId: 'duplicate',
        args: { kind: kind.name, prefix: kind.prefix, first },
      });
    }
  },
});
