/**
 * The registry facts the event checks need (src/events/checker.ts), as plain JSON: built once
 * per contract set here, used in-process by `validate` and the examples rules, and embedded
 * verbatim into the generated dist/validators.js.
 */
import { getAtPointer } from '../json/pointer.js';
import { byCodeUnit } from '../load/source.js';
import type { ContractSet } from '../model/types.js';
import type { EventTable, EventTableEntry } from './checker.js';

const DEFAULT_EVENT_PREFIX = 'evt_';
const DEFAULT_PERSON_PREFIX = 'per_';
const VERSION_KEY = /^[1-9][0-9]*$/;

export function eventTableOf(model: ContractSet): EventTable {
  const registry = model.registry;
  const kinds = registry?.idKinds;
  const types: EventTableEntry[] = [];
  const registryProducers = new Set<string>();
  for (const entry of registry?.eventTypes.values() ?? []) {
    const row: EventTableEntry = { name: entry.name, versions: [] };
    if (entry.producer !== undefined) {
      row.producer = entry.producer;
      registryProducers.add(entry.producer);
    }
    if (entry.subject !== undefined) {
      row.subject = entry.subject;
      const prefix = kinds?.get(entry.subject)?.prefix;
      if (prefix !== undefined) row.subjectPrefix = prefix;
    }
    if (entry.actors !== undefined) row.actors = [...entry.actors];
    if (entry.status !== undefined) row.status = entry.status;
    for (const version of entry.versions.keys()) if (VERSION_KEY.test(version)) row.versions.push(Number(version));
    row.versions.sort((a, b) => a - b);
    types.push(row);
  }
  types.sort((a, b) => byCodeUnit(a.name, b.name));

  const envelope = model.envelope?.doc.ok ? model.envelope.doc.value : undefined;
  const producerEnum = getAtPointer(envelope, '/properties/producer/enum').value;
  const producers = Array.isArray(producerEnum) && producerEnum.every((p) => typeof p === 'string') ? [...new Set(producerEnum as string[])] : [...registryProducers].sort(byCodeUnit);
  const envelopeVersion = getAtPointer(envelope, '/properties/envelope_version/const').value;

  return {
    eventPrefix: kinds?.get('event')?.prefix ?? DEFAULT_EVENT_PREFIX,
    personPrefix: kinds?.get('person')?.prefix ?? DEFAULT_PERSON_PREFIX,
    envelopeVersion: typeof envelopeVersion === 'number' ? envelopeVersion : 1,
    producers,
    types,
  };
}
