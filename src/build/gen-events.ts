/**
 * `events.js` (ES module), its CommonJS twin `events.cjs`, and `events.d.ts`: the frozen table of
 * event types (producer, contract, subject kind, actors, status, current version, and each
 * version's self-contained payload schema), the ID kinds, small lookup helpers, and the types
 * that tie an envelope's `payload` to its `event_type` and `schema_version`.
 *
 * Both JavaScript files are the same body text with a different export syntax, so they cannot
 * drift apart. Keys are emitted sorted; nothing depends on the order files were listed in.
 */
import { ENVELOPE_CONTRACT, type ContractSet, type EventTypeEntry } from '../model/types.js';
import { docComment } from './gen-payloads.js';
import { GENERATED_NOTICE, type Generator } from './generator-types.js';
import { isSchemaObject } from './schema-copy.js';
import { tableSchema } from './table-schema.js';
import { byCodeUnit, typePlan, type IdKindType, type TypePlan } from './type-plan.js';

export const EVENTS_MODULE = 'events';

export const eventsGenerator: Generator = {
  name: 'events table',
  generate(model) {
    const plan = typePlan(model);
    if (plan.problems.length) return []; // reported by the payload types generator
    const body = tableBody(model);
    return [
      { path: `${EVENTS_MODULE}.js`, content: esModule(body) },
      { path: `${EVENTS_MODULE}.cjs`, content: commonJsModule(body) },
      { path: `${EVENTS_MODULE}.d.ts`, content: declarations(model, plan) },
    ];
  },
};

interface Declaration {
  name: string;
  doc?: string;
  /** Starts with `const <name> =` or `function <name>(`. */
  code: string;
}

function sortedTypes(model: ContractSet): EventTypeEntry[] {
  const types = model.registry?.eventTypes;
  return types ? [...types.keys()].sort(byCodeUnit).map((name) => types.get(name)!) : [];
}

function currentVersion(entry: EventTypeEntry): number | null {
  let current: number | null = null;
  for (const v of entry.versions.keys()) if (/^[0-9]+$/.test(v) && (current === null || Number(v) > current)) current = Number(v);
  return current;
}

function tableBody(model: ContractSet): Declaration[] {
  const registry = model.registry;
  const idKinds = Object.fromEntries(
    [...(registry?.idKinds.keys() ?? [])].sort(byCodeUnit).map((kind) => {
      const k = registry!.idKinds.get(kind)!;
      return [kind, { prefix: k.prefix ?? null, description: k.description ?? null }];
    }),
  );
  const types = sortedTypes(model);
  const eventTypes = Object.fromEntries(
    types.map((entry) => {
      const versions = Object.fromEntries(
        [...entry.versions.values()].map((v) => {
          const file = v.schema ? model.schemas.get(v.schema) : undefined;
          const schema = file?.doc.ok ? tableSchema(model, file.path, file.doc.value) : null;
          return [v.version, { schema }];
        }),
      );
      const info = {
        name: entry.name,
        contract: entry.contract ?? null,
        producer: entry.producer ?? null,
        subject: entry.subject ?? null,
        actors: entry.actors ?? [],
        status: entry.status ?? null,
        description: entry.description ?? null,
        currentVersion: currentVersion(entry),
        versions,
      };
      return [entry.name, info];
    }),
  );
  return [
    { name: 'REGISTRY_VERSION', code: `const REGISTRY_VERSION = ${literal(registry?.registryVersion ?? null)};` },
    { name: 'ID_KINDS', code: `const ID_KINDS = freeze(${literal(idKinds)});` },
    { name: 'EVENT_TYPE_NAMES', code: `const EVENT_TYPE_NAMES = freeze(${literal(types.map((t) => t.name))});` },
    { name: 'EVENT_TYPES', code: `const EVENT_TYPES = freeze(${literal(eventTypes)});` },
    {
      name: 'isEventType',
      doc: 'True when `value` is a registered event type.',
      code: `function isEventType(value) {
  return typeof value === 'string' && Object.hasOwn(EVENT_TYPES, value);
}`,
    },
    {
      name: 'getEventType',
      doc: 'The table entry of an event type, or undefined when it is not registered.',
      code: `function getEventType(type) {
  return isEventType(type) ? EVENT_TYPES[type] : undefined;
}`,
    },
    {
      name: 'payloadSchema',
      doc: 'The payload schema of an event type at a version (default: its current version), or undefined.',
      code: `function payloadSchema(type, version) {
  const entry = getEventType(type);
  if (!entry) return undefined;
  const key = String(version === undefined ? entry.currentVersion : version);
  const found = Object.hasOwn(entry.versions, key) ? entry.versions[key] : undefined;
  return found && found.schema !== null ? found.schema : undefined;
}`,
    },
  ];
}

const FREEZE = `/** Deep-freezes the table so no consumer can change what every other consumer sees. */
function freeze(value) {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) freeze(value[key]);
  }
  return value;
}`;

function esModule(body: Declaration[]): string {
  return [`// ${GENERATED_NOTICE}`, '', FREEZE, '', ...body.map((d) => `${d.doc ? `/** ${d.doc} */\n` : ''}export ${d.code}\n`)].join('\n');
}

function commonJsModule(body: Declaration[]): string {
  return [
    `// ${GENERATED_NOTICE}`,
    `// CommonJS twin of events.js for require() consumers; same content.`,
    `'use strict';`,
    '',
    FREEZE,
    '',
    ...body.map((d) => `${d.doc ? `/** ${d.doc} */\n` : ''}${d.code}\n`),
    ...body.map((d) => `exports.${d.name} = ${d.name};`),
    '',
  ].join('\n');
}

/**
 * JSON text as a JavaScript expression. The one difference: a `"__proto__":` key in an object
 * literal would set the prototype instead of defining a property, so it is written computed.
 */
export function literal(value: unknown): string {
  // In indented JSON every key starts its own line, and no string value can contain a newline.
  return JSON.stringify(value, null, 2).replace(/^(\s*)"__proto__":/gm, '$1["__proto__"]:');
}

const str = (s: string) => JSON.stringify(s);

function declarations(model: ContractSet, plan: TypePlan): string {
  const types = sortedTypes(model);
  const payloadNames = new Map(plan.payloads.map((p) => [`${p.eventType}\0${p.version}`, p.name]));
  const idType = new Map<string, IdKindType>(plan.idKinds.map((k) => [k.kind, k]));
  const envelopeSchema = plan.envelope?.schema.doc.value;
  const envelopeProps = isSchemaObject(envelopeSchema) && isSchemaObject(envelopeSchema.properties) ? envelopeSchema.properties : {};
  const envelopeRequired = new Set(isSchemaObject(envelopeSchema) && Array.isArray(envelopeSchema.required) ? envelopeSchema.required : ['event_type', 'schema_version', 'producer', 'payload']);
  const producerEnum = isSchemaObject(envelopeProps.producer) && Array.isArray(envelopeProps.producer.enum) ? envelopeProps.producer.enum.filter((p): p is string => typeof p === 'string') : undefined;
  const producers = producerEnum ?? [...new Set(types.map((t) => t.producer).filter((p): p is string => !!p))].sort(byCodeUnit);
  const union = (items: readonly string[]) => (items.length ? items.map(str).join(' | ') : 'never');
  const idOf = (kind: string | undefined): string | undefined => (kind !== undefined && idType.has(kind) ? `P.${idType.get(kind)!.name}` : undefined);

  const out: string[] = [`// ${GENERATED_NOTICE}`, `import type * as P from './payloads.js';`, ''];
  const add = (text: string) => out.push(text, '');

  add(`/** A JSON Schema, as stored in the table. */
export type JsonSchema = { readonly [keyword: string]: unknown } | boolean;`);
  add(`/** Every registered event type. */\nexport type EventType =${multiline(types.map((t) => str(t.name)))};`);
  add(`/** Every registered ID kind. */\nexport type IdKind = ${union(plan.idKinds.map((k) => k.kind))};`);
  add(`/** Domains that produce events. */\nexport type Producer = ${union(producers)};`);
  add(`/** Who can cause an event: a person, or a producing system. */\nexport type ActorKind = ${union([...new Set(types.flatMap((t) => t.actors ?? []))].sort(byCodeUnit))};`);

  add(`/** The type of an ID of each kind: its prefix followed by any string. */
export interface IdTypes {
${plan.idKinds.map((k) => `  ${str(k.kind)}: P.${k.name};`).join('\n')}
}
export type IdOf<K extends IdKind> = IdTypes[K];`);

  add(`/** Each ID kind's prefix and description, as in ID_KINDS. */
export interface IdKindInfo {
${plan.idKinds
  .map((k) => {
    // As in the table: the registry's prefix, not the one read from the ids schema's pattern.
    const prefix = model.registry?.idKinds.get(k.kind)?.prefix;
    return `  ${str(k.kind)}: { readonly prefix: ${prefix === undefined ? 'null' : str(prefix)}; readonly description: ${k.description === undefined ? 'null' : 'string'} };`;
  })
  .join('\n')}
}`);

  const meta = types.map((t) => {
    const current = currentVersion(t);
    const fields = [
      `contract: ${t.contract === undefined ? 'null' : str(t.contract)}`,
      `producer: ${t.producer === undefined ? 'null' : str(t.producer)}`,
      `subject: ${t.subject === undefined ? 'null' : str(t.subject)}`,
      `actors: readonly [${(t.actors ?? []).map(str).join(', ')}]`,
      `status: ${t.status === undefined ? 'null' : str(t.status)}`,
      `currentVersion: ${current === null ? 'never' : current}`,
    ];
    return `${docComment(t.description, '  ')}  ${str(t.name)}: { ${fields.join('; ')} };`;
  });
  add(`/** What the registry says about each event type, as literal types. */\nexport interface EventTypeMeta {\n${meta.join('\n')}\n}`);

  const payloadMap = types.map((t) => {
    const versions = [...t.versions.keys()].filter((v) => /^[0-9]+$/.test(v)).map((v) => `${v}: P.${payloadNames.get(`${t.name}\0${v}`)}`);
    return `  ${str(t.name)}: { ${versions.join('; ')} };`;
  });
  add(`/** The payload type of every event type at every version. */\nexport interface PayloadMap {\n${payloadMap.join('\n')}\n}`);

  add(`/** The versions an event type has. */
export type VersionOf<T extends EventType> = keyof PayloadMap[T] & number;
/** An event type's current (highest) version. */
export type CurrentVersion<T extends EventType> = EventTypeMeta[T]['currentVersion'] & VersionOf<T>;
/** The payload of an event type at a version (default: the current one). */
export type PayloadOf<T extends EventType, V extends VersionOf<T> = CurrentVersion<T>> = PayloadMap[T][V];`);

  const fields = types.map((t) => {
    const producer = t.producer === undefined ? 'Producer' : str(t.producer);
    const subject = t.subject === undefined ? 'string' : (idOf(t.subject) ?? 'string');
    const actorTypes = t.actors === undefined ? ['string'] : t.actors.map((a) => (a === 'system' ? (t.producer === undefined ? '`system:${Producer}`' : str(`system:${t.producer}`)) : (idOf(a) ?? 'string')));
    const actor = actorTypes.length ? [...new Set(actorTypes)].join(' | ') : 'never';
    return `  ${str(t.name)}: { producer: ${producer}; subject: ${subject}; actor: ${actor} };`;
  });
  add(`/**
 * The envelope fields that follow from an event type: its registered producer, the ID type of
 * its subject kind, and its allowed actors (a person ID, or \`system:<producer>\`).
 */
export interface EnvelopeFields {
${fields.join('\n')}
}`);

  const special = ['event_type', 'schema_version', 'producer', 'subject', 'actor', 'payload'];
  const opt = (key: string) => (envelopeRequired.has(key) ? '' : '?');
  const doc = (key: string) => {
    const prop = envelopeProps[key];
    return isSchemaObject(prop) && typeof prop.description === 'string' ? docComment(prop.description, '  ') : '';
  };
  const base = plan.envelope ? ` extends Omit<P.${plan.envelope.name}, ${special.map(str).join(' | ')}>` : '';
  add(`/**
 * An event of type \`T\` at payload version \`V\` (default: the current version). Its \`payload\`
 * follows from \`event_type\` and \`schema_version\`; other fields are those of the envelope
 * schema (${ENVELOPE_CONTRACT}).
 */
export interface EventEnvelope<T extends EventType, V extends VersionOf<T> = CurrentVersion<T>>${base} {
${doc('event_type')}  event_type: T;
${doc('schema_version')}  schema_version: V;
${doc('producer')}  producer${opt('producer')}: EnvelopeFields[T]['producer'];
${doc('subject')}  subject${opt('subject')}: EnvelopeFields[T]['subject'];
${doc('actor')}  actor${opt('actor')}: EnvelopeFields[T]['actor'];
${doc('payload')}  payload: PayloadMap[T][V];
}`);

  const all = types.flatMap((t) => [...t.versions.keys()].filter((v) => /^[0-9]+$/.test(v)).map((v) => `EventEnvelope<${str(t.name)}, ${v}>`));
  add(`/** Any event of any type and version, discriminated by \`event_type\` and \`schema_version\`. */\nexport type AnyEventEnvelope =${multiline(all)};`);

  add(`/** One version of an event type in the table. */
export interface VersionInfo {
  /** The payload schema, self-contained: references to shared definitions are inlined. */
  readonly schema: JsonSchema;
}

/** An event type's entry in EVENT_TYPES. */
export interface EventTypeInfo<T extends EventType = EventType> {
  readonly name: T;
  readonly contract: EventTypeMeta[T]['contract'];
  readonly producer: EventTypeMeta[T]['producer'];
  readonly subject: EventTypeMeta[T]['subject'];
  readonly actors: EventTypeMeta[T]['actors'];
  readonly status: EventTypeMeta[T]['status'];
  readonly description: string | null;
  readonly currentVersion: CurrentVersion<T>;
  readonly versions: { readonly [V in VersionOf<T>]: VersionInfo };
}`);

  add(`/** The registry's registry_version. */
export declare const REGISTRY_VERSION: ${model.registry?.registryVersion === undefined ? 'null' : str(model.registry.registryVersion)};
/** Every ID kind with its prefix. */
export declare const ID_KINDS: { readonly [K in IdKind]: IdKindInfo[K] };
/** Every registered event type, sorted. */
export declare const EVENT_TYPE_NAMES: readonly EventType[];
/** The frozen table of event types. */
export declare const EVENT_TYPES: { readonly [T in EventType]: EventTypeInfo<T> };
/** True when \`value\` is a registered event type. */
export declare function isEventType(value: unknown): value is EventType;
/** The table entry of an event type, or undefined when it is not registered. */
export declare function getEventType<T extends EventType>(type: T): EventTypeInfo<T>;
export declare function getEventType(type: string): EventTypeInfo | undefined;
/** The payload schema of an event type at a version (default: its current version), or undefined. */
export declare function payloadSchema<T extends EventType>(type: T, version?: VersionOf<T>): JsonSchema;
export declare function payloadSchema(type: string, version?: number): JsonSchema | undefined;`);

  return out.join('\n').replace(/\n+$/, '\n');
}

/** ` a | b` on one line when short, else one member per line; follows a `=` directly. */
function multiline(members: readonly string[]): string {
  if (!members.length) return ' never';
  if (members.length <= 3) return ` ${members.join(' | ')}`;
  return '\n' + members.map((m) => `  | ${m}`).join('\n');
}
