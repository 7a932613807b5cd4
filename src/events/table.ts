/**
 * The registry facts the event checks need (src/events/checker.ts), as plain JSON: built once
 * per contract set here, used in-process by `validate` and the examples rules, and embedded
 * verbatim into the generated dist/validators.js.
 */
import { getAtPointer } from '../json/pointer.js';
import { byCodeUnit } from '../load/source.js';
import type { ContractSet } from '../model/types.js';
import { resolveRef } from '../schema/refs.js';
import { isSchemaObject } from '../schema/walk.js';
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
  const producers = Array.isArray(producerEnum) && producerEnum.every((p) => typeof p === 'string') ? [...new Set(producerEnum)] : [...registryProducers].sort(byCodeUnit);
  const envelopeVersion = getAtPointer(envelope, '/properties/envelope_version/const').value;

  const eventPrefix = kinds?.get('event')?.prefix ?? DEFAULT_EVENT_PREFIX;
  const personPrefix = kinds?.get('person')?.prefix ?? DEFAULT_PERSON_PREFIX;
  const table: EventTable = {
    eventPrefix,
    personPrefix,
    envelopeVersion: typeof envelopeVersion === 'number' ? envelopeVersion : 1,
    producers,
    types,
  };
  // When the envelope states exactly the checks' own patterns, an event it accepted needs no
  // second look at those fields (the checks stay complete for any other envelope).
  if (model.envelope && envelope !== undefined) {
    const correlationId = patternOf(model, model.envelope.path, getAtPointer(envelope, '/properties/correlation_id').value) === `^${escapeRegExp(eventPrefix)}${UUID7}$`;
    const actor = patternOf(model, model.envelope.path, getAtPointer(envelope, '/properties/actor').value) === `^(${escapeRegExp(personPrefix)}${UUID7}|system:(${producers.map(escapeRegExp).join('|')}))$`;
    if (correlationId || actor) table.envelopeChecks = { correlationId, actor };
    if (getAtPointer(envelope, '/properties/causation_id').value !== undefined) table.causationId = true;
  }
  return table;
}

const UUID7 = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The pattern a string property is held to, following one `$ref` (as the envelope's
 * correlation_id does to the shared ID definitions); undefined when it says anything more.
 */
function patternOf(model: ContractSet, file: string, schema: unknown): string | undefined {
  if (!isSchemaObject(schema)) return undefined;
  let node = schema;
  if (typeof node.$ref === 'string') {
    const target = resolveRef(model, file, node.$ref);
    if (target.kind !== 'local' || !isSchemaObject(target.value) || typeof target.value.$ref === 'string') return undefined;
    node = { ...target.value, ...node };
  }
  const keywords = Object.keys(node).filter((k) => !ANNOTATIONS.has(k) && k !== '$ref');
  if (node.type !== 'string' || typeof node.pattern !== 'string' || keywords.some((k) => k !== 'type' && k !== 'pattern')) return undefined;
  return node.pattern;
}

const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);
