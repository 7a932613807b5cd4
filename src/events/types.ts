/**
 * The event checker's vocabulary: failure kinds, the registry table it reads, the validators it
 * is given and what it returns. Shared by `validate`, the examples rules, the build (which writes
 * the matching declarations) and the generated validators.
 */
import type { AjvErrorLike } from '../schema/ajv-errors.js';

export type { AjvErrorLike } from '../schema/ajv-errors.js';

/** Every failure kind, with its severity. `not-json` and `too-large` come from the stream reader. */
export const FAILURE_KINDS = {
  'not-json': 'error',
  'too-large': 'error',
  envelope: 'error',
  'unknown-event-type': 'error',
  'deprecated-event-type': 'warning',
  'proposed-event-type': 'warning',
  'unknown-schema-version': 'error',
  'schema-unavailable': 'error',
  payload: 'error',
  'producer-mismatch': 'error',
  'subject-missing': 'error',
  'subject-invalid': 'error',
  'actor-invalid': 'error',
  'actor-not-allowed': 'error',
  'correlation-id-invalid': 'error',
  'causation-id-invalid': 'error',
} as const;

export type FailureKind = keyof typeof FAILURE_KINDS;
export type FailureSeverity = 'error' | 'warning';

export interface EventFailure {
  kind: FailureKind;
  severity: FailureSeverity;
  /** JSON pointer into the event ('' is the event itself). */
  pointer: string;
  message: string;
}

/** The registry facts the checks need, as plain JSON (it is embedded in the generated module). */
export interface EventTable {
  /** `id_kinds.event.prefix`: event_id and correlation_id carry it. */
  eventPrefix: string;
  /** `id_kinds.person.prefix`: a person actor carries it. */
  personPrefix: string;
  /** The envelope's `envelope_version` const. */
  envelopeVersion: number;
  /** Domains that may appear as `system:<domain>` (the envelope's producer enum). */
  producers: string[];
  /** Sorted by name; arrays rather than objects so no name (`__proto__`) is special. */
  types: EventTableEntry[];
  /**
   * Fields whose envelope schema pattern is exactly the check's own, so when the envelope schema
   * accepted the event the check need not test them again (src/events/table.ts decides).
   */
  envelopeChecks?: { correlationId?: boolean; actor?: boolean };
  /** The envelope defines `causation_id`, so createEvent's `causedBy` sets it (envelopes before it reject the field). */
  causationId?: boolean;
}

export interface EventTableEntry {
  name: string;
  producer?: string;
  /** Subject ID kind and its prefix (the prefix is absent when the kind is not defined). */
  subject?: string;
  subjectPrefix?: string;
  /** `person`, `system`, `system:<domain>`; absent when the registry does not say. */
  actors?: string[];
  status?: string;
  /** Registered schema versions, ascending. */
  versions: number[];
}

/** What ajv's validate functions look like, in-process or standalone. */
export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: AjvErrorLike[] | null;
}


export interface EventValidators {
  /** The envelope schema's validator; without one only the registry checks run. */
  envelope?: ValidateFunction;
  /** The payload validator of (type, version), or why there is none. Asked once per pair. */
  payload(eventType: string, version: number): ValidateFunction | string;
}

export interface CreateEventOptions {
  /** Payload schema version; the highest registered one when absent. */
  schemaVersion?: number;
  /** A person ID; `system:<producer>` when absent. */
  actor?: string;
  /** The subject ID; taken from the payload's `<subject kind>_id` when absent. */
  subject?: string;
  /** The event that caused this one: its event_id becomes causation_id, its correlation_id (or, at a root, its event_id) correlation_id. */
  causedBy?: { event_id: string; correlation_id?: string };
  /** When it happened; now when absent. */
  occurredAt?: string | Date;
}

export type ValidationResult =
  | { ok: true; event: Record<string, unknown>; warnings: EventFailure[] }
  | { ok: false; errors: EventFailure[] };

export interface EventChecker {
  /** Appends the event's failures to `out` and returns how many are errors. */
  check(event: unknown, out: EventFailure[]): number;
  validateEvent(event: unknown): ValidationResult;
  createEvent(eventType: string, payload: Record<string, unknown>, options?: CreateEventOptions): Record<string, unknown>;
  /** Whether the registry knows this event type (reports group by it). */
  isRegistered(eventType: string): boolean;
  readonly EventValidationError: new (errors: EventFailure[]) => Error & { errors: EventFailure[] };
}
