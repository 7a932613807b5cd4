/**
 * Every TypeScript name the build emits, decided once per model before any code is generated,
 * so the payload types, events.d.ts and any later generator agree on them.
 *
 * Names are a pure function of what they name (an event type and version, a shared definition's
 * file and pointer), never of what else exists: adding a schema never renames another type. When
 * two things still map to the same name, the build fails with a `build/type-name-collision`
 * diagnostic instead of suffixing one of them with a number.
 */
import { basename } from 'node:path';
import { diagnosticId } from '../diagnostics/catalogue.js';
import { parsePointer } from '../json/pointer.js';
import { REGISTRY_PATH, type ContractSet, type SchemaFile } from '../model/types.js';
import { refsOf, resolveRef } from '../schema/refs.js';
import { indexedRefsOf } from '../schema/schema-index.js';
import type { Finding } from '../rules/define.js';
import { isSchemaObject, own } from './schema-copy.js';

export interface BuildFinding extends Finding {
  rule: string;
}

export interface PayloadType {
  eventType: string;
  version: string;
  /** The exported interface, e.g. `CreditReservedV1`. */
  name: string;
  /** The payload schema, when the registry names one that loaded. */
  schema?: SchemaFile;
}

export interface SharedType {
  /** `file#pointer` of the definition. */
  key: string;
  file: string;
  pointer: string;
  name: string;
  value: unknown;
  /** Literal prefix of a prefixed ID (`per_`), emitted as `` `per_${string}` ``. */
  prefix?: string;
}

export interface IdKindType {
  kind: string;
  /** Type standing for IDs of this kind: the ids schema's `<kind>_id` definition or one made from the registry prefix. */
  name: string;
  prefix?: string;
  description?: string;
  /** Set when the ids schema has no `<kind>_id` definition, so the type is emitted from the registry. */
  fromRegistry: boolean;
}

export interface TypePlan {
  /** Sorted by event type, then numeric version. */
  payloads: readonly PayloadType[];
  /** Shared definitions reached through `$ref` from another file (plus every ID definition), by key. */
  shared: ReadonlyMap<string, SharedType>;
  idKinds: readonly IdKindType[];
  envelope?: { name: string; schema: SchemaFile };
  /** Every top-level name in use; nested type names must avoid these. */
  taken: ReadonlySet<string>;
  problems: readonly BuildFinding[];
}

/** Names exported by the generated events.d.ts; index.d.ts re-exports both modules, so payload types must not reuse them. */
export const EVENTS_EXPORTS = [
  'ActorKind', 'AnyEventEnvelope', 'CurrentVersion', 'EVENT_TYPES', 'EVENT_TYPE_NAMES', 'EnvelopeFields', 'EventEnvelope', 'EventType',
  'EventTypeInfo', 'EventTypeMeta', 'ID_KINDS', 'IdKind', 'IdKindInfo', 'IdOf', 'IdTypes', 'JsonSchema', 'PayloadMap', 'PayloadOf', 'Producer',
  'REGISTRY_VERSION', 'VersionInfo', 'VersionOf', 'getEventType', 'isEventType', 'payloadSchema',
] as const;

export const COLLISION_RULE = diagnosticId('build/type-name-collision');

/**
 * `credit.reserved` → `CreditReserved`: PascalCase of the segments between non-alphanumerics.
 * A letter after a digit is upper-cased, as json-schema-to-typescript does to titles, so the
 * name we choose is exactly the name it emits.
 */
export function typeName(raw: string): string {
  let name = raw
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join('')
    .replace(/([0-9])([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
  if (name === '' || /^[0-9]/.test(name)) name = `T${name}`;
  return name;
}

export function payloadTypeName(eventType: string, version: string): string {
  return `${typeName(eventType)}V${version}`;
}

const POINTER_KEYWORDS = new Set(['$defs', 'definitions', 'properties', 'items', 'patternProperties', 'additionalProperties']);

/** Name of a definition relative to its file: `/$defs/consent` → `Consent`; other pointers join their non-keyword segments. */
export function pointerTypeName(pointer: string): string {
  const segments = (parsePointer(pointer) ?? []).filter((s) => !POINTER_KEYWORDS.has(s));
  return segments.length ? typeName(segments.join('_')) : '';
}

/** A shared definition's name: `ids-v1.json#/$defs/person_id` → `PersonId`; a whole file `money-v1.json` → `MoneyV1`. */
export function sharedTypeName(file: string, pointer: string): string {
  const segments = parsePointer(pointer) ?? [];
  const [group, name, ...deeper] = segments;
  if (name !== undefined && !deeper.length && (group === '$defs' || group === 'definitions')) return typeName(name);
  return typeName(basename(file).replace(/\.json$/, '')) + pointerTypeName(pointer);
}

/**
 * The literal prefix every value must start with, for a string schema whose pattern is
 * `^<literal>…` (an ID such as `^per_[0-9a-f]{8}-…$`); undefined when there is none.
 */
export function literalPrefix(schema: unknown): string | undefined {
  if (!isSchemaObject(schema)) return undefined;
  if (own(schema, 'type') && schema.type !== 'string') return undefined;
  if (own(schema, 'enum') || own(schema, 'const')) return undefined;
  const pattern = schema.pattern;
  if (typeof pattern !== 'string' || !pattern.startsWith('^') || pattern.includes('|')) return undefined;
  const run = /^[A-Za-z0-9_:-]*/.exec(pattern.slice(1))![0];
  // A quantifier after the run makes its last character optional or repeatable.
  const next = pattern.charAt(1 + run.length);
  const prefix = next === '?' || next === '*' || next === '{' ? run.slice(0, -1) : run;
  return prefix || undefined;
}

const plans = new WeakMap<ContractSet, TypePlan>();

export function typePlan(model: ContractSet): TypePlan {
  let plan = plans.get(model);
  if (!plan) {
    plan = makePlan(model);
    plans.set(model, plan);
  }
  return plan;
}

export function isPayloadFile(model: ContractSet, path: string): boolean {
  return model.schemas.get(path)?.role === 'payload';
}

interface Origin {
  what: string;
  finding: Omit<BuildFinding, 'message' | 'rule'>;
}

function makePlan(model: ContractSet): TypePlan {
  const problems: BuildFinding[] = [];
  const owners = new Map<string, Origin>();
  for (const name of EVENTS_EXPORTS) owners.set(name, { what: 'a name exported by events.d.ts', finding: { file: REGISTRY_PATH } });
  const claim = (name: string, origin: Origin): boolean => {
    const first = owners.get(name);
    if (!first) {
      owners.set(name, origin);
      return true;
    }
    problems.push({
      rule: COLLISION_RULE,
      ...origin.finding,
      message: `${origin.what} would get the TypeScript name "${name}", which is already ${first.what}; type names are PascalCase of the name split on ".", "-" and "_" (plus V<version> for payloads) and are never suffixed, so rename one of them`,
    });
    return false;
  };

  // Payload types, in a fixed order (registry order is the authors'; sorting makes the output independent of it).
  const registry = model.registry;
  const payloads: PayloadType[] = [];
  for (const eventType of [...(registry?.eventTypes.keys() ?? [])].sort(byCodeUnit)) {
    const entry = registry!.eventTypes.get(eventType)!;
    for (const v of entry.versions.values()) {
      const schema = v.schema ? model.schemas.get(v.schema) : undefined;
      payloads.push({ eventType, version: v.version, name: payloadTypeName(eventType, v.version), schema: schema?.doc.ok ? schema : undefined });
    }
  }

  // Shared definitions: every ID definition, and whatever a payload (or the envelope) reaches in a non-payload file.
  const shared = new Map<string, SharedType>();
  const addShared = (file: string, pointer: string, value: unknown) => {
    const key = `${file}#${pointer}`;
    if (shared.has(key)) return false;
    shared.set(key, { key, file, pointer, name: sharedTypeName(file, pointer), value, prefix: literalPrefix(value) });
    return true;
  };
  const idsDefs = model.ids?.doc.ok && isSchemaObject(model.ids.doc.value) ? model.ids.doc.value.$defs : undefined;
  if (model.ids && isSchemaObject(idsDefs)) for (const def of Object.keys(idsDefs)) addShared(model.ids.path, `/$defs/${def.replace(/~/g, '~0').replace(/\//g, '~1')}`, idsDefs[def]);

  const envelope = model.envelope?.doc.ok ? model.envelope : undefined;
  const queue: { file: string; pointer: string; value: unknown }[] = [];
  for (const p of payloads) if (p.schema) queue.push({ file: p.schema.path, pointer: '', value: p.schema.doc.value });
  if (envelope) queue.push({ file: envelope.path, pointer: '', value: envelope.doc.value });
  const scanned = new Set<string>();
  for (const s of shared.values()) queue.push({ file: s.file, pointer: s.pointer, value: s.value });
  while (queue.length) {
    const { file, pointer, value } = queue.shift()!;
    // A whole file's references come from the model's schema index (walked once for the rules too).
    for (const { ref } of (pointer === '' ? indexedRefsOf(model, file) : undefined) ?? refsOf(value)) {
      const target = resolveRef(model, file, ref);
      if (target.kind !== 'local') continue;
      const key = `${target.file}#${target.pointer}`;
      if (!isPayloadFile(model, target.file)) addShared(target.file, target.pointer, target.value);
      if (!scanned.has(key)) {
        scanned.add(key);
        queue.push({ file: target.file, pointer: target.pointer, value: target.value });
      }
    }
  }

  const sortedShared = [...shared.values()].sort((a, b) => byCodeUnit(a.name, b.name) || byCodeUnit(a.key, b.key));
  for (const s of sortedShared) claim(s.name, { what: `the shared definition ${s.key}`, finding: { file: s.file, pointer: s.pointer, at: s.pointer ? 'key' : undefined } });

  const idKinds: IdKindType[] = [];
  for (const kind of [...(registry?.idKinds.keys() ?? [])].sort(byCodeUnit)) {
    const info = registry!.idKinds.get(kind)!;
    const def = model.ids ? shared.get(`${model.ids.path}#/$defs/${`${kind}_id`.replace(/~/g, '~0').replace(/\//g, '~1')}`) : undefined;
    if (def) {
      idKinds.push({ kind, name: def.name, prefix: def.prefix ?? info.prefix, description: info.description, fromRegistry: false });
    } else {
      const name = `${typeName(kind)}Id`;
      if (claim(name, { what: `the ID type of id kind "${kind}"`, finding: { file: REGISTRY_PATH, pointer: info.pointer, at: 'key' } })) {
        idKinds.push({ kind, name, prefix: info.prefix, description: info.description, fromRegistry: true });
      }
    }
  }

  let envelopeType: TypePlan['envelope'];
  if (envelope) {
    const name = sharedTypeName(envelope.path, '');
    if (claim(name, { what: `the envelope schema ${envelope.path}`, finding: { file: envelope.path } })) envelopeType = { name, schema: envelope };
  }

  for (const p of payloads) {
    const entry = registry!.eventTypes.get(p.eventType)!;
    claim(p.name, { what: `event type "${p.eventType}" version ${p.version}`, finding: { file: REGISTRY_PATH, pointer: entry.pointer, at: 'key' } });
  }

  return { payloads, shared, idKinds, envelope: envelopeType, taken: new Set(owners.keys()), problems };
}

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
