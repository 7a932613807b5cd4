/** createEvent: a complete envelope around a payload, validated by the same checks as any event. */
import type { TypeInfo } from './type-index.js';
import type { CreateEventOptions, EventFailure, EventTable } from './types.js';

/** Thrown by createEvent; `errors` lists every failure. */
export class EventValidationError extends Error {
  readonly errors: EventFailure[];
  constructor(errors: EventFailure[]) {
    const first = errors.filter((e) => e.severity === 'error');
    super(`invalid event: ${first.map((e) => `${e.pointer || '(root)'}: ${e.message} [${e.kind}]`).join('; ')}`);
    this.name = 'EventValidationError';
    this.errors = errors;
  }
}

/** The envelope fields of a new event (ID, time, version, producer, actor, subject, correlation) around `payload`. */
export function buildEvent(table: EventTable, info: TypeInfo | undefined, eventId: string, eventType: string, payload: Record<string, unknown>, options: CreateEventOptions): Record<string, unknown> {
  const versions = info?.versions ?? [];
  const occurredAt = options.occurredAt instanceof Date ? options.occurredAt.toISOString() : options.occurredAt ?? new Date().toISOString();
  const subject = options.subject ?? subjectFromPayload(info, payload);
  const upstream = options.causedBy;
  const event: Record<string, unknown> = {
    event_id: eventId,
    event_type: eventType,
    schema_version: options.schemaVersion ?? (versions.length ? versions[versions.length - 1] : 1),
    occurred_at: occurredAt,
    producer: info?.producer,
    envelope_version: table.envelopeVersion,
  };
  if (subject !== undefined) event.subject = subject;
  const actor = options.actor ?? (info?.producer !== undefined ? `system:${info.producer}` : undefined);
  if (actor !== undefined) event.actor = actor;
  // The root of a causal chain correlates with itself; every later event inherits the root's id.
  event.correlation_id = upstream ? upstream.correlation_id ?? upstream.event_id : eventId;
  // The direct parent, for rebuilding the causal tree (the correlation only gives the chain).
  if (upstream && table.causationId === true) event.causation_id = upstream.event_id;
  event.payload = payload;
  return event;
}

/** The payload's `<subject kind>_id`, when it is a string. */
function subjectFromPayload(info: TypeInfo | undefined, payload: Record<string, unknown>): string | undefined {
  if (info?.subject === undefined || payload === null || typeof payload !== 'object') return undefined;
  const fromPayload = Object.hasOwn(payload, info.subject + '_id') ? payload[info.subject + '_id'] : undefined;
  return typeof fromPayload === 'string' ? fromPayload : undefined;
}
