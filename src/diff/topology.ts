/**
 * The diff of the registry's picture of the system: services, who consumes which event type
 * (and which versions), and the flows. None of it changes what an event may contain, so every
 * change here is compatible and documentation-level (a patch release); it is reported so that a
 * release note says who started or stopped reading what, and the catalog's story stays true.
 */
import { joinPointer } from '../json/pointer.js';
import { REGISTRY_PATH, type ConsumerEntry, type ContractSet, type FlowEntry } from '../model/types.js';
import { byCodeUnit, listOf, show } from './json-values.js';
import type { ChangeKind } from './kinds.js';
import type { ChangeScope } from './types.js';

export interface TopologyChange {
  kind: ChangeKind;
  at: { file: string; pointer: string; side: 'old' | 'new' };
  message: string;
  context: { scope: ChangeScope; eventType?: string };
}

const oldAt = (pointer: string) => ({ file: REGISTRY_PATH, pointer, side: 'old' as const });
const newAt = (pointer: string) => ({ file: REGISTRY_PATH, pointer, side: 'new' as const });

export function diffTopology(oldModel: ContractSet, newModel: ContractSet): TopologyChange[] {
  return [...diffServices(oldModel, newModel), ...diffConsumers(oldModel, newModel), ...diffFlows(oldModel, newModel)];
}

function diffServices(oldModel: ContractSet, newModel: ContractSet): TopologyChange[] {
  const before = oldModel.registry?.services ?? new Map();
  const after = newModel.registry?.services ?? new Map();
  const out: TopologyChange[] = [];
  const context = { scope: 'registry' as const };
  for (const name of sortedUnion(before.keys(), after.keys())) {
    const a = before.get(name);
    const b = after.get(name);
    if (!a && b) out.push({ kind: 'SERVICE_ADDED', at: newAt(b.pointer), message: `service ${show(name)} added${b.owner ? ` (owned by ${show(b.owner)})` : ''}`, context });
    else if (a && !b) out.push({ kind: 'SERVICE_REMOVED', at: oldAt(a.pointer), message: `service ${show(name)} removed from the registry`, context });
    else if (a && b && a.owner !== b.owner) {
      const at = b.owner !== undefined ? newAt(joinPointer(b.pointer, 'owner')) : oldAt(joinPointer(a.pointer, 'owner'));
      out.push({ kind: 'SERVICE_OWNER_CHANGED', at, message: `service ${show(name)} owner changed from ${show(a.owner ?? null)} to ${show(b.owner ?? null)}`, context });
    }
  }
  return out;
}

/** Consumers are matched by service name within each event type present on both sides. */
function diffConsumers(oldModel: ContractSet, newModel: ContractSet): TopologyChange[] {
  const before = oldModel.registry?.eventTypes ?? new Map();
  const after = newModel.registry?.eventTypes ?? new Map();
  const out: TopologyChange[] = [];
  for (const name of sortedUnion(before.keys(), after.keys())) {
    const a = before.get(name);
    const b = after.get(name);
    // An event type added or removed is reported as such; its consumers go with it.
    if (!a || !b) continue;
    const context = { scope: 'registry' as const, eventType: name };
    const oldReaders = byService(a.consumers);
    const newReaders = byService(b.consumers);
    for (const service of sortedUnion(oldReaders.keys(), newReaders.keys())) {
      const x = oldReaders.get(service);
      const y = newReaders.get(service);
      if (!x && y) out.push({ kind: 'CONSUMER_ADDED', at: newAt(y.pointer), message: `${show(service)} now consumes ${name}${versionsText(y)}`, context });
      else if (x && !y) out.push({ kind: 'CONSUMER_REMOVED', at: oldAt(x.pointer), message: `${show(service)} no longer consumes ${name}`, context });
      else if (x && y) {
        const added = y.versions.filter((v) => !x.versions.includes(v));
        const removed = x.versions.filter((v) => !y.versions.includes(v));
        if (!added.length && !removed.length) continue;
        const parts = [added.length ? `now also reads ${listOf(added.map((v) => `v${v}`))}` : '', removed.length ? `no longer reads ${listOf(removed.map((v) => `v${v}`))}` : ''].filter(Boolean);
        out.push({ kind: 'CONSUMER_VERSIONS_CHANGED', at: newAt(joinPointer(y.pointer, 'versions')), message: `${show(service)} ${parts.join(' and ')} of ${name}`, context });
      }
    }
  }
  return out;
}

function diffFlows(oldModel: ContractSet, newModel: ContractSet): TopologyChange[] {
  const before = oldModel.registry?.flows ?? new Map();
  const after = newModel.registry?.flows ?? new Map();
  const out: TopologyChange[] = [];
  const context = { scope: 'registry' as const };
  for (const name of sortedUnion(before.keys(), after.keys())) {
    const a = before.get(name);
    const b = after.get(name);
    if (!a && b) out.push({ kind: 'FLOW_ADDED', at: newAt(b.pointer), message: `flow ${show(name)} added: ${chain(b)}`, context });
    else if (a && !b) out.push({ kind: 'FLOW_REMOVED', at: oldAt(a.pointer), message: `flow ${show(name)} removed`, context });
    else if (a && b && chain(a) !== chain(b)) out.push({ kind: 'FLOW_CHANGED', at: newAt(joinPointer(b.pointer, 'steps')), message: `flow ${show(name)}: ${stepChanges(a, b)}`, context });
  }
  return out;
}

/** The flow as the catalog draws it: each step's event type, with its producer when given. */
function chain(flow: FlowEntry): string {
  return flow.steps.map(stepLabel).join(' → ') || '(no steps)';
}

/** What happened to a flow's steps, in words: the steps dropped and added, or a new order. */
function stepChanges(a: FlowEntry, b: FlowEntry): string {
  const before = a.steps.map(stepLabel);
  const after = b.steps.map(stepLabel);
  const removed = before.filter((s) => !after.includes(s));
  const added = after.filter((s) => !before.includes(s));
  const parts = [removed.length ? `${listOf(removed)} removed` : '', added.length ? `${listOf(added)} added` : ''].filter(Boolean);
  return parts.length ? `step${removed.length + added.length === 1 ? '' : 's'} ${parts.join(', ')}; now ${chain(b)}` : `steps reordered: now ${chain(b)}`;
}

function stepLabel(step: FlowEntry['steps'][number]): string {
  return `${step.eventType ?? '?'}${step.producer ? ` (${step.producer})` : ''}`;
}

function byService(consumers: readonly ConsumerEntry[]): Map<string, ConsumerEntry> {
  const map = new Map<string, ConsumerEntry>();
  // A service listed twice is registry/shape's to report; the first entry stands for it here.
  for (const c of consumers) if (c.service !== undefined && !map.has(c.service)) map.set(c.service, c);
  return map;
}

function versionsText(c: ConsumerEntry): string {
  return c.versions.length ? ` (${listOf(c.versions.map((v) => `v${v}`))})` : '';
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort(byCodeUnit);
}
