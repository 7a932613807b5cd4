/**
 * The checks of one event, in the order their failures are reported: the envelope schema, then
 * the registry (type, status, producer, version, payload), then subject, actor, correlation_id
 * and causation_id. A field the envelope schema already rejected is reported once, under its own
 * kind. Keep it cheap: a valid event costs the two ajv calls, one Map lookup and three regex
 * tests, and allocates nothing (the caller passes the array failures are appended to).
 */
import { describeAjvError, errorPointer } from '../schema/ajv-errors.js';
import { idShape, show, typeName, withArticle } from './text.js';
import type { TypeInfo } from './type-index.js';
import type { AjvErrorLike, EventFailure, EventTable, EventValidators, ValidateFunction } from './types.js';

/** What a checker knows before the first event (built once by createEventChecker). */
export interface CheckContext {
  table: EventTable;
  validators: EventValidators;
  types: Map<string, TypeInfo>;
  eventIdRe: RegExp;
  personRe: RegExp;
  producerList: string;
  systemActors: Set<string>;
  /** The envelope's pattern for the field is exactly the check's own (src/events/table.ts decides). */
  trustCorrelation: boolean;
  trustActor: boolean;
  /** The envelope verdict of the event being checked (one object, reset per event). */
  verdict: EnvelopeVerdict;
}

/** Bits for the envelope fields the envelope schema already rejected. */
const F_TYPE = 1, F_VERSION = 2, F_PRODUCER = 4, F_PAYLOAD = 8, F_SUBJECT = 16, F_ACTOR = 32, F_CORRELATION = 64, F_CAUSATION = 128;
const FIELD_BITS = new Map<string, number>([
  ['event_type', F_TYPE],
  ['schema_version', F_VERSION],
  ['producer', F_PRODUCER],
  ['payload', F_PAYLOAD],
  ['subject', F_SUBJECT],
  ['actor', F_ACTOR],
  ['correlation_id', F_CORRELATION],
  ['causation_id', F_CAUSATION],
]);

/** Which fields the envelope schema rejected; subject, actor and the IDs keep their error for a kind of their own. */
export interface EnvelopeVerdict {
  flags: number;
  subject: AjvErrorLike | undefined;
  actor: AjvErrorLike | undefined;
  correlation: AjvErrorLike | undefined;
  causation: AjvErrorLike | undefined;
}

export function emptyVerdict(): EnvelopeVerdict {
  return { flags: 0, subject: undefined, actor: undefined, correlation: undefined, causation: undefined };
}

/** Appends the event's failures to `out` and returns how many are errors. */
export function checkEvent(ctx: CheckContext, event: unknown, out: EventFailure[]): number {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    out.push({ kind: 'envelope', severity: 'error', pointer: '', message: `an event must be a JSON object with the envelope fields (event_id, event_type, schema_version, …), not ${typeName(event)}` });
    return 1;
  }
  const ev = event as Record<string, unknown>;
  const verdict = ctx.verdict;
  let errors = checkEnvelope(ctx.validators.envelope, ev, verdict, out);
  const type = ev.event_type;
  const named = typeof type === 'string' && (verdict.flags & F_TYPE) === 0;
  const info = named ? ctx.types.get(type) : undefined;
  if (named && info === undefined) {
    out.push({ kind: 'unknown-event-type', severity: 'error', pointer: '/event_type', message: `event type ${show(type)} is not registered in event-types-registry.json; fix the name or register the event type` });
    errors++;
  }
  if (info !== undefined) errors += checkRegistration(ctx, info, ev, verdict.flags, out);
  errors += checkSubject(info, ev, verdict, out);
  errors += checkActor(ctx, info, ev, verdict, out);
  errors += checkCorrelation(ctx, ev, verdict, out);
  errors += checkCausation(ctx, ev, verdict, out);
  return errors;
}

/** Runs the envelope schema, filling `verdict`; reports the errors of fields without a kind of their own. */
function checkEnvelope(envelope: ValidateFunction | undefined, ev: Record<string, unknown>, verdict: EnvelopeVerdict, out: EventFailure[]): number {
  verdict.flags = 0;
  verdict.subject = verdict.actor = verdict.correlation = verdict.causation = undefined;
  if (envelope === undefined || envelope(ev)) return 0;
  let errors = 0;
  for (const e of envelope.errors ?? []) {
    const bit = FIELD_BITS.get(fieldOf(e)) ?? 0;
    verdict.flags |= bit;
    // subject, actor and the IDs have kinds of their own, reported later; keep the last error
    // (for anyOf it is the summary, after each branch's error).
    if (bit === F_SUBJECT) verdict.subject = e;
    else if (bit === F_ACTOR) verdict.actor = e;
    else if (bit === F_CORRELATION) verdict.correlation = e;
    else if (bit === F_CAUSATION) verdict.causation = e;
    else {
      out.push({ kind: 'envelope', severity: 'error', pointer: errorPointer(e), message: `${describeAjvError(e)} (envelope schema)` });
      errors++;
    }
  }
  return errors;
}

/** The top-level envelope field an envelope error is about. */
function fieldOf(e: AjvErrorLike): string {
  const path = errorPointer(e);
  const end = path.indexOf('/', 1);
  return (end < 0 ? path.slice(1) : path.slice(1, end)).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Status warnings, the producer, the schema version and the payload of a registered type. */
function checkRegistration(ctx: CheckContext, info: TypeInfo, ev: Record<string, unknown>, flags: number, out: EventFailure[]): number {
  let errors = 0;
  if (info.status === 'deprecated') {
    out.push({ kind: 'deprecated-event-type', severity: 'warning', pointer: '/event_type', message: `event type "${info.name}" is deprecated; move producers and consumers to its replacement before it is removed` });
  } else if (info.status === 'proposed') {
    out.push({ kind: 'proposed-event-type', severity: 'warning', pointer: '/event_type', message: `event type "${info.name}" is only proposed, not active; do not emit it in production until its status is active` });
  }
  const producer = ev.producer;
  if (typeof producer === 'string' && (flags & F_PRODUCER) === 0 && info.producer !== undefined && producer !== info.producer) {
    out.push({ kind: 'producer-mismatch', severity: 'error', pointer: '/producer', message: `producer ${show(producer)} does not own ${info.name}: the registry says it is produced by "${info.producer}"; emit it from ${info.producer} or fix the registry` });
    errors++;
  }
  const version = ev.schema_version;
  if (typeof version === 'number' && Number.isInteger(version) && (flags & F_VERSION) === 0) errors += checkPayload(ctx, info, version, ev.payload, (flags & F_PAYLOAD) !== 0, out);
  return errors;
}

/** The version is registered, and the payload valid against its schema (unless the envelope already rejected the payload). */
function checkPayload(ctx: CheckContext, info: TypeInfo, version: number, payload: unknown, payloadRejected: boolean, out: EventFailure[]): number {
  if (info.versions.indexOf(version) < 0) {
    const known = info.versions.length ? info.versions.join(', ') : 'none';
    out.push({ kind: 'unknown-schema-version', severity: 'error', pointer: '/schema_version', message: `schema_version ${version} is not registered for ${info.name} (registered: ${known}); use a registered version or register version ${version}` });
    return 1;
  }
  const validate = payloadValidator(ctx, info, version);
  if (typeof validate === 'string') {
    out.push({ kind: 'schema-unavailable', severity: 'error', pointer: '/payload', message: `the payload cannot be checked: ${validate}; run \`sguild-contracts check\` on the contracts` });
    return 1;
  }
  if (payloadRejected || validate(payload)) return 0;
  const list = validate.errors ?? [];
  for (const e of list) {
    out.push({ kind: 'payload', severity: 'error', pointer: '/payload' + errorPointer(e), message: `${describeAjvError(e)} (${info.name} v${version} payload schema)` });
  }
  return list.length;
}

function payloadValidator(ctx: CheckContext, info: TypeInfo, version: number): ValidateFunction | string {
  let v = info.payloads.get(version);
  if (v === undefined) {
    v = ctx.validators.payload(info.name, version);
    info.payloads.set(version, v);
  }
  return v;
}

function checkSubject(info: TypeInfo | undefined, ev: Record<string, unknown>, verdict: EnvelopeVerdict, out: EventFailure[]): number {
  const subject = ev.subject;
  let errors = 0;
  let envelopeError = verdict.subject;
  if (info !== undefined && info.subjectRe !== undefined) {
    if (subject === undefined) {
      out.push({ kind: 'subject-missing', severity: 'error', pointer: '/subject', message: `subject is missing: ${info.name} events are about ${withArticle(info.subject!)}; set subject to ${idShape(info.subject!, info.subjectPrefix!)}` });
      errors++;
    } else if (typeof subject !== 'string' || !info.subjectRe.test(subject)) {
      out.push({ kind: 'subject-invalid', severity: 'error', pointer: '/subject', message: `subject ${show(subject)} is not ${idShape(info.subject!, info.subjectPrefix!)}, which ${info.name} events are about` });
      errors++;
      envelopeError = undefined;
    }
  }
  if (envelopeError !== undefined) {
    out.push({ kind: 'subject-invalid', severity: 'error', pointer: '/subject', message: `subject ${show(subject)} is rejected by the envelope schema: ${describeAjvError(envelopeError)}` });
    errors++;
  }
  return errors;
}

function checkActor(ctx: CheckContext, info: TypeInfo | undefined, ev: Record<string, unknown>, verdict: EnvelopeVerdict, out: EventFailure[]): number {
  const actor = ev.actor;
  let errors = 0;
  let envelopeError = verdict.actor;
  if (actor !== undefined) {
    const { personPrefix } = ctx.table;
    // An actor the envelope's identical pattern accepted is well formed: its prefix tells its kind.
    const trusted = ctx.trustActor && envelopeError === undefined;
    const isPerson = typeof actor === 'string' && (trusted ? actor.startsWith(personPrefix) : ctx.personRe.test(actor));
    const isSystem = typeof actor === 'string' && !isPerson && (trusted || ctx.systemActors.has(actor));
    if (!isPerson && !isSystem) {
      out.push({ kind: 'actor-invalid', severity: 'error', pointer: '/actor', message: `actor ${show(actor)} is neither ${idShape('person', personPrefix)} nor "system:<producer>" (one of ${ctx.producerList})` });
      errors++;
      envelopeError = undefined;
    } else if (info !== undefined && info.actors !== undefined && (isPerson ? !info.allowPerson : !info.allowedSystems.has(actor))) {
      const allowed = info.actors.length ? info.actors.map((a) => (a === 'system' && info.producer !== undefined ? `system:${info.producer}` : a)).join(', ') : 'none';
      out.push({ kind: 'actor-not-allowed', severity: 'error', pointer: '/actor', message: `actor ${show(actor)} is ${isPerson ? 'a person' : 'a system actor'}, but ${info.name} allows only: ${allowed}; use an allowed actor or add it to the event type's actors in the registry` });
      errors++;
    }
  }
  if (envelopeError !== undefined) {
    out.push({ kind: 'actor-invalid', severity: 'error', pointer: '/actor', message: `actor ${show(actor)} is rejected by the envelope schema: ${describeAjvError(envelopeError)}` });
    errors++;
  }
  return errors;
}

function checkCorrelation(ctx: CheckContext, ev: Record<string, unknown>, verdict: EnvelopeVerdict, out: EventFailure[]): number {
  const correlation = ev.correlation_id;
  const envelopeError = verdict.correlation;
  if (correlation !== undefined && (!ctx.trustCorrelation || envelopeError !== undefined) && (typeof correlation !== 'string' || !ctx.eventIdRe.test(correlation))) {
    out.push({ kind: 'correlation-id-invalid', severity: 'error', pointer: '/correlation_id', message: `correlation_id ${show(correlation)} is not ${idShape('event', ctx.table.eventPrefix)}; set it to the event_id of the event that started the chain` });
    return 1;
  }
  if (envelopeError !== undefined) {
    out.push({ kind: 'correlation-id-invalid', severity: 'error', pointer: '/correlation_id', message: `correlation_id ${show(correlation)} is rejected by the envelope schema: ${describeAjvError(envelopeError)}` });
    return 1;
  }
  return 0;
}

/**
 * causation_id: the direct parent (correlation_id is the root). Checked whenever present, so an
 * envelope that forgot to constrain it still gets a well-formed, non-circular parent.
 */
function checkCausation(ctx: CheckContext, ev: Record<string, unknown>, verdict: EnvelopeVerdict, out: EventFailure[]): number {
  const causation = ev.causation_id;
  if (causation !== undefined && (typeof causation !== 'string' || !ctx.eventIdRe.test(causation))) {
    out.push({ kind: 'causation-id-invalid', severity: 'error', pointer: '/causation_id', message: `causation_id ${show(causation)} is not ${idShape('event', ctx.table.eventPrefix)}; set it to the event_id of the event that directly caused this one` });
    return 1;
  }
  if (causation !== undefined && causation === ev.event_id) {
    out.push({ kind: 'causation-id-invalid', severity: 'error', pointer: '/causation_id', message: `causation_id is this event's own event_id; an event cannot cause itself: set it to the parent event's event_id, or leave it out at the root of a chain` });
    return 1;
  }
  if (verdict.causation !== undefined) {
    out.push({ kind: 'causation-id-invalid', severity: 'error', pointer: '/causation_id', message: `causation_id ${show(causation)} is rejected by the envelope schema: ${describeAjvError(verdict.causation)}` });
    return 1;
  }
  return 0;
}
