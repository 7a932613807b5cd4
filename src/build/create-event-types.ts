/**
 * The declaration of createEvent in validators.d.ts, as strict as the function: `subject` is
 * required exactly when the event type has a subject kind and its payload does not always name
 * it (`<kind>_id`, which createEvent copies), `actor` exactly when the registry does not let the
 * producer's system actor emit the type (createEvent's default), and both accept only the kinds
 * the registry allows (EnvelopeFields of events.d.ts: a `per_…` ID, `system:<producer>`).
 * test/build/strict-types.test.ts checks these against what createEvent does at run time.
 */

/** Names events.d.ts must export for these declarations. */
export const CREATE_EVENT_TYPE_IMPORTS = ['AnyEventEnvelope', 'CurrentVersion', 'EnvelopeFields', 'EventEnvelope', 'EventType', 'EventTypeMeta', 'PayloadOf', 'VersionOf'];

export function createEventDeclarations(): string[] {
  return [
    '/** The subject kind the registry gives an event type (null: none). */',
    "type SubjectKindOf<T extends EventType> = EventTypeMeta[T]['subject'];",
    '',
    '/**',
    ' * True when createEvent needs `subject` in its options: the event type has a subject kind and',
    ' * its payload (at version V) does not always carry `<kind>_id`, which createEvent would copy.',
    ' */',
    'export type SubjectRequired<T extends EventType, V extends VersionOf<T>> = SubjectKindOf<T> extends string',
    '  ? PayloadOf<T, V> extends { readonly [K in `${SubjectKindOf<T>}_id`]: string } ? false : true',
    '  : false;',
    '',
    "/** True when createEvent needs `actor`: the registry does not let the producer's system actor (the default) emit the type. */",
    "export type ActorRequired<T extends EventType> = [Extract<EventTypeMeta[T]['actors'][number], 'system' | `system:${EnvelopeFields[T]['producer']}`>] extends [never] ? true : false;",
    '',
    'interface CreateEventBaseOptions<V> {',
    '  /** Payload schema version; the current (highest) one when absent. */',
    '  schemaVersion?: V;',
    "  /** The event that caused this one: its event_id becomes causation_id, its correlation_id (or, at a root, its event_id) correlation_id. */",
    '  causedBy?: { event_id: string; correlation_id?: string };',
    '  /** When it happened; now when absent. */',
    '  occurredAt?: string | Date;',
    '}',
    '',
    '/**',
    " * createEvent's options for an event type and version: `subject` and `actor` are required exactly",
    ' * when createEvent would otherwise throw, and accept only the registered kinds.',
    ' */',
    'export type CreateEventOptions<T extends EventType = EventType, V extends VersionOf<T> = VersionOf<T>> = CreateEventBaseOptions<V>',
    '  & (SubjectRequired<T, V> extends true',
    "    ? { /** The subject ID (the payload does not always name it). */ subject: EnvelopeFields[T]['subject'] }",
    "    : { /** The subject ID; taken from the payload's `<subject kind>_id` when absent. */ subject?: EnvelopeFields[T]['subject'] })",
    '  & (ActorRequired<T> extends true',
    "    ? { /** Who caused it: the registry allows no system actor for this type. */ actor: EnvelopeFields[T]['actor'] }",
    "    : { /** Who caused it; `system:<producer>` when absent. */ actor?: EnvelopeFields[T]['actor'] });",
    '',
    '/** createEvent\'s options argument: required when `subject` or `actor` is. */',
    'export type CreateEventOptionsArgument<T extends EventType, V extends VersionOf<T>> = true extends SubjectRequired<T, V> | ActorRequired<T>',
    '  ? [options: CreateEventOptions<T, V>]',
    '  : [options?: CreateEventOptions<T, V>];',
    '',
    '/**',
    ' * Builds a complete event (ID, timestamp, version, producer, actor, subject, correlation and',
    ' * causation) and validates it; throws EventValidationError when it is not valid.',
    ' */',
    'export declare function createEvent<T extends EventType, V extends VersionOf<T> = CurrentVersion<T>>(eventType: T, payload: PayloadOf<T, V>, ...options: CreateEventOptionsArgument<T, V>): EventEnvelope<T, V>;',
  ];
}
