/**
 * The diff of two contract sets: registry entries (event types, versions, producers, subjects,
 * actors, ID kinds; services, consumers and flows in src/diff/topology.ts), the envelope, every payload version present on both sides, shared schemas
 * (the ID definitions), documents and examples. Pure: two models in, sorted changes out.
 */
import { joinPointer } from '../json/pointer.js';
import { REGISTRY_PATH, type ContractSet, type EventTypeEntry, type SchemaFile } from '../model/types.js';
import { attachConsumers } from './consumers.js';
import { diffTopology } from './topology.js';
import { byCodeUnit, deepEqual, isObject, listOf, show } from './json-values.js';
import { bumpOf, effectFlags, kindInfo, severityOf, type ChangeKind } from './kinds.js';
import { createDiffContext, SchemaDiffer, type DiffContext, type RawChange } from './schema-diff.js';
import { child, rootNode, type SNode } from './schema-node.js';
import { DEFAULT_DIFF_OPTIONS, SEVERITY_RANK, type Change, type ChangeScope, type DiffOptions } from './types.js';

interface Context {
  scope: ChangeScope;
  eventType?: string;
  schemaVersion?: string;
  root?: { old: string; new: string };
}

/** Turns a raw change into a reported one: severity, semver bump and context. */
export function finalize(raw: RawChange, context: Context): Change {
  const info = kindInfo(raw.kind);
  const flags = { backward: raw.backward, forward: raw.forward };
  const severity = severityOf(info, flags);
  const change: Change = {
    kind: raw.kind,
    severity,
    backward: raw.backward,
    forward: raw.forward,
    bump: bumpOf(info, severity),
    scope: context.scope,
    file: raw.file,
    pointer: raw.pointer,
    side: raw.side,
    message: raw.message,
  };
  if (context.eventType !== undefined) change.eventType = context.eventType;
  if (context.schemaVersion !== undefined) change.schemaVersion = context.schemaVersion;
  if (context.root) change.root = context.root;
  if (raw.witness) change.witness = raw.witness;
  if (raw.reverseWitness) change.reverseWitness = raw.reverseWitness;
  return change;
}

class Collector {
  readonly changes: Change[] = [];
  constructor(readonly ctx: DiffContext) {}

  add(kind: ChangeKind, at: { file: string; pointer: string; side: 'old' | 'new' }, message: string, context: Context, flags?: { backward: boolean; forward: boolean }): void {
    const f = flags ?? effectFlags(kindInfo(kind).effect, this.ctx.options.policy, kind);
    this.changes.push(finalize({ kind, ...f, ...at, message }, context));
  }

  schemas(o: SNode, n: SNode, path: string, context: Context): void {
    const differ = new SchemaDiffer(this.ctx);
    differ.compareRoot(o, n, path);
    for (const raw of differ.changes) this.changes.push(finalize(raw, context));
  }
}

export function diffContractSets(oldModel: ContractSet, newModel: ContractSet, options: DiffOptions = DEFAULT_DIFF_OPTIONS): Change[] {
  const ctx = createDiffContext(oldModel, newModel, options);
  const out = new Collector(ctx);
  diffRegistry(out, oldModel, newModel);
  for (const t of diffTopology(oldModel, newModel)) out.add(t.kind, t.at, t.message, t.context);
  diffEnvelopes(out, oldModel, newModel);
  diffPayloads(out, oldModel, newModel);
  diffShared(out, oldModel, newModel);
  diffFiles(out, oldModel, newModel);
  attachConsumers(out.changes, oldModel, newModel);
  return sortChanges(out.changes);
}

/** Two standalone schema files (each loaded as a one-file set, so local `$ref`s resolve). */
export function diffSchemaFiles(oldModel: ContractSet, oldPath: string, newModel: ContractSet, newPath: string, options: DiffOptions = DEFAULT_DIFF_OPTIONS): Change[] {
  const ctx = createDiffContext(oldModel, newModel, options);
  const out = new Collector(ctx);
  const context: Context = { scope: 'schema', root: { old: oldPath, new: newPath } };
  const o = rootNode(ctx.old, oldPath);
  const n = rootNode(ctx.new, newPath);
  if (!o || !n) out.add('SCHEMA_UNAVAILABLE', o ? { file: newPath, pointer: '', side: 'new' } : { file: oldPath, pointer: '', side: 'old' }, `${o ? newPath : oldPath} is not valid JSON, so the schemas cannot be compared`, context);
  else out.schemas(o, n, '', context);
  return sortChanges(out.changes);
}

// ---- registry ------------------------------------------------------------------------------

function diffRegistry(out: Collector, oldModel: ContractSet, newModel: ContractSet): void {
  const a = oldModel.registry;
  const b = newModel.registry;
  const oldAt = (pointer: string) => ({ file: REGISTRY_PATH, pointer, side: 'old' as const });
  const newAt = (pointer: string) => ({ file: REGISTRY_PATH, pointer, side: 'new' as const });
  const oldTypes = a?.eventTypes ?? new Map<string, EventTypeEntry>();
  const newTypes = b?.eventTypes ?? new Map<string, EventTypeEntry>();

  for (const name of union(oldTypes.keys(), newTypes.keys())) {
    const before = oldTypes.get(name);
    const after = newTypes.get(name);
    const context: Context = { scope: 'registry', eventType: name };
    if (!before) {
      const versions = [...after!.versions.keys()].map((v) => `v${v}`);
      out.add('EVENT_TYPE_ADDED', newAt(after!.pointer), `event type registered${versions.length ? ` with ${listOf(versions)}` : ''}`, context);
      continue;
    }
    if (!after) {
      out.add('EVENT_TYPE_REMOVED', oldAt(before.pointer), 'event type removed from the registry: its consumers stop receiving it and their code no longer has a contract', context);
      continue;
    }
    const field = (key: string, entry: EventTypeEntry) => joinPointer(entry.pointer, key);
    if (before.status !== after.status) {
      const text = `status changed from ${show(before.status ?? null)} to ${show(after.status ?? null)}`;
      if (after.status === 'deprecated') out.add('EVENT_TYPE_DEPRECATED', newAt(field('status', after)), `${text}: consumers should plan to migrate off it`, context);
      else if (before.status === 'deprecated') out.add('EVENT_TYPE_UNDEPRECATED', newAt(field('status', after)), text, context);
      else out.add('EVENT_TYPE_STATUS_CHANGED', after.status !== undefined ? newAt(field('status', after)) : oldAt(field('status', before)), text, context);
    }
    if (before.compatibility !== after.compatibility) {
      const mode = (m: string | undefined) => (m === undefined ? 'the registry default' : show(m));
      out.add('COMPATIBILITY_CHANGED', after.compatibility !== undefined ? newAt(field('compatibility', after)) : oldAt(field('compatibility', before)), `compatibility mode changed from ${mode(before.compatibility)} to ${mode(after.compatibility)}: later versions are judged by it`, context);
    }
    if (before.description !== after.description) out.add('EVENT_TYPE_DESCRIPTION_CHANGED', after.description !== undefined ? newAt(field('description', after)) : oldAt(field('description', before)), 'description changed (documentation only)', context);
    if (before.producer !== after.producer) {
      out.add('PRODUCER_CHANGED', after.producer !== undefined ? newAt(field('producer', after)) : oldAt(field('producer', before)), `producer changed from ${show(before.producer ?? null)} to ${show(after.producer ?? null)}: envelopes carry a different producer, so consumers filtering or validating by producer break`, context);
    }
    if (before.contract !== after.contract) out.add('CONTRACT_CHANGED', after.contract !== undefined ? newAt(field('contract', after)) : oldAt(field('contract', before)), `moved from contract ${show(before.contract ?? null)} to ${show(after.contract ?? null)}`, context);
    if (before.subject !== after.subject) {
      if (before.subject === undefined) out.add('SUBJECT_ADDED', newAt(field('subject', after)), `envelopes now carry a ${show(after.subject)} subject`, context);
      else if (after.subject === undefined) out.add('SUBJECT_REMOVED', oldAt(field('subject', before)), `the ${show(before.subject)} subject is no longer declared: consumers keyed on it may receive events without one`, context);
      else out.add('SUBJECT_CHANGED', newAt(field('subject', after)), `subject ID kind changed from ${show(before.subject)} to ${show(after.subject)}: consumers keyed on the subject see other IDs`, context);
    }
    const oa = new Set(before.actors ?? []);
    const na = new Set(after.actors ?? []);
    const actorsAdded = [...na].filter((x) => !oa.has(x)).sort(byCodeUnit);
    const actorsRemoved = [...oa].filter((x) => !na.has(x)).sort(byCodeUnit);
    if (actorsAdded.length || actorsRemoved.length) {
      const at = after.actors ? newAt(field('actors', after)) : oldAt(field('actors', before));
      if (!actorsRemoved.length) out.add('ACTORS_EXTENDED', at, `actors now also include ${listOf(actorsAdded)}`, context);
      else if (!actorsAdded.length) out.add('ACTORS_NARROWED', at, `actors no longer include ${listOf(actorsRemoved)}`, context);
      else out.add('ACTORS_CHANGED', at, `actors changed: ${listOf(actorsRemoved)} removed, ${listOf(actorsAdded)} added`, context);
    }
    for (const version of union(before.versions.keys(), after.versions.keys(), byVersion)) {
      const v = before.versions.get(version);
      const w = after.versions.get(version);
      const vContext: Context = { ...context, schemaVersion: version };
      if (!v) out.add('EVENT_TYPE_VERSION_ADDED', newAt(w!.pointer), `version ${version} registered${w!.schema ? ` (${w!.schema})` : ''}`, vContext);
      else if (!w) out.add('EVENT_TYPE_VERSION_REMOVED', oldAt(v.pointer), `version ${version} removed: consumers of it stop receiving events`, vContext);
      else {
        if (w.status === 'deprecated' && v.status !== 'deprecated' && after.status !== 'deprecated') out.add('EVENT_TYPE_VERSION_DEPRECATED', newAt(joinPointer(w.pointer, 'status')), `version ${version} deprecated: consumers should plan to move to a later version`, vContext);
        if (v.schema !== w.schema) out.add('VERSION_SCHEMA_MOVED', newAt(joinPointer(w.pointer, 'schema')), `schema moved from ${show(v.schema ?? null)} to ${show(w.schema ?? null)}`, vContext);
      }
    }
  }
  if (a?.compatibility !== b?.compatibility) {
    const mode = (m: string | undefined) => (m === undefined ? 'FULL (the default)' : show(m));
    out.add('COMPATIBILITY_CHANGED', b?.compatibility !== undefined ? newAt('/compatibility') : oldAt('/compatibility'), `registry default compatibility mode changed from ${mode(a?.compatibility)} to ${mode(b?.compatibility)}: event types without their own mode are judged by it`, { scope: 'registry' });
  }

  const oldKinds = a?.idKinds ?? new Map();
  const newKinds = b?.idKinds ?? new Map();
  for (const name of union(oldKinds.keys(), newKinds.keys())) {
    const before = oldKinds.get(name);
    const after = newKinds.get(name);
    const context: Context = { scope: 'registry' };
    if (!before) out.add('ID_KIND_ADDED', newAt(after.pointer), `ID kind ${show(name)} registered${after.prefix ? ` with prefix ${show(after.prefix)}` : ''}`, context);
    else if (!after) out.add('ID_KIND_REMOVED', oldAt(before.pointer), `ID kind ${show(name)} removed: IDs of this kind no longer have a registered prefix`, context);
    else {
      if (before.prefix !== after.prefix) out.add('ID_KIND_PREFIX_CHANGED', newAt(joinPointer(after.pointer, 'prefix')), `ID kind ${show(name)} prefix changed from ${show(before.prefix ?? null)} to ${show(after.prefix ?? null)}: stored IDs no longer match`, context);
      if (before.description !== after.description) out.add('ID_KIND_DESCRIPTION_CHANGED', newAt(joinPointer(after.pointer, 'description')), `ID kind ${show(name)} description changed (documentation only)`, context);
    }
  }
}

// ---- schemas -------------------------------------------------------------------------------

function diffEnvelopes(out: Collector, oldModel: ContractSet, newModel: ContractSet): void {
  const pick = (model: ContractSet) => new Map([...model.schemas.values()].filter((s) => s.role === 'envelope').map((s) => [s.path, s]));
  const a = pick(oldModel);
  const b = pick(newModel);
  for (const path of union(a.keys(), b.keys())) {
    const context: Context = { scope: 'envelope', root: { old: path, new: path } };
    if (!a.has(path)) out.add('ENVELOPE_VERSION_ADDED', { file: path, pointer: '', side: 'new' }, `envelope ${path} added`, context);
    else if (!b.has(path)) out.add('ENVELOPE_VERSION_REMOVED', { file: path, pointer: '', side: 'old' }, `envelope ${path} removed: events still wrapped in it no longer have a contract`, context);
    else compareFiles(out, path, path, '', context);
  }
}

interface PayloadRef {
  eventType: string;
  version: string;
  path: string;
}

/** Every payload version of a set: the registry's schema paths first, then payload files by name. */
function payloadIndex(model: ContractSet): Map<string, PayloadRef> {
  const index = new Map<string, PayloadRef>();
  for (const entry of model.registry?.eventTypes.values() ?? []) {
    for (const v of entry.versions.values()) if (v.schema) index.set(`${entry.name}\0${v.version}`, { eventType: entry.name, version: v.version, path: v.schema });
  }
  for (const schema of model.schemas.values()) {
    if (schema.role !== 'payload' || !schema.eventType || !schema.version) continue;
    const key = `${schema.eventType}\0${schema.version}`;
    if (!index.has(key)) index.set(key, { eventType: schema.eventType, version: schema.version, path: schema.path });
  }
  return index;
}

function diffPayloads(out: Collector, oldModel: ContractSet, newModel: ContractSet): void {
  const a = payloadIndex(oldModel);
  const b = payloadIndex(newModel);
  const both = [...a].flatMap(([key, before]) => {
    const after = b.get(key);
    return after ? [{ before, after }] : [];
  });
  both.sort((x, y) => byCodeUnit(x.before.eventType, y.before.eventType) || byVersion(x.before.version, y.before.version));
  for (const { before, after } of both) {
    const context: Context = { scope: 'payload', eventType: before.eventType, schemaVersion: before.version, root: { old: before.path, new: after.path } };
    compareFiles(out, before.path, after.path, '', context);
  }
}

function compareFiles(out: Collector, oldPath: string, newPath: string, path: string, context: Context): void {
  const o = rootNode(out.ctx.old, oldPath);
  const n = rootNode(out.ctx.new, newPath);
  if (o && n) return out.schemas(o, n, path, context);
  if (!o && !n) return; // broken on both sides: `check` reports it, there is nothing to compare
  const missing = o ? newPath : oldPath;
  const exists = (o ? out.ctx.new : out.ctx.old).model.json.has(missing);
  out.add('SCHEMA_UNAVAILABLE', o ? { file: newPath, pointer: '', side: 'new' } : { file: oldPath, pointer: '', side: 'old' }, `${missing} ${exists ? 'is not valid JSON' : 'is missing'} on the ${o ? 'new' : 'old'} side, so this schema cannot be compared`, context);
}

function diffShared(out: Collector, oldModel: ContractSet, newModel: ContractSet): void {
  const pick = (model: ContractSet) => new Map([...model.schemas.values()].filter((s) => s.role === 'shared').map((s) => [s.path, s] as [string, SchemaFile]));
  const a = pick(oldModel);
  const b = pick(newModel);
  for (const path of union(a.keys(), b.keys())) {
    const context: Context = { scope: 'shared' };
    if (!a.has(path)) {
      out.add('SHARED_SCHEMA_ADDED', { file: path, pointer: '', side: 'new' }, `shared schema ${path} added`, context);
      continue;
    }
    if (!b.has(path)) {
      out.add('SHARED_SCHEMA_REMOVED', { file: path, pointer: '', side: 'old' }, `shared schema ${path} removed: schemas referencing it no longer resolve`, context);
      continue;
    }
    const o = rootNode(out.ctx.old, path);
    const n = rootNode(out.ctx.new, path);
    if (!o || !n) {
      compareFiles(out, path, path, '', context);
      continue;
    }
    out.schemas(o, n, '', context);
    for (const keyword of ['$defs', 'definitions']) {
      const before = isObject(o.value) && isObject(o.value[keyword]) ? (o.value[keyword] as Record<string, unknown>) : {};
      const after = isObject(n.value) && isObject(n.value[keyword]) ? (n.value[keyword] as Record<string, unknown>) : {};
      for (const name of union(Object.keys(before), Object.keys(after))) {
        const inOld = Object.hasOwn(before, name);
        const inNew = Object.hasOwn(after, name);
        if (inOld && inNew) out.schemas(child(o, keyword, name), child(n, keyword, name), name, context);
        else if (inNew) out.add('SHARED_DEFINITION_ADDED', { file: path, pointer: joinPointer('', keyword, name), side: 'new' }, `definition ${show(name)} added`, context);
        else out.add('SHARED_DEFINITION_REMOVED', { file: path, pointer: joinPointer('', keyword, name), side: 'old' }, `definition ${show(name)} removed: schemas referencing it no longer resolve`, context);
      }
    }
  }
}

// ---- documents and examples ---------------------------------------------------------------

function diffFiles(out: Collector, oldModel: ContractSet, newModel: ContractSet): void {
  const context: Context = { scope: 'docs' };
  const oldDocs = new Map(oldModel.docs.map((d) => [d.path, d.text]));
  const newDocs = new Map(newModel.docs.map((d) => [d.path, d.text]));
  for (const path of union(oldDocs.keys(), newDocs.keys())) {
    const before = oldDocs.get(path);
    const after = newDocs.get(path);
    if (before === undefined) out.add('DOC_ADDED', { file: path, pointer: '', side: 'new' }, 'document added', context);
    else if (after === undefined) out.add('DOC_REMOVED', { file: path, pointer: '', side: 'old' }, 'document removed', context);
    else if (before !== after) out.add('DOC_CHANGED', { file: path, pointer: '', side: 'new' }, 'document changed', context);
  }
  const oldExamples = new Map(oldModel.examples.map((e) => [e.path, e]));
  const newExamples = new Map(newModel.examples.map((e) => [e.path, e]));
  for (const path of union(oldExamples.keys(), newExamples.keys())) {
    const before = oldExamples.get(path);
    const after = newExamples.get(path);
    const exampleContext: Context = { ...context, eventType: (after ?? before)!.eventType, schemaVersion: (after ?? before)!.version };
    if (exampleContext.eventType === undefined) delete exampleContext.eventType;
    if (exampleContext.schemaVersion === undefined) delete exampleContext.schemaVersion;
    if (!before) out.add('EXAMPLE_ADDED', { file: path, pointer: '', side: 'new' }, 'example added', exampleContext);
    else if (!after) out.add('EXAMPLE_REMOVED', { file: path, pointer: '', side: 'old' }, 'example removed', exampleContext);
    else {
      const same = before.doc.ok && after.doc.ok ? deepEqual(before.doc.value, after.doc.value) : before.doc.text === after.doc.text;
      if (!same) out.add('EXAMPLE_CHANGED', { file: path, pointer: '', side: 'new' }, 'example changed', exampleContext);
    }
  }
}

// ---- ordering ------------------------------------------------------------------------------

function union<T extends string>(a: Iterable<T>, b: Iterable<T>, order: (x: T, y: T) => number = byCodeUnit): T[] {
  return [...new Set([...a, ...b])].sort(order);
}

/** Schema versions in numeric order ("2" before "10"), text order for anything else. */
export function byVersion(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return byCodeUnit(a, b);
}

/** Most severe first, then by event type, version, file and pointer: the same input always gives the same order. */
export function compareChanges(a: Change, b: Change): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    byCodeUnit(a.eventType ?? '', b.eventType ?? '') ||
    byVersion(a.schemaVersion ?? '', b.schemaVersion ?? '') ||
    byCodeUnit(a.file, b.file) ||
    byCodeUnit(a.pointer, b.pointer) ||
    byCodeUnit(a.kind, b.kind) ||
    byCodeUnit(a.message, b.message)
  );
}

/** Sorted, with exact duplicates (the same change reached twice) dropped. */
export function sortChanges(changes: Change[]): Change[] {
  const seen = new Set<string>();
  const unique: Change[] = [];
  for (const c of changes) {
    const key = [c.kind, c.scope, c.eventType ?? '', c.schemaVersion ?? '', c.file, c.pointer, c.side, c.message].join('\0');
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(c);
  }
  return unique.sort(compareChanges);
}
