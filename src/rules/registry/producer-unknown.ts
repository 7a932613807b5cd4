import { getAtPointer, joinPointer } from '../../json/pointer.js';
import type { ContractSet } from '../../model/types.js';
import { resolveRef } from '../../schema/refs.js';
import { defineRule } from '../define.js';
import { isObject, usableRegistry } from './common.js';
import { closest } from '../../core/did-you-mean.js';

export default defineRule({
  id: 'registry/producer-unknown',
  severity: 'error',
  preset: 'recommended',
  description: 'An event type\'s producer must be one of the envelope\'s producer values',
  help: 'Every event is emitted in the envelope, whose producer property only accepts the values of its enum; an event type registered with another producer cannot be emitted validly. Use one of the envelope\'s producers, or add the new producing domain to the enum in the envelope schema.',
  messages: {
    unknown: 'producer "{producer}" of event type "{eventType}" is not in the envelope\'s producer enum ({producers}); use one of them or add it to {envelope}',
    unknownLikely: 'producer "{producer}" of event type "{eventType}" is not in the envelope\'s producer enum ({producers}); did you mean "{likely}"? Or add it to {envelope}',
  },
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    const found = producerEnum(model);
    if (!found) return; // the envelope rules report a missing envelope or producer enum
    const producers = found.values;
    const allowed = new Set(producers);
    for (const entry of registry.eventTypes.values()) {
      const producer = entry.producer;
      if (producer === undefined || allowed.has(producer)) continue;
      const likely = closest(producer, producers);
      const args = { producer, eventType: entry.name, producers: producers.join(', '), envelope: found.file };
      report({
        file: registry.file.path,
        pointer: joinPointer(entry.pointer, 'producer'),
        ...(likely !== undefined ? { messageId: 'unknownLikely', args: { ...args, likely } } : { messageId: 'unknown', args }),
      });
    }
  },
});

/**
 * The string values of the envelope's `properties.producer.enum`, following `$ref`s the way
 * every other part of the tool does (src/schema/refs.ts), with the file that holds the enum.
 * Undefined when there is no such enum.
 */
export function producerEnum(model: ContractSet): { values: string[]; file: string } | undefined {
  const envelope = model.envelope;
  if (!envelope || !envelope.doc.ok) return undefined;
  let file = envelope.path;
  let node = getAtPointer(envelope.doc.value, '/properties/producer').value;
  // A short chain of references is followed; a loop or a dead end means no enum here.
  for (let hops = 0; hops < 16 && isObject(node) && typeof node.$ref === 'string' && !Object.hasOwn(node, 'enum'); hops++) {
    const target = resolveRef(model, file, node.$ref);
    if (target.kind !== 'local') return undefined;
    file = target.file;
    node = target.value;
  }
  if (!isObject(node) || !Array.isArray(node.enum)) return undefined;
  const values = node.enum.filter((v): v is string => typeof v === 'string');
  return values.length ? { values, file } : undefined;
}
