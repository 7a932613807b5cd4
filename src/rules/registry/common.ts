/**
 * What the registry/* rules share: when the registry can be trusted at all, the grammars that
 * the registry's JSON Schema (schemas/registry.schema.json) also states, and how a version's
 * `schema` path is read. Each rule stays quiet about what another rule already reports.
 */
import { posix } from 'node:path';
import { getAtPointer } from '../../json/pointer.js';
import type { ContractSet, EventTypeEntry, Registry, VersionEntry } from '../../model/types.js';

/** A version key as registry/shape accepts it ("1", "2", …); other keys are shape's to report. */
export const VERSION_KEY = /^[1-9][0-9]*$/;
/** An actor of the form `system:<domain>`, as the schema's actor pattern allows it. */
export const SYSTEM_ACTOR = /^system:([a-z][a-z0-9_-]*)$/;
/** A version's schema path as the schema accepts it; anything else is reported by registry/shape. */
export const SCHEMA_PATH = /\.json$/;

const SEGMENT = '[a-z](?:[a-z0-9_-]*[a-z0-9])?';
/** Dot-separated lower-case segments, at least two; `-` and `_` only inside a segment. */
export const EVENT_TYPE_NAME = new RegExp(`^${SEGMENT}(?:\\.${SEGMENT})+$`);

import { isObject } from '../../core/objects.js';

export { isObject };

/**
 * The registry when its rules can run: present, parsed, and an object. A missing or unparsable
 * registry is reported by registry/missing and json/syntax; a non-object root by registry/shape.
 */
export function usableRegistry(model: ContractSet): Registry | undefined {
  const registry = model.registry;
  if (!registry || !registry.file.doc.ok || !isObject(registry.file.doc.value)) return undefined;
  return registry;
}

/** The raw JSON value at a pointer of the registry file (the model keeps only well-typed fields). */
export function rawAt(registry: Registry, pointer: string): unknown {
  return getAtPointer(registry.file.doc.value, pointer).value;
}

/** `event type "lesson.delivered" version 1`, the way messages name a version. */
export function versionLabel(entry: EventTypeEntry, version: VersionEntry): string {
  return `event type "${entry.name}" version ${version.version}`;
}

/** Where a version's payload schema must live. */
export function expectedPayloadPath(contract: string, eventType: string, version: string): string {
  return `${contract}/schema/payloads/${eventType}-v${version}.json`;
}

export type PayloadPath =
  | { kind: 'ok'; path: string }
  | { kind: 'invalid' }
  | { kind: 'url' | 'absolute' | 'backslash' | 'outside'; reason: string };

/**
 * Reads a version's `schema` value as a path inside the contracts root, without touching the
 * file system: paths are compared with the set's file list only.
 */
export function payloadPath(value: string | undefined): PayloadPath {
  if (value === undefined || !SCHEMA_PATH.test(value)) return { kind: 'invalid' };
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(value)) return { kind: 'url', reason: 'is a URL; payload schemas are files inside the contracts folder, never fetched' };
  if (value.startsWith('/') || /^[a-zA-Z]:/.test(value)) return { kind: 'absolute', reason: 'is an absolute path; write it relative to the contracts root' };
  if (value.includes('\\')) return { kind: 'backslash', reason: 'uses backslashes; separate folders with "/"' };
  const path = posix.normalize(value);
  if (path === '..' || path.startsWith('../')) return { kind: 'outside', reason: 'points outside the contracts root; payload schemas must be inside it' };
  return { kind: 'ok', path };
}

/**
 * An entry's first gap in version numbering: the first key that is not the next number, the
 * number expected there, and every key from it on ("1", "3", "4" → "3" where "2" was expected;
 * "3" and "4"). registry/version-sequence reports the gap; other rules do not second-guess what
 * those keys mean. Keys that are not positive integers are registry/shape's and ignored here.
 */
export function versionGap(entry: EventTypeEntry): { key: string; expected: string; keys: Set<string> } | undefined {
  // By length, then text: numeric order for numbers of any size.
  const keys = [...entry.versions.keys()].filter((k) => VERSION_KEY.test(k)).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const gap = keys.findIndex((k, i) => k !== String(i + 1));
  const key = keys[gap];
  return key === undefined ? undefined : { key, expected: String(gap + 1), keys: new Set(keys.slice(gap)) };
}

/** Every (event type, version) with its pointer, in registry order then version order. */
export function* allVersions(registry: Registry): Generator<[EventTypeEntry, VersionEntry]> {
  for (const entry of registry.eventTypes.values()) for (const version of entry.versions.values()) yield [entry, version];
}

export interface Registration {
  readonly entry: EventTypeEntry;
  readonly version: VersionEntry;
  /** The normalized path of an existing file. */
  readonly path: string;
}

const registrations = new WeakMap<Registry, { owners: Map<string, Registration>; duplicates: { registration: Registration; owner: Registration }[] }>();

/**
 * Which version owns each registered payload file, and which other versions point at it too.
 * The owner is the version the file is named for (its conventional path), else the first in
 * registry order; every other version is a duplicate. registry/payload-duplicate reports the
 * duplicates and registry/payload-misplaced the misplaced owners, so each is reported once.
 */
export function payloadRegistrations(model: ContractSet, registry: Registry) {
  let result = registrations.get(registry);
  if (result) return result;
  const files = new Set(model.paths);
  const byPath = new Map<string, Registration[]>();
  for (const [entry, version] of allVersions(registry)) {
    const target = payloadPath(version.schema);
    if (target.kind !== 'ok' || !files.has(target.path)) continue; // registry/payload-missing
    let list = byPath.get(target.path);
    if (!list) byPath.set(target.path, (list = []));
    list.push({ entry, version, path: target.path });
  }
  const owners = new Map<string, Registration>();
  const duplicates: { registration: Registration; owner: Registration }[] = [];
  for (const [path, list] of byPath) {
    const owner = list.find((r) => r.entry.contract !== undefined && r.version.schema === expectedPayloadPath(r.entry.contract, r.entry.name, r.version.version)) ?? list[0]!; // a list has one registration at least
    owners.set(path, owner);
    for (const registration of list) if (registration !== owner) duplicates.push({ registration, owner });
  }
  result = { owners, duplicates };
  registrations.set(registry, result);
  return result;
}
