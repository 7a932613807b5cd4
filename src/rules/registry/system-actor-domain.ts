import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { rawAt, SYSTEM_ACTOR, usableRegistry } from './common.js';

export default defineRule({
  id: 'registry/system-actor-domain',
  severity: 'error',
  preset: 'recommended',
  description: 'A "system:<domain>" actor must name the event type\'s producer',
  help: 'An actor "system:<domain>" says the producing domain\'s own automation causes the event, and the envelope\'s actor field accepts exactly that form. Naming another domain contradicts the producer: either the producer is wrong, or the actor should be "system:<producer>" (or plain "system").',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    for (const entry of registry.eventTypes.values()) {
      const producer = entry.producer;
      if (producer === undefined || entry.actors === undefined) continue;
      // The raw array, so the pointer indexes match the file even when an entry is not a string.
      const actorsPointer = joinPointer(entry.pointer, 'actors');
      const actors = rawAt(registry, actorsPointer);
      if (!Array.isArray(actors)) continue;
      actors.forEach((actor, index) => {
        const domain = typeof actor === 'string' ? SYSTEM_ACTOR.exec(actor)?.[1] : undefined;
        if (domain === undefined || domain === producer) return;
        report({
          file: registry.file.path,
          pointer: joinPointer(actorsPointer, index),
          message: `actor "${actor}" of event type "${entry.name}" names domain "${domain}", but the producer is "${producer}"; use "system:${producer}" or "system", or fix the producer`,
        });
      });
    }
  },
});
