import { defineRule } from '../define.js';
import {
  envelopeProperty,
  escapeRegExp,
  judgeSamples,
  listQuoted,
  lookupKeyword,
  nearMissPrefixes,
  patternPointer,
  registeredPrefixes,
  unusedPrefix,
  usableRegistry,
  usableSchema,
  UUID_V4,
  UUID_V7,
  UUID_V7_PATTERN,
} from './common.js';

export default defineRule({
  id: 'envelope/actor-pattern',
  severity: 'error',
  preset: 'recommended',
  description: 'The envelope actor pattern must accept exactly a person ID or system:<producer>',
  help: 'The actor says who caused an event: a person ID for human actions, or system:<producer> for automated ones, for every producer in the envelope\'s producer enum. The rule tests the actor schema (its pattern compiled as a Unicode regular expression, exactly as validation runs it) against generated samples: a person ID and system:<p> for each producer must pass; system:, an unknown producer, another prefix, a non-v7 UUID and unanchored variants must fail. Fix the pattern the message suggests; the person prefix comes from id_kinds.person in the registry.',
  check(model, report) {
    const envelope = usableSchema(model.envelope);
    if (!envelope) return;
    const actor = envelopeProperty(envelope.root, 'actor');
    if (!actor) return; // envelope/required-fields reports a missing actor
    const path = envelope.file.path;
    const enumLookup = lookupKeyword(model, path, '/properties/producer', 'enum');
    if (enumLookup.kind !== 'found' || !Array.isArray(enumLookup.value)) return;
    const producers = enumLookup.value.filter((p): p is string => typeof p === 'string' && p !== '');
    if (producers.length === 0) return; // required-fields reports the empty enum

    const registry = usableRegistry(model);
    const personPrefix = registry?.idKinds.get('person')?.prefix || undefined;
    const unknownProducer = ['unknown', 'unknown-producer', 'not-a-producer'].find((p) => !producers.includes(p)) ?? 'x-unknown';
    const accept = producers.map((p) => `system:${p}`);
    const reject = ['system:', `system:${unknownProducer}`, `system:${producers[0]}x`, `xsystem:${producers[0]}`];
    if (personPrefix !== undefined) {
      const person = `${personPrefix}${UUID_V7}`;
      accept.unshift(person);
      const prefixes = registeredPrefixes(registry);
      const nearMisses = nearMissPrefixes(personPrefix, prefixes).map((p) => `${p}${UUID_V7}`);
      reject.push(`${unusedPrefix(prefixes)}${UUID_V7}`, `${personPrefix}${UUID_V4}`, `${person}x`, `x${person}`, ...nearMisses);
    }
    const pointer = '/properties/actor';
    const verdicts = judgeSamples(model, path, pointer, accept, reject);
    if (!verdicts || (verdicts.wronglyRejected.length === 0 && verdicts.wronglyAccepted.length === 0)) return;

    const problems: string[] = [];
    if (verdicts.wronglyRejected.length) problems.push(`rejects ${listQuoted(verdicts.wronglyRejected)}`);
    if (verdicts.wronglyAccepted.length) problems.push(`accepts ${listQuoted(verdicts.wronglyAccepted)}`);
    const systems = `system:(${producers.map(escapeRegExp).join('|')})`;
    const suggested = personPrefix !== undefined ? `^(${escapeRegExp(personPrefix)}${UUID_V7_PATTERN}|${systems})$` : `^(<person_id pattern>|${systems})$`;
    const shape = personPrefix !== undefined ? `${personPrefix}<uuid v7>` : '<person_id>';
    report({
      file: path,
      pointer: patternPointer(actor, pointer),
      message: `the actor pattern must accept exactly ${shape} or system:<producer> (producers: ${producers.join(', ')}), but it ${problems.join(' and ')}; use "pattern": "${suggested}"`,
    });
  },
});
