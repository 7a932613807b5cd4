/**
 * Who a breaking change hurts: the services the registry lists as consumers of the changed
 * event type (and, for a change to one version, of that version). Both sides count: the old
 * registry says who reads what exists today, the new one may name readers added with the change.
 */
import type { ContractSet } from '../model/types.js';
import { byCodeUnit } from './json-values.js';
import type { Change } from './types.js';

export function consumersOf(models: readonly ContractSet[], eventType: string, version: string | undefined): string[] {
  const services = new Set<string>();
  for (const model of models) {
    const entry = model.registry?.eventTypes.get(eventType);
    for (const consumer of entry?.consumers ?? []) {
      if (consumer.service === undefined) continue;
      if (version === undefined || consumer.versions.includes(version)) services.add(consumer.service);
    }
  }
  return [...services].sort(byCodeUnit);
}

/** Every consumer of every event type: who an envelope change reaches. */
function allConsumers(models: readonly ContractSet[]): string[] {
  const services = new Set<string>();
  for (const model of models) for (const entry of model.registry?.eventTypes.values() ?? []) for (const c of entry.consumers) if (c.service !== undefined) services.add(c.service);
  return [...services].sort(byCodeUnit);
}

/** Sets `consumers` on every breaking change to an event type (or to the envelope) that has any. */
export function attachConsumers(changes: Change[], oldModel: ContractSet, newModel: ContractSet): void {
  let everyone: string[] | undefined;
  for (const change of changes) {
    if (change.severity !== 'breaking') continue;
    let services: string[] = [];
    if (change.eventType !== undefined) services = consumersOf([oldModel, newModel], change.eventType, change.schemaVersion);
    else if (change.scope === 'envelope') services = everyone ??= allConsumers([oldModel, newModel]);
    if (services.length) change.consumers = services;
  }
}

/** `; consumers affected: finance-mart, sales`, or nothing. */
export function describeConsumers(change: Change): string {
  return change.consumers?.length ? `consumers affected: ${change.consumers.join(', ')}` : '';
}
