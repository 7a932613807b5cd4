/**
 * Reads a contract set into the model (src/model/types.ts). Each file is read once and parsed
 * once; nothing is read that the source does not list, so nothing outside the root is touched.
 */
import { decodeUtf8, parseJsonBytes, type JsonDocument } from '../json/document.js';
import { joinPointer } from '../json/pointer.js';
import {
  ENVELOPE_CONTRACT,
  REGISTRY_PATH,
  type ContractFolder,
  type ContractSet,
  type DocFile,
  type EventTypeEntry,
  type ExampleFile,
  type IdKind,
  type JsonFile,
  type LoadProblem,
  type Registry,
  type ConsumerEntry,
  type ServiceEntry,
  type FlowEntry,
  type FlowStep,
  type SchemaFile,
  type VersionEntry,
} from '../model/types.js';
import { MAX_FILE_BYTES, tooLargeMessage, type FileSource } from './source.js';
import { isObject, own } from '../core/objects.js';

/** `credit.reserved-v1.json` → { eventType: 'credit.reserved', version: '1' }; also `…-v1.label.json` for examples. */
const VERSIONED_NAME = /^(.+)-v([0-9]+)(?:\.[^/]*)?\.json$/;
const ENVELOPE_NAME = /^event-envelope\/schema\/envelope-v([0-9]+)\.json$/;
const IDS_NAME = /^event-envelope\/schema\/ids-v([0-9]+)\.json$/;

/**
 * `reuse`: a set loaded before (the old side of a diff); a JSON file whose text is the same in
 * both shares its parsed document (read-only, so sharing is invisible) instead of parsing it again.
 */
export function loadContractSet(source: FileSource, reuse?: ContractSet): ContractSet {
  const paths = source.list();
  const problems: LoadProblem[] = [];
  const json = new Map<string, JsonFile>();
  const schemas = new Map<string, SchemaFile>();
  const examples: ExampleFile[] = [];
  const docs: DocFile[] = [];
  const folders = new Map<string, { readme?: DocFile; docs: DocFile[]; schemas: SchemaFile[]; examples: ExampleFile[] }>();
  let envelope: SchemaFile | undefined;
  let ids: SchemaFile | undefined;

  const folder = (name: string) => {
    let f = folders.get(name);
    if (!f) folders.set(name, (f = { docs: [], schemas: [], examples: [] }));
    return f;
  };

  for (const path of paths) {
    const slash = path.indexOf('/');
    const contract = slash < 0 ? undefined : path.slice(0, slash);
    if (contract !== undefined) folder(contract);
    const isJson = path.endsWith('.json');
    const isDoc = path.endsWith('.md');
    if (!isJson && !isDoc) continue;
    const bytes = source.read(path);
    if (!bytes) continue; // the source recorded why
    if (bytes.length > MAX_FILE_BYTES) {
      // Sources that hold their files in memory (tarballs, git) cannot refuse them earlier.
      problems.push({ path, kind: 'unreadable', message: tooLargeMessage(bytes.length) });
      continue;
    }
    if (isDoc) {
      const decoded = decodeUtf8(bytes);
      // A document that is not UTF-8 is still kept (as best-effort text) so docs rules can run.
      const text = 'text' in decoded ? decoded.text : new TextDecoder().decode(bytes);
      if ('error' in decoded) problems.push({ path, kind: 'encoding', message: decoded.error.message, range: decoded.error });
      const doc: DocFile = { path, contract, text };
      docs.push(doc);
      if (contract !== undefined) {
        const f = folder(contract);
        if (path === `${contract}/README.md`) f.readme = doc;
        f.docs.push(doc);
      }
      continue;
    }
    const doc: JsonDocument = parseJsonBytes(bytes, reuse?.json.get(path)?.doc);
    const file: JsonFile = { path, contract, doc };
    json.set(path, file);
    if (contract === undefined) continue;
    const rest = path.slice(slash + 1);
    if (rest.startsWith('schema/')) {
      const base = rest.slice(rest.lastIndexOf('/') + 1);
      const named = VERSIONED_NAME.exec(base);
      let schema: SchemaFile;
      if (rest.startsWith('schema/payloads/')) {
        schema = { ...file, role: 'payload', eventType: named?.[1], version: named?.[2] };
      } else {
        schema = { ...file, role: ENVELOPE_NAME.test(path) ? 'envelope' : 'shared' };
        if (ENVELOPE_NAME.test(path) && (!envelope || higherVersion(path, envelope.path, ENVELOPE_NAME))) envelope = schema;
        if (IDS_NAME.test(path) && (!ids || higherVersion(path, ids.path, IDS_NAME))) ids = schema;
      }
      schemas.set(path, schema);
      json.set(path, schema);
      folder(contract).schemas.push(schema);
    } else if (rest.startsWith('examples/')) {
      const named = VERSIONED_NAME.exec(rest.slice('examples/'.length));
      const example: ExampleFile = { ...file, eventType: named?.[1], version: named?.[2] };
      examples.push(example);
      json.set(path, example);
      folder(contract).examples.push(example);
    }
  }

  for (const p of source.problems) problems.push({ path: p.path, kind: p.kind, message: p.message });

  const registryFile = json.get(REGISTRY_PATH);
  if (!registryFile) problems.push({ path: REGISTRY_PATH, kind: 'missing', message: `no ${REGISTRY_PATH} at the contracts root` });

  const contracts = new Map<string, ContractFolder>();
  for (const name of [...folders.keys()].sort()) {
    const f = folders.get(name)!;
    contracts.set(name, Object.freeze({ name, readme: f.readme, docs: f.docs, schemas: f.schemas, examples: f.examples }));
  }

  return Object.freeze({
    label: source.label,
    paths,
    registry: registryFile ? readRegistry(registryFile) : undefined,
    envelope,
    ids,
    contracts,
    json,
    schemas,
    examples,
    docs,
    problems,
  });
}

/** Numeric keys ("1", "2", "10") in numeric order, then anything else (reported by registry/shape) by code unit. */
function byVersionKey(a: string, b: string): number {
  const na = /^[0-9]+$/.test(a) ? Number(a) : Infinity;
  const nb = /^[0-9]+$/.test(b) ? Number(b) : Infinity;
  if (na !== nb) return na < nb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function higherVersion(a: string, b: string, pattern: RegExp): boolean {
  return Number(pattern.exec(a)![1]) > Number(pattern.exec(b)![1]);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Builds the registry model, keeping only well-typed fields (registry/shape reports the rest). */
export function readRegistry(file: JsonFile): Registry {
  const root = isObject(file.doc.value) ? file.doc.value : {};
  const idKinds = new Map<string, IdKind>();
  const kinds = own(root, 'id_kinds');
  if (isObject(kinds)) {
    for (const [name, value] of Object.entries(kinds)) {
      const entry = isObject(value) ? value : {};
      idKinds.set(name, { name, prefix: str(own(entry, 'prefix')), description: str(own(entry, 'description')), pointer: joinPointer('/id_kinds', name) });
    }
  }
  const eventTypes = new Map<string, EventTypeEntry>();
  const types = own(root, 'event_types');
  if (isObject(types)) {
    for (const [name, value] of Object.entries(types)) {
      const pointer = joinPointer('/event_types', name);
      const entry = isObject(value) ? value : {};
      const versions = new Map<string, VersionEntry>();
      const rawVersions = own(entry, 'versions');
      if (isObject(rawVersions)) {
        const keys = Object.keys(rawVersions).sort(byVersionKey);
        for (const version of keys) {
          const v = rawVersions[version];
          versions.set(version, { version, pointer: joinPointer(pointer, 'versions', version), schema: isObject(v) ? str(own(v, 'schema')) : undefined, status: isObject(v) ? str(own(v, 'status')) : undefined });
        }
      }
      const actors = own(entry, 'actors');
      const rawConsumers = own(entry, 'consumers');
      const consumers: ConsumerEntry[] = Array.isArray(rawConsumers)
        ? rawConsumers.map((c, i) => {
            const consumer = isObject(c) ? c : {};
            const versions = own(consumer, 'versions');
            return {
              service: str(own(consumer, 'service')),
              versions: Array.isArray(versions) ? versions.filter((v): v is string => typeof v === 'string') : [],
              pointer: joinPointer(pointer, 'consumers', String(i)),
            };
          })
        : [];
      eventTypes.set(name, {
        name,
        pointer,
        contract: str(own(entry, 'contract')),
        producer: str(own(entry, 'producer')),
        subject: str(own(entry, 'subject')),
        actors: Array.isArray(actors) ? actors.filter((a): a is string => typeof a === 'string') : undefined,
        status: str(own(entry, 'status')),
        description: str(own(entry, 'description')),
        compatibility: str(own(entry, 'compatibility')),
        versions,
        consumers,
      });
    }
  }
  const services = new Map<string, ServiceEntry>();
  const rawServices = own(root, 'services');
  if (isObject(rawServices)) {
    for (const [name, value] of Object.entries(rawServices)) {
      const entry = isObject(value) ? value : {};
      services.set(name, { name, owner: str(own(entry, 'owner')), description: str(own(entry, 'description')), pointer: joinPointer('/services', name) });
    }
  }
  const flows = new Map<string, FlowEntry>();
  const rawFlows = own(root, 'flows');
  if (isObject(rawFlows)) {
    for (const [name, value] of Object.entries(rawFlows)) {
      const entry = isObject(value) ? value : {};
      const pointer = joinPointer('/flows', name);
      const rawSteps = own(entry, 'steps');
      const steps: FlowStep[] = Array.isArray(rawSteps)
        ? rawSteps.map((s, i) => {
            const step = isObject(s) ? s : {};
            return { eventType: str(own(step, 'event_type')), producer: str(own(step, 'producer')), description: str(own(step, 'description')), pointer: joinPointer(pointer, 'steps', String(i)) };
          })
        : [];
      flows.set(name, { name, description: str(own(entry, 'description')), steps, pointer });
    }
  }
  return { file, registryVersion: str(own(root, 'registry_version')), compatibility: str(own(root, 'compatibility')), idKinds, eventTypes, services, flows };
}

export { ENVELOPE_CONTRACT };
