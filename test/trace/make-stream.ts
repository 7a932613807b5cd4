/**
 * Event streams for the trace tests: chains of the bundled intake-to-handoff flow built from the
 * bundled example events (fresh event IDs, correlation_id = the chain's first event, causation_id
 * = the step before), interleaved, with breaks injected on request. Deterministic.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const registry = JSON.parse(readFileSync(join(ROOT, 'contracts', 'event-types-registry.json'), 'utf8'));
export const FLOW: { event_type: string; producer: string }[] = registry.flows['intake-to-handoff'].steps;

const example = (type: string) => JSON.parse(readFileSync(join(ROOT, 'contracts', registry.event_types[type].contract, 'examples', `${type}-v1.json`), 'utf8'));

/** evt_<UUID v7> from a counter: a valid v7 whose time part grows with n. */
export function eventId(n: number): string {
  const ms = (1777000000000 + n).toString(16).padStart(12, '0');
  const tail = n.toString(16).padStart(12, '0');
  return `evt_${ms.slice(0, 8)}-${ms.slice(8, 12)}-7000-8000-${tail}`;
}

export type Injection = 'dangling-correlation' | 'dangling-causation' | 'swap' | 'skip' | 'wrong-producer';

export interface Injected {
  kind: string;
  eventId: string;
}

export interface Stream {
  events: Record<string, unknown>[];
  /** The findings trace must report: kind and event, one per injected break. */
  expected: Injected[];
}

/**
 * `chains` chains, each injected with the break at the same index of `injections` (or none),
 * interleaved round-robin so chains overlap in the stream; `causation` stamps causation_id.
 */
export function makeStream(chains: number, injections: (Injection | undefined)[] = [], causation = true): Stream {
  let n = 0;
  const perChain: Record<string, unknown>[][] = [];
  const expected: Injected[] = [];
  const templates = FLOW.map((s) => example(s.event_type));
  for (let c = 0; c < chains; c++) {
    const events = templates.map((t, i) => {
      const e = structuredClone(t);
      e.event_id = eventId(++n);
      e.occurred_at = new Date(Date.UTC(2026, 4, 1) + c * 60_000 + i * 1000).toISOString().replace('.000Z', 'Z');
      return e;
    });
    events.forEach((e, i) => {
      // The examples carry links of their own: replaced by this chain's.
      delete e.correlation_id;
      delete e.causation_id;
      if (i > 0) {
        e.correlation_id = events[0].event_id;
        if (causation) e.causation_id = events[i - 1].event_id;
      }
    });
    const injection = injections[c];
    const at = 2 + (c % (FLOW.length - 3)); // a middle step: 2 … FLOW.length - 2
    if (injection === 'dangling-correlation') {
      events[at].correlation_id = eventId(10_000_000 + c);
      // The events after it still name the root, and their causation names it: both resolve.
      expected.push({ kind: 'dangling-correlation', eventId: events[at].event_id });
      // A step with no chain is no longer in the flow, so the next step reads as skipping it.
      if (at + 1 < events.length) expected.push({ kind: 'flow-skipped-step', eventId: events[at + 1].event_id });
    } else if (injection === 'dangling-causation') {
      events[at].causation_id = eventId(20_000_000 + c);
      expected.push({ kind: 'dangling-causation', eventId: events[at].event_id });
    } else if (injection === 'swap') {
      // at+1 is emitted before at: the first reads as skipping `at`, the second as out of order.
      [events[at], events[at + 1]] = [events[at + 1], events[at]];
      expected.push({ kind: 'flow-skipped-step', eventId: events[at].event_id });
      expected.push({ kind: 'flow-out-of-order', eventId: events[at + 1].event_id });
      // Its causation_id names the step now emitted after it: no earlier event.
      if (causation) expected.push({ kind: 'dangling-causation', eventId: events[at].event_id });
    } else if (injection === 'skip') {
      const removed = events.splice(at, 1)[0];
      if (causation) events[at].causation_id = events[at - 1].event_id;
      void removed;
      expected.push({ kind: 'flow-skipped-step', eventId: events[at].event_id });
    } else if (injection === 'wrong-producer') {
      events[at].producer = events[at].producer === 'sales' ? 'growth' : 'sales';
      expected.push({ kind: 'flow-wrong-producer', eventId: events[at].event_id });
    }
    perChain.push(events);
  }
  const events: Record<string, unknown>[] = [];
  for (let i = 0; perChain.some((c) => i < c.length); i++) for (const chain of perChain) events.push(...chain.slice(i, i + 1));
  return { events, expected };
}

export const ndjson = (events: readonly unknown[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';
