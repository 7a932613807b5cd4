/**
 * The contract set as an AsyncAPI 3.0 document: one channel per event type (its address is the
 * event type), one message per version (the envelope, with event_type, schema_version and
 * producer pinned and the version's payload schema in `payload`), a `send` operation for the
 * producer and a `receive` operation for each consumer, and the shared ID definitions as
 * schema components. Pure: a model in, a plain object out; the CLI serialises it.
 *
 * Payload and envelope schemas are embedded as AsyncAPI schema objects (a JSON Schema superset),
 * with their `$ref`s rewritten to `#/components/schemas/...` (src/export/portable-schema.ts);
 * keywords newer than draft-07 (`$defs`, `prefixItems`) are carried as they are.
 */
import type { ContractSet, EventTypeEntry } from '../model/types.js';
import { byCodeUnit } from '../build/type-plan.js';
import { createComponents } from './portable-schema.js';

export const ASYNCAPI_VERSION = '3.0.0';

export interface AsyncApiOptions {
  /** Only the channels this service sends or receives, and only its operations. */
  service?: string;
}

export class ExportError extends Error {}

/** AsyncAPI keys (channels, messages, operations, components) allow only these characters. */
const safeKey = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

export function messageKey(eventType: string, version: string): string {
  return safeKey(`${eventType}.v${version}`);
}

export function exportAsyncApi(model: ContractSet, options: AsyncApiOptions = {}): Record<string, unknown> {
  const registry = model.registry;
  if (!registry) throw new ExportError('the contract set has no event-types-registry.json; run check to see why');
  const service = options.service;
  if (service !== undefined && !registry.services.has(service) && ![...registry.eventTypes.values()].some((e) => e.producer === service)) {
    const known = [...new Set([...registry.services.keys(), ...[...registry.eventTypes.values()].map((e) => e.producer).filter((p): p is string => !!p)])].sort(byCodeUnit);
    throw new ExportError(`unknown service "${service}"; use one of: ${known.join(', ')}`);
  }
  const components = createComponents(model);
  const envelopeKey = model.envelope ? components.keyOf(model.envelope.path) : undefined;
  // The shared ID definitions come first among the components, whether or not a payload uses them.
  const idDefs = model.ids?.doc.value as { $defs?: Record<string, unknown> } | undefined;
  for (const name of Object.keys(idDefs?.$defs ?? {})) components.refFor(model.ids!.path, `/$defs/${name}`);

  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const entries = [...registry.eventTypes.values()].sort((a, b) => byCodeUnit(a.name, b.name));
  for (const entry of entries) {
    const sends = service === undefined || entry.producer === service;
    const readers = entry.consumers.filter((c) => c.service !== undefined && (service === undefined || c.service === service));
    if (!sends && !readers.length) continue;
    const channelKey = safeKey(entry.name);
    const channelMessages: Record<string, unknown> = {};
    for (const version of entry.versions.values()) {
      const key = messageKey(entry.name, version.version);
      messages[key] = message(entry, version.version, version.schema, envelopeKey, components, model);
      channelMessages[key] = { $ref: `#/components/messages/${key}` };
    }
    channels[channelKey] = {
      address: entry.name,
      title: entry.name,
      ...(entry.description ? { description: entry.description } : {}),
      messages: channelMessages,
    };
    const refs = (versions: readonly string[]) => versions.filter((v) => entry.versions.has(v)).map((v) => ({ $ref: `#/channels/${channelKey}/messages/${messageKey(entry.name, v)}` }));
    if (sends && entry.producer !== undefined) {
      operations[safeKey(`${entry.producer}.send.${entry.name}`)] = {
        action: 'send',
        channel: { $ref: `#/channels/${channelKey}` },
        summary: `${entry.producer} emits ${entry.name}`,
        messages: refs([...entry.versions.keys()]),
      };
    }
    for (const reader of readers) {
      operations[safeKey(`${reader.service}.receive.${entry.name}`)] = {
        action: 'receive',
        channel: { $ref: `#/channels/${channelKey}` },
        summary: `${reader.service} reads ${entry.name} ${reader.versions.map((v) => `v${v}`).join(', ')}`,
        messages: refs(reader.versions),
      };
    }
  }

  const serviceEntry = service !== undefined ? registry.services.get(service) : undefined;
  const title = service === undefined ? 'Sguild events' : `Sguild events: ${service}`;
  const description =
    service === undefined
      ? `Every event type of the contract set (${model.label}), its producer and its consumers.`
      : `${serviceEntry?.description ?? `The events ${service} sends and receives.`}${serviceEntry?.owner ? ` Owner: ${serviceEntry.owner}.` : ''}`;
  return {
    asyncapi: ASYNCAPI_VERSION,
    info: { title, version: registry.registryVersion ?? '0.0.0', description },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas: Object.fromEntries(components.schemas), messages },
  };
}

function message(entry: EventTypeEntry, version: string, schemaPath: string | undefined, envelopeKey: string | undefined, components: ReturnType<typeof createComponents>, model: ContractSet) {
  const payloadRef = schemaPath && model.json.get(schemaPath)?.doc.ok ? { $ref: `#/components/schemas/${components.keyOf(schemaPath)}` } : { type: 'object' };
  const pinned = {
    type: 'object',
    properties: {
      event_type: { const: entry.name },
      schema_version: { const: Number(version) },
      ...(entry.producer !== undefined ? { producer: { const: entry.producer } } : {}),
      payload: payloadRef,
    },
  };
  return {
    name: `${entry.name} v${version}`,
    title: `${entry.name} v${version}`,
    ...(entry.description ? { summary: entry.description } : {}),
    contentType: 'application/json',
    payload: envelopeKey !== undefined ? { allOf: [{ $ref: `#/components/schemas/${envelopeKey}` }, pinned] } : pinned,
  };
}
