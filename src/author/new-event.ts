/**
 * `new event` and `new version`: the payload schema, the registry entry, the README mention and
 * a complete example, planned together from the contract set as it is (its $id base, its ID
 * kinds, its envelope), so that `check` passes right after they are written.
 */
import { closest } from '../core/did-you-mean.js';
import { insertMember } from '../json/edit.js';
import { getAtPointer, joinPointer } from '../json/pointer.js';
import { loadContractSet } from '../load/loader.js';
import { OverlaySource, type FileSource } from '../load/source.js';
import type { ContractSet, EventTypeEntry } from '../model/types.js';
import { EVENT_TYPE_NAME, expectedPayloadPath } from '../rules/registry/common.js';
import { idRefFrom } from '../schema/id-kinds.js';
import { schemaIds } from '../schema/schema-ids.js';
import { isSchemaObject } from '../schema/walk.js';
import { uuidV7, timestamp, type Random } from './ids.js';
import { AuthorError, type FileChange } from './plan.js';
import { addEventMention, addVersionMention } from './readme.js';
import { sampleValue } from './sample.js';

export interface Clock {
  now: number;
  random?: Random;
}

export interface NewEventOptions {
  contract?: string;
  producer?: string;
  subject?: string;
  actors?: readonly string[];
  description?: string;
}

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export function planNewEvent(source: FileSource, name: string, options: NewEventOptions, clock: Clock): FileChange[] {
  const model = loadContractSet(source);
  const registry = usableRegistryOrThrow(model);
  if (!EVENT_TYPE_NAME.test(name)) throw new AuthorError(`"${name}" is not an event type name: use two or more dot-separated lower-case segments, e.g. coach.rated`);
  if (registry.eventTypes.has(name)) throw new AuthorError(`event type "${name}" is already registered; to add a version run: sguild-contracts new version ${name}`);
  const siblings = [...registry.eventTypes.values()];
  const namespace = name.slice(0, name.indexOf('.'));

  const contract = options.contract ?? mostCommon(siblings.filter((e) => e.name.startsWith(namespace + '.')).map((e) => e.contract));
  if (contract === undefined) throw new AuthorError(`no registered event type shares the "${namespace}." namespace, so the contract cannot be inferred; pass --contract NAME`);
  if (!model.contracts.has(contract)) {
    const hint = closest(contract, model.contracts.keys());
    throw new AuthorError(`contract folder "${contract}" does not exist${hint ? ` (did you mean ${hint}?)` : ''}; create it with: sguild-contracts new contract ${contract}`);
  }
  const inContract = siblings.filter((e) => e.contract === contract);

  const producers = envelopeProducers(model);
  const producer = options.producer ?? mostCommon(inContract.map((e) => e.producer)) ?? (producers?.length === 1 ? producers[0] : undefined);
  if (producer === undefined) throw new AuthorError(`cannot infer the producer of ${name}; pass --producer${producers ? ` (one of ${producers.join(', ')})` : ''}`);
  if (producers && !producers.includes(producer)) throw new AuthorError(`producer "${producer}" is not in the envelope's producer enum (${producers.join(', ')})${suggest(producer, producers)}`);

  const kinds = [...registry.idKinds.keys()];
  const subject = options.subject ?? (registry.idKinds.has(namespace) ? namespace : mostCommon(inContract.map((e) => e.subject)));
  if (subject === undefined) throw new AuthorError(`cannot infer the subject of ${name}; pass --subject KIND (one of ${kinds.join(', ')})`);
  if (kinds.length && !registry.idKinds.has(subject)) throw new AuthorError(`subject kind "${subject}" is not in the registry's id_kinds${suggest(subject, kinds)}`);

  const actors = options.actors?.length ? [...options.actors] : mostCommonList(inContract.map((e) => e.actors)) ?? ['person', 'system'];
  const description = options.description ?? `TODO: say what happened when ${name} is emitted.`;
  const schemaPath = expectedPayloadPath(contract, name, '1');
  const examplePath = `${contract}/examples/${name}-v1.json`;

  const idField = subject === 'event' ? undefined : `${subject}_id`;
  const idRef = idField ? idRefFrom(model, schemaPath, subject) : undefined;
  const properties: Record<string, unknown> = {};
  if (idField && idRef) properties[idField] = { $ref: idRef, description: `The ${subject.replace(/_/g, ' ')} this event is about (also the envelope subject).` };
  const payload = {
    $schema: envelopeDialect(model),
    $id: schemaIds(model).expected(schemaPath) ?? `https://example.com/contracts/${schemaPath}`,
    title: `${name} v1 payload`,
    description,
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
  const entry = { contract, producer, subject, actors, status: 'active', description, versions: { '1': { schema: schemaPath } } };

  const changes: FileChange[] = [
    { path: schemaPath, content: json(payload), action: 'create' },
    { path: registry.file.path, content: insertMember(registry.file.doc.text, '/event_types', name, entry), action: 'update' },
  ];
  const readme = model.contracts.get(contract)?.readme;
  if (readme) changes.push({ path: readme.path, content: addEventMention(readme.text, { name, versions: ['1'], producer, subject, actors, description }), action: 'update' });
  const planned = loadContractSet(new OverlaySource(source, new Map(changes.map((c) => [c.path, c.content]))));
  changes.push({ path: examplePath, content: json(exampleEvent(planned, name, '1', schemaPath, clock)), action: 'create' });
  return changes;
}

/** `new version <type>`: the latest version's schema copied to -v<N+1> with its own $id, registered, mentioned and exemplified. */
export function planNewVersion(source: FileSource, name: string, clock: Clock): FileChange[] {
  const model = loadContractSet(source);
  const registry = usableRegistryOrThrow(model);
  const entry = registry.eventTypes.get(name);
  if (!entry) throw new AuthorError(`event type "${name}" is not registered${suggest(name, registry.eventTypes.keys())}; to create it run: sguild-contracts new event ${name}`);
  const numbers = [...entry.versions.keys()].map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (!numbers.length) throw new AuthorError(`event type "${name}" has no registered version to copy; register version 1 first`);
  const latest = String(Math.max(...numbers));
  const next = String(Math.max(...numbers) + 1);
  const latestEntry = entry.versions.get(latest)!;
  const latestSchema = latestEntry.schema !== undefined ? model.schemas.get(latestEntry.schema) : undefined;
  if (!latestSchema || !latestSchema.doc.ok || !isSchemaObject(latestSchema.doc.value)) {
    throw new AuthorError(`the payload schema of ${name} v${latest} (${latestEntry.schema ?? 'not registered'}) cannot be read; fix it (run check) before copying it`);
  }
  if (entry.contract === undefined) throw new AuthorError(`event type "${name}" names no contract in the registry; fix it (run check) first`);
  const schemaPath = expectedPayloadPath(entry.contract, name, next);
  const copy = structuredClone(latestSchema.doc.value) as Record<string, unknown>;
  copy.$id = schemaIds(model).expected(schemaPath) ?? retarget(String(copy.$id ?? ''), latestSchema.path, schemaPath);
  if (typeof copy.title === 'string') copy.title = copy.title.replace(new RegExp(`\\bv${latest}\\b`), `v${next}`);
  // A copy into the same folder keeps every relative $ref valid; another folder would not.
  const changes: FileChange[] = [
    { path: schemaPath, content: json(copy), action: 'create' },
    { path: registry.file.path, content: insertMember(registry.file.doc.text, joinPointer(entry.pointer, 'versions'), next, { schema: schemaPath }), action: 'update' },
  ];
  const readme = model.contracts.get(entry.contract)?.readme;
  if (readme) {
    const text = addVersionMention(readme.text, name, next);
    if (text !== readme.text) changes.push({ path: readme.path, content: text, action: 'update' });
  }
  const examplePath = `${entry.contract}/examples/${name}-v${next}.json`;
  const previous = model.examples.find((e) => e.path === `${entry.contract}/examples/${name}-v${latest}.json`);
  let example: unknown;
  if (previous?.doc.ok && isSchemaObject(previous.doc.value)) {
    // The previous example still shows a valid payload (the schema is a copy): a new event ID and version.
    const event = structuredClone(previous.doc.value);
    const fresh = freshEventId(model, clock);
    if (typeof event.event_id === 'string') event.event_id = fresh;
    if ('correlation_id' in event && event.correlation_id === previous.doc.value.event_id) event.correlation_id = fresh;
    event.schema_version = Number(next);
    example = event;
  } else {
    const planned = loadContractSet(new OverlaySource(source, new Map(changes.map((c) => [c.path, c.content]))));
    example = exampleEvent(planned, name, next, schemaPath, clock);
  }
  changes.push({ path: examplePath, content: json(example), action: 'create' });
  return changes;
}

/** A complete event of `name` version `version`, built from the envelope schema and the payload schema. */
export function exampleEvent(model: ContractSet, name: string, version: string, schemaPath: string, clock: Clock): Record<string, unknown> {
  const entry = model.registry?.eventTypes.get(name) as EventTypeEntry;
  const ctx = { model, now: clock.now, random: clock.random };
  const eventId = freshEventId(model, clock);
  const subjectPrefix = entry.subject !== undefined ? model.registry?.idKinds.get(entry.subject)?.prefix : undefined;
  const subjectId = entry.subject === 'event' ? eventId : subjectPrefix ? subjectPrefix + uuidV7(clock.now, clock.random) : undefined;
  const personPrefix = model.registry?.idKinds.get('person')?.prefix;
  const actor = entry.actors?.includes('person') && personPrefix ? personPrefix + uuidV7(clock.now, clock.random) : entry.actors?.includes('system') || entry.actors?.some((a) => a.startsWith('system')) ? `system:${entry.producer}` : undefined;

  const known: Record<string, unknown> = {
    event_id: eventId,
    event_type: name,
    schema_version: Number(version),
    occurred_at: timestamp(clock.now),
    producer: entry.producer,
    subject: subjectId,
    actor,
    correlation_id: eventId,
    causation_id: freshEventId(model, clock),
  };
  const envelope = model.envelope?.doc.ok && isSchemaObject(model.envelope.doc.value) ? model.envelope.doc.value : undefined;
  const properties = envelope && isSchemaObject(envelope.properties) ? envelope.properties : {};
  const event: Record<string, unknown> = {};
  for (const field of Object.keys(properties)) {
    if (field === 'payload') continue;
    if (known[field] !== undefined) event[field] = known[field];
    else if (Array.isArray(envelope?.required) && envelope.required.includes(field)) event[field] = sampleValue(ctx, model.envelope!.path, properties[field], field);
  }
  const payloadSchema = model.schemas.get(schemaPath);
  const fixed = new Map<string, unknown>();
  if (entry.subject && subjectId) fixed.set(`${entry.subject}_id`, subjectId);
  event.payload = payloadSchema?.doc.ok ? sampleValue({ ...ctx, fixed }, schemaPath, payloadSchema.doc.value) : {};
  return event;
}

function freshEventId(model: ContractSet, clock: Clock): string {
  return (model.registry?.idKinds.get('event')?.prefix ?? 'evt_') + uuidV7(clock.now, clock.random);
}

function usableRegistryOrThrow(model: ContractSet) {
  const registry = model.registry;
  if (!registry || !registry.file.doc.ok || !isSchemaObject(registry.file.doc.value)) {
    throw new AuthorError('the registry (event-types-registry.json) is missing or unreadable; run check to see why, or init to start a contract set');
  }
  if (!isSchemaObject(getAtPointer(registry.file.doc.value, '/event_types').value)) throw new AuthorError('the registry has no "event_types" object to add to; run check to see why');
  return registry;
}

function envelopeProducers(model: ContractSet): string[] | undefined {
  const value = model.envelope?.doc.ok ? getAtPointer(model.envelope.doc.value, '/properties/producer/enum').value : undefined;
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value) : undefined;
}

function envelopeDialect(model: ContractSet): string {
  const value = model.envelope?.doc.ok && isSchemaObject(model.envelope.doc.value) ? model.envelope.doc.value.$schema : undefined;
  return typeof value === 'string' ? value : DIALECT;
}

function retarget(id: string, from: string, to: string): string {
  return id.endsWith(from) ? id.slice(0, id.length - from.length) + to : id;
}

function mostCommon(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && v < best)) best = v;
  return best;
}

function mostCommonList(values: readonly (readonly string[] | undefined)[]): string[] | undefined {
  const key = mostCommon(values.map((v) => (v ? JSON.stringify(v) : undefined)));
  return key === undefined ? undefined : (JSON.parse(key) as string[]);
}

function suggest(value: string, candidates: Iterable<string>): string {
  const hint = closest(value, candidates);
  return hint ? ` (did you mean ${hint}?)` : '';
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
