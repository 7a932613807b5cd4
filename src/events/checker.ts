/**
 * The event checks: everything the contracts say about one event instance, in ONE implementation
 * shared by `validate`, the examples/* rules and the generated dist/validators.js.
 *
 * `createEventChecker` is deliberately self-contained: it reads nothing outside its own body
 * (no imports, no module-level values; the types below are erased), so src/build/validators.ts
 * can embed its source text (`createEventChecker.toString()`) into the generated module and both
 * sides run literally the same code. Its inputs are plain data: the registry facts as an
 * `EventTable` (src/events/table.ts) and a lookup of ajv validate functions, compiled in-process
 * by src/schema/compile.ts for the CLI and by ajv's standalone mode for the generated module.
 *
 * Keep it cheap: a valid event costs the two ajv calls, one Map lookup and three regex tests; no
 * allocation happens on that path (the caller passes the array failures are appended to).
 */

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

export interface AjvErrorLike {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
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

export function createEventChecker(table: EventTable, validators: EventValidators): EventChecker {
  const UUID7 = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
  const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = new Map<string, RegExp>();
  const idPattern = (prefix: string): RegExp => {
    let re = patterns.get(prefix);
    if (!re) patterns.set(prefix, (re = new RegExp('^' + escapeRegExp(prefix) + UUID7 + '$')));
    return re;
  };
  const eventIdRe = idPattern(table.eventPrefix);
  const personRe = idPattern(table.personPrefix);
  const producerList = table.producers.join(', ');
  const NONE: EventFailure[] = Object.freeze([]) as unknown as EventFailure[];

  // Bits for the envelope fields the envelope schema already rejected: the registry checks stay
  // quiet about those, so one mistake is reported once.
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

  interface TypeInfo {
    name: string;
    producer: string | undefined;
    subject: string | undefined;
    subjectPrefix: string | undefined;
    subjectRe: RegExp | undefined;
    actors: string[] | undefined;
    allowPerson: boolean;
    /** `system:<domain>` strings the entry allows (plain `system` allows `system:<producer>`). */
    allowedSystems: Set<string>;
    status: string | undefined;
    versions: number[];
    /** Resolved on first use: the validator, or the reason there is none. */
    payloads: Map<number, ValidateFunction | string>;
  }

  const types = new Map<string, TypeInfo>();
  for (const t of table.types) {
    const allowedSystems = new Set<string>();
    let allowPerson = false;
    for (const a of t.actors ?? []) {
      if (a === 'person') allowPerson = true;
      else if (a === 'system') {
        if (t.producer !== undefined) allowedSystems.add('system:' + t.producer);
      } else if (a.startsWith('system:')) allowedSystems.add(a);
    }
    types.set(t.name, {
      name: t.name,
      producer: t.producer,
      subject: t.subject,
      subjectPrefix: t.subjectPrefix,
      subjectRe: t.subjectPrefix !== undefined ? idPattern(t.subjectPrefix) : undefined,
      actors: t.actors,
      allowPerson,
      allowedSystems,
      status: t.status,
      versions: t.versions,
      payloads: new Map(),
    });
  }
  const systemActors = new Set(table.producers.map((p) => 'system:' + p));
  const trustCorrelation = validators.envelope !== undefined && table.envelopeChecks?.correlationId === true;
  const trustActor = validators.envelope !== undefined && table.envelopeChecks?.actor === true;

  const show = (value: unknown): string => {
    let text: string;
    try {
      text = value === undefined ? 'undefined' : JSON.stringify(value);
    } catch {
      text = String(value);
    }
    return text.length > 80 ? text.slice(0, 79) + '…' : text;
  };
  const escapeSegment = (s: unknown) => String(s).replace(/~/g, '~0').replace(/\//g, '~1');
  const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v);

  // Mirrors describeAjvError in src/schema/compile.ts (this function cannot import it).
  const describe = (e: AjvErrorLike): string => {
    const p = e.params;
    switch (e.keyword) {
      case 'required':
        return `missing required property "${String(p.missingProperty)}"`;
      case 'additionalProperties':
        return `property "${String(p.additionalProperty)}" is not allowed`;
      case 'enum':
        return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      case 'const':
        return `must be ${JSON.stringify(p.allowedValue)}`;
      case 'type':
        return `must be ${String(p.type)}`;
      case 'pattern':
        return `must match pattern ${String(p.pattern)}`;
      case 'format':
        return `must be a valid ${String(p.format)}`;
      default:
        return e.message ?? `fails ${e.keyword}`;
    }
  };
  /** The pointer of the value an error is about: a missing or extra property points at itself. */
  const pointerOf = (e: AjvErrorLike): string => {
    const p = e.params;
    if (e.keyword === 'required' || e.keyword === 'dependentRequired') return e.instancePath + '/' + escapeSegment(p.missingProperty);
    if (e.keyword === 'additionalProperties') return e.instancePath + '/' + escapeSegment(p.additionalProperty);
    if (e.keyword === 'unevaluatedProperties') return e.instancePath + '/' + escapeSegment(p.unevaluatedProperty);
    return e.instancePath;
  };
  /** The top-level envelope field an envelope error is about. */
  const fieldOf = (e: AjvErrorLike): string => {
    const path = pointerOf(e);
    const end = path.indexOf('/', 1);
    return (end < 0 ? path.slice(1) : path.slice(1, end)).replace(/~1/g, '/').replace(/~0/g, '~');
  };

  const a = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
  const idShape = (kind: string, prefix: string) => `${a(kind)} ID (${prefix} followed by a lower-case UUID v7)`;

  function payloadValidator(info: TypeInfo, version: number): ValidateFunction | string {
    let v = info.payloads.get(version);
    if (v === undefined) {
      v = validators.payload(info.name, version);
      info.payloads.set(version, v);
    }
    return v;
  }

  function check(event: unknown, out: EventFailure[]): number {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) {
      out.push({ kind: 'envelope', severity: 'error', pointer: '', message: `an event must be a JSON object with the envelope fields (event_id, event_type, schema_version, …), not ${typeName(event)}` });
      return 1;
    }
    const ev = event as Record<string, unknown>;
    let errors = 0;
    let flags = 0;
    let subjectError: AjvErrorLike | undefined;
    let actorError: AjvErrorLike | undefined;
    let correlationError: AjvErrorLike | undefined;
    let causationError: AjvErrorLike | undefined;

    const envelope = validators.envelope;
    if (envelope !== undefined && !envelope(ev)) {
      const list = envelope.errors ?? [];
      for (let i = 0; i < list.length; i++) {
        const e = list[i];
        const bit = FIELD_BITS.get(fieldOf(e)) ?? 0;
        flags |= bit;
        // subject, actor and correlation_id have kinds of their own, reported below; keep the
        // last error (for anyOf it is the summary, after each branch's error).
        if (bit === F_SUBJECT) subjectError = e;
        else if (bit === F_ACTOR) actorError = e;
        else if (bit === F_CORRELATION) correlationError = e;
        else if (bit === F_CAUSATION) causationError = e;
        else {
          out.push({ kind: 'envelope', severity: 'error', pointer: pointerOf(e), message: `${describe(e)} (envelope schema)` });
          errors++;
        }
      }
    }

    const type = ev.event_type;
    const info = typeof type === 'string' && (flags & F_TYPE) === 0 ? types.get(type) : undefined;
    if (typeof type === 'string' && (flags & F_TYPE) === 0 && info === undefined) {
      out.push({ kind: 'unknown-event-type', severity: 'error', pointer: '/event_type', message: `event type ${show(type)} is not registered in event-types-registry.json; fix the name or register the event type` });
      errors++;
    }

    if (info !== undefined) {
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
      if (typeof version === 'number' && Number.isInteger(version) && (flags & F_VERSION) === 0) {
        if (info.versions.indexOf(version) < 0) {
          const known = info.versions.length ? info.versions.join(', ') : 'none';
          out.push({ kind: 'unknown-schema-version', severity: 'error', pointer: '/schema_version', message: `schema_version ${version} is not registered for ${info.name} (registered: ${known}); use a registered version or register version ${version}` });
          errors++;
        } else {
          const validate = payloadValidator(info, version);
          if (typeof validate === 'string') {
            out.push({ kind: 'schema-unavailable', severity: 'error', pointer: '/payload', message: `the payload cannot be checked: ${validate}; run \`sguild-contracts check\` on the contracts` });
            errors++;
          } else if ((flags & F_PAYLOAD) === 0 && !validate(ev.payload)) {
            const list = validate.errors ?? [];
            for (let i = 0; i < list.length; i++) {
              const e = list[i];
              out.push({ kind: 'payload', severity: 'error', pointer: '/payload' + pointerOf(e), message: `${describe(e)} (${info.name} v${version} payload schema)` });
              errors++;
            }
          }
        }
      }
    }

    const subject = ev.subject;
    if (info !== undefined && info.subjectRe !== undefined) {
      if (subject === undefined) {
        out.push({ kind: 'subject-missing', severity: 'error', pointer: '/subject', message: `subject is missing: ${info.name} events are about ${a(info.subject!)}; set subject to ${idShape(info.subject!, info.subjectPrefix!)}` });
        errors++;
      } else if (typeof subject !== 'string' || !info.subjectRe.test(subject)) {
        out.push({ kind: 'subject-invalid', severity: 'error', pointer: '/subject', message: `subject ${show(subject)} is not ${idShape(info.subject!, info.subjectPrefix!)}, which ${info.name} events are about` });
        errors++;
        subjectError = undefined;
      }
    }
    if (subjectError !== undefined) {
      out.push({ kind: 'subject-invalid', severity: 'error', pointer: '/subject', message: `subject ${show(subject)} is rejected by the envelope schema: ${describe(subjectError)}` });
      errors++;
    }

    const actor = ev.actor;
    if (actor !== undefined) {
      // An actor the envelope's identical pattern accepted is well formed: its prefix tells its kind.
      const trusted = trustActor && actorError === undefined;
      const isPerson = typeof actor === 'string' && (trusted ? actor.startsWith(table.personPrefix) : personRe.test(actor));
      const isSystem = typeof actor === 'string' && !isPerson && (trusted || systemActors.has(actor));
      if (!isPerson && !isSystem) {
        out.push({ kind: 'actor-invalid', severity: 'error', pointer: '/actor', message: `actor ${show(actor)} is neither ${idShape('person', table.personPrefix)} nor "system:<producer>" (one of ${producerList})` });
        errors++;
        actorError = undefined;
      } else if (info !== undefined && info.actors !== undefined && (isPerson ? !info.allowPerson : !info.allowedSystems.has(actor))) {
        const allowed = info.actors.length ? info.actors.map((a) => (a === 'system' && info.producer !== undefined ? `system:${info.producer}` : a)).join(', ') : 'none';
        out.push({ kind: 'actor-not-allowed', severity: 'error', pointer: '/actor', message: `actor ${show(actor)} is ${isPerson ? 'a person' : 'a system actor'}, but ${info.name} allows only: ${allowed}; use an allowed actor or add it to the event type's actors in the registry` });
        errors++;
      }
    }
    if (actorError !== undefined) {
      out.push({ kind: 'actor-invalid', severity: 'error', pointer: '/actor', message: `actor ${show(actor)} is rejected by the envelope schema: ${describe(actorError)}` });
      errors++;
    }

    const correlation = ev.correlation_id;
    if (correlation !== undefined && (!trustCorrelation || correlationError !== undefined) && (typeof correlation !== 'string' || !eventIdRe.test(correlation))) {
      out.push({ kind: 'correlation-id-invalid', severity: 'error', pointer: '/correlation_id', message: `correlation_id ${show(correlation)} is not ${idShape('event', table.eventPrefix)}; set it to the event_id of the event that started the chain` });
      errors++;
    } else if (correlationError !== undefined) {
      out.push({ kind: 'correlation-id-invalid', severity: 'error', pointer: '/correlation_id', message: `correlation_id ${show(correlation)} is rejected by the envelope schema: ${describe(correlationError)}` });
      errors++;
    }

    // causation_id: the direct parent (correlation_id is the root). Checked whenever present, so
    // an envelope that forgot to constrain it still gets a well-formed, non-circular parent.
    const causation = ev.causation_id;
    if (causation !== undefined && (typeof causation !== 'string' || !eventIdRe.test(causation))) {
      out.push({ kind: 'causation-id-invalid', severity: 'error', pointer: '/causation_id', message: `causation_id ${show(causation)} is not ${idShape('event', table.eventPrefix)}; set it to the event_id of the event that directly caused this one` });
      errors++;
    } else if (causation !== undefined && causation === ev.event_id) {
      out.push({ kind: 'causation-id-invalid', severity: 'error', pointer: '/causation_id', message: `causation_id is this event's own event_id; an event cannot cause itself: set it to the parent event's event_id, or leave it out at the root of a chain` });
      errors++;
    } else if (causationError !== undefined) {
      out.push({ kind: 'causation-id-invalid', severity: 'error', pointer: '/causation_id', message: `causation_id ${show(causation)} is rejected by the envelope schema: ${describe(causationError)}` });
      errors++;
    }
    return errors;
  }

  class EventValidationError extends Error {
    readonly errors: EventFailure[];
    constructor(errors: EventFailure[]) {
      const first = errors.filter((e) => e.severity === 'error');
      super(`invalid event: ${first.map((e) => `${e.pointer || '(root)'}: ${e.message} [${e.kind}]`).join('; ')}`);
      this.name = 'EventValidationError';
      this.errors = errors;
    }
  }

  function validateEvent(event: unknown): ValidationResult {
    const out: EventFailure[] = [];
    const errors = check(event, out);
    if (errors > 0) return { ok: false, errors: out };
    return { ok: true, event: event as Record<string, unknown>, warnings: out.length ? out : NONE };
  }

  // UUID v7 (RFC 9562 §5.7) with the optional monotonic counter of §6.2 method 1: rand_a counts
  // up within one millisecond, so IDs minted in a burst still sort in creation order.
  let lastMs = -1;
  let counter = 0;
  const bytes = new Uint8Array(16);
  const HEX: string[] = [];
  for (let i = 0; i < 256; i++) HEX.push((i < 16 ? '0' : '') + i.toString(16));
  function uuidv7(): string {
    crypto.getRandomValues(bytes);
    let ms = Date.now();
    if (ms > lastMs) {
      lastMs = ms;
      counter = ((bytes[6] & 0x0f) << 8) | bytes[7];
      counter &= 0x7ff; // start in the lower half, leaving room to count up
    } else {
      ms = lastMs;
      counter++;
      if (counter > 0xfff) {
        lastMs = ms = lastMs + 1;
        counter = 0;
      }
    }
    let t = ms;
    for (let i = 5; i >= 0; i--) {
      bytes[i] = t % 256;
      t = Math.floor(t / 256);
    }
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let s = '';
    for (let i = 0; i < 16; i++) {
      s += HEX[bytes[i]];
      if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
    }
    return s;
  }

  function createEvent(eventType: string, payload: Record<string, unknown>, options: CreateEventOptions = {}): Record<string, unknown> {
    const info = types.get(eventType);
    const eventId = table.eventPrefix + uuidv7();
    const versions = info?.versions ?? [];
    const occurredAt = options.occurredAt instanceof Date ? options.occurredAt.toISOString() : options.occurredAt ?? new Date().toISOString();
    let subject = options.subject;
    if (subject === undefined && info?.subject !== undefined && payload !== null && typeof payload === 'object') {
      const fromPayload = Object.hasOwn(payload, info.subject + '_id') ? payload[info.subject + '_id'] : undefined;
      if (typeof fromPayload === 'string') subject = fromPayload;
    }
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
    const out: EventFailure[] = [];
    if (check(event, out) > 0) throw new EventValidationError(out);
    return event;
  }

  return {
    check,
    validateEvent,
    createEvent,
    isRegistered: (eventType: string) => types.has(eventType),
    EventValidationError,
  };
}
