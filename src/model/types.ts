/**
 * The contract set as one immutable model: everything the rules, the code generator, the differ
 * and the validator need, read and parsed once by the loader (src/load/loader.ts).
 *
 * Paths are relative to the contracts root, posix style. The registry fields are taken as they
 * are when their type is right and left undefined otherwise: the registry's own JSON Schema
 * (registry/shape) reports wrong types, so every other rule can trust what it sees here.
 */
import type { Range } from '../diagnostics/diagnostic.js';
import type { JsonDocument } from '../json/document.js';

export interface SourceFile {
  readonly path: string;
  /** Folder name under the contracts root, or undefined for files at the root. */
  readonly contract: string | undefined;
}

export interface JsonFile extends SourceFile {
  readonly doc: JsonDocument;
}

export interface DocFile extends SourceFile {
  readonly text: string;
}

export interface SchemaFile extends JsonFile {
  /** `payload` for schema/payloads/<event_type>-v<N>.json, `envelope`, `ids` or other shared schema. */
  readonly role: 'payload' | 'envelope' | 'shared';
  /** Parsed from the file name for payloads: `credit.reserved-v1.json` → credit.reserved, "1". */
  readonly eventType?: string;
  readonly version?: string;
}

export interface ExampleFile extends JsonFile {
  /** From the file name `<event_type>-v<N>[.label].json`, when it follows the convention. */
  readonly eventType?: string;
  readonly version?: string;
}

export interface ContractFolder {
  readonly name: string;
  readonly readme?: DocFile;
  readonly docs: readonly DocFile[];
  readonly schemas: readonly SchemaFile[];
  readonly examples: readonly ExampleFile[];
}

export interface IdKind {
  readonly name: string;
  readonly prefix?: string;
  readonly description?: string;
  readonly pointer: string;
}

export type ActorKind = 'person' | 'system';
export type Status = 'active' | 'proposed' | 'deprecated';

export interface VersionEntry {
  readonly version: string;
  readonly pointer: string;
  /** Payload schema path relative to the contracts root. */
  readonly schema?: string;
  /** The version's own status, when it differs from the event type's. */
  readonly status?: string;
}

export interface EventTypeEntry {
  readonly name: string;
  readonly pointer: string;
  readonly contract?: string;
  readonly producer?: string;
  readonly subject?: string;
  readonly actors?: readonly string[];
  readonly status?: string;
  readonly description?: string;
  /** The event type's compatibility mode as written (see src/model/compatibility.ts); registry/shape vouches for its value. */
  readonly compatibility?: string;
  /** Keyed by schema version ("1", "2"), in numeric order. */
  readonly versions: ReadonlyMap<string, VersionEntry>;
  /** The services that read this event type, in registry order (empty when none are declared). */
  readonly consumers: readonly ConsumerEntry[];
}

/** One reader of an event type: a service (a key of `services`) and the versions it reads. */
export interface ConsumerEntry {
  readonly service?: string;
  readonly versions: readonly string[];
  readonly pointer: string;
}

/** A service that produces or consumes events, with the team that owns it. */
export interface ServiceEntry {
  readonly name: string;
  readonly owner?: string;
  readonly description?: string;
  readonly pointer: string;
}

/** One step of a flow: an event type and, as the flow documents it, the service that emits it. */
export interface FlowStep {
  readonly eventType?: string;
  readonly producer?: string;
  readonly description?: string;
  readonly pointer: string;
}

/** A named, ordered chain of event types that one correlation_id should follow through. */
export interface FlowEntry {
  readonly name: string;
  readonly description?: string;
  readonly steps: readonly FlowStep[];
  readonly pointer: string;
}

export interface Registry {
  readonly file: JsonFile;
  readonly registryVersion?: string;
  /** The registry-wide default compatibility mode, as written. */
  readonly compatibility?: string;
  readonly idKinds: ReadonlyMap<string, IdKind>;
  readonly eventTypes: ReadonlyMap<string, EventTypeEntry>;
  /** The `services` map; empty when the registry declares none. */
  readonly services: ReadonlyMap<string, ServiceEntry>;
  /** The `flows` map; empty when the registry declares none. */
  readonly flows: ReadonlyMap<string, FlowEntry>;
}

export interface LoadProblem {
  readonly path: string;
  /** unreadable: read failed; skipped: link or special file; encoding: a document that is not UTF-8; missing: the registry. */
  readonly kind: 'unreadable' | 'skipped' | 'encoding' | 'missing';
  readonly message: string;
  readonly range?: Range;
}

export interface ContractSet {
  /** Source label, e.g. the folder given with --contracts. */
  readonly label: string;
  /** Every file in the set, sorted. */
  readonly paths: readonly string[];
  readonly registry?: Registry;
  readonly envelope?: SchemaFile;
  /** The shared ID definitions schema (event-envelope/schema/ids-v<N>.json). */
  readonly ids?: SchemaFile;
  readonly contracts: ReadonlyMap<string, ContractFolder>;
  /** Every JSON file by path (registry, schemas, examples, other JSON). */
  readonly json: ReadonlyMap<string, JsonFile>;
  readonly schemas: ReadonlyMap<string, SchemaFile>;
  readonly examples: readonly ExampleFile[];
  readonly docs: readonly DocFile[];
  readonly problems: readonly LoadProblem[];
}

export const REGISTRY_PATH = 'event-types-registry.json';
export const ENVELOPE_CONTRACT = 'event-envelope';
