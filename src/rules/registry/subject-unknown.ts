import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { isObject, rawAt, usableRegistry } from './common.js';
import { didYouMean } from '../../core/did-you-mean.js';

export default defineRule({
  id: 'registry/subject-unknown',
  severity: 'error',
  preset: 'recommended',
  description: 'An event type\'s subject must be a kind declared in id_kinds',
  help: 'The subject names the id kind of what the event is about; the envelope\'s subject then holds an ID with that kind\'s prefix. A subject that is not a key of id_kinds has no prefix, so neither the envelope nor consumers can recognise its IDs. Use one of the id_kinds keys, or declare the new kind with its prefix.',
  check(model, report) {
    const registry = usableRegistry(model);
    // Without an id_kinds object every subject would look unknown; registry/shape reports that.
    if (!registry || !isObject(rawAt(registry, '/id_kinds'))) return;
    const kinds = [...registry.idKinds.keys()];
    for (const entry of registry.eventTypes.values()) {
      const subject = entry.subject;
      if (subject === undefined || registry.idKinds.has(subject)) continue;
      const fix = didYouMean(subject, kinds) || `; use one of the id_kinds keys or add "${subject}" to id_kinds with its prefix`;
      report({
        file: registry.file.path,
        pointer: joinPointer(entry.pointer, 'subject'),
        message: `subject "${subject}" of event type "${entry.name}" is not an id kind declared in id_kinds${fix}`,
      });
    }
  },
});
