import { defineRule } from '../define.js';
import { envelopeProperty, idPattern, judgeSamples, listQuoted, nearMissPrefixes, patternPointer, registeredPrefixes, unusedPrefix, usableRegistry, usableSchema, UUID_V7 } from './common.js';

export default defineRule({
  id: 'envelope/subject-pattern',
  severity: 'error',
  preset: 'recommended',
  description: 'The envelope subject pattern must accept the IDs of every kind registered event types use as subject',
  help: 'An event\'s subject is the ID of the entity it is about, so the envelope must accept <prefix><uuid v7> for every id kind that some registered event type names as its subject, and reject IDs with prefixes nobody registered. The rule tests the subject schema (pattern, or anyOf/oneOf of patterns, compiled as validation runs them) against generated IDs. Add a pattern branch for each reported kind, or anchor the patterns so unknown prefixes fail.',
  check(model, report) {
    const envelope = usableSchema(model.envelope);
    const registry = usableRegistry(model);
    if (!envelope || !registry) return;
    const subject = envelopeProperty(envelope.root, 'subject');
    if (!subject) return; // envelope/required-fields reports a missing subject

    // Kind → the event types using it as subject: one pass over the registry.
    const users = new Map<string, string[]>();
    for (const entry of registry.eventTypes.values()) {
      if (entry.subject === undefined) continue;
      let list = users.get(entry.subject);
      if (!list) users.set(entry.subject, (list = []));
      list.push(entry.name);
    }
    // Kinds the registry does not define (or define without a prefix) are registry rules' findings.
    const kinds = [...users.keys()].filter((k) => registry.idKinds.get(k)?.prefix).sort();
    const samples = kinds.map((k) => `${registry.idKinds.get(k)!.prefix}${UUID_V7}`);
    const prefixes = registeredPrefixes(registry);
    // Unregistered prefixes: a far-off one and the near misses of each subject kind's prefix.
    const unknown = [unusedPrefix(prefixes), ...kinds.flatMap((k) => nearMissPrefixes(registry.idKinds.get(k)!.prefix!, prefixes))].map((p) => `${p}${UUID_V7}`);
    const path = envelope.file.path;
    const pointer = '/properties/subject';
    const verdicts = judgeSamples(model, path, pointer, samples, [...new Set(unknown)]);
    if (!verdicts) return;
    const at = patternPointer(subject, pointer);
    const rejected = new Set(verdicts.wronglyRejected);
    kinds.forEach((kind, i) => {
      if (!rejected.has(samples[i]!)) return; // one sample per kind
      const prefix = registry.idKinds.get(kind)!.prefix!;
      const events = users.get(kind)!.sort();
      report({
        file: path,
        pointer: at,
        message: `the subject pattern rejects ${kind} IDs (prefix "${prefix}"), but ${listQuoted(events, 3)} ${events.length === 1 ? 'uses' : 'use'} "${kind}" as subject; accept them, e.g. add a branch { "pattern": "${idPattern(prefix)}" }`,
      });
    });
    if (verdicts.wronglyAccepted.length) {
      report({
        file: path,
        pointer: at,
        message: `the subject pattern accepts ${listQuoted(verdicts.wronglyAccepted)}, ${verdicts.wronglyAccepted.length === 1 ? 'an ID whose prefix' : 'IDs whose prefixes'} no id kind registers; allow only registered prefixes, each anchored like "${idPattern('<prefix>')}"`,
      });
    }
  },
});
