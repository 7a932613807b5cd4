/**
 * The event checks: everything the contracts say about one event instance, in ONE implementation
 * shared by `validate`, the examples/* rules and the generated dist/validators.js, which bundles
 * these modules (src/events/standalone.ts is its entry), so both sides run the same code.
 *
 * The inputs are plain data: the registry facts as an `EventTable` (src/events/table.ts) and a
 * lookup of ajv validate functions, compiled in-process by src/schema/compile.ts for the CLI and
 * by ajv's standalone mode for the generated module. The checks themselves are in check.ts.
 */

import { checkEvent, emptyVerdict, type CheckContext } from './check.js';
import { buildEvent, EventValidationError } from './create-event.js';
import { idPatterns, uuidv7Generator } from './ids.js';
import { indexTypes } from './type-index.js';
import type { CreateEventOptions, EventChecker, EventFailure, EventTable, EventValidators, ValidationResult } from './types.js';

export * from './types.js';

const NONE: EventFailure[] = Object.freeze([]) as unknown as EventFailure[];

export function createEventChecker(table: EventTable, validators: EventValidators): EventChecker {
  const ctx = checkContext(table, validators);
  const check = (event: unknown, out: EventFailure[]): number => checkEvent(ctx, event, out);
  const uuidv7 = uuidv7Generator();
  return {
    check,
    validateEvent(event: unknown): ValidationResult {
      const out: EventFailure[] = [];
      const errors = check(event, out);
      if (errors > 0) return { ok: false, errors: out };
      return { ok: true, event: event as Record<string, unknown>, warnings: out.length ? out : NONE };
    },
    createEvent(eventType: string, payload: Record<string, unknown>, options: CreateEventOptions = {}): Record<string, unknown> {
      const event = buildEvent(table, ctx.types.get(eventType), table.eventPrefix + uuidv7(), eventType, payload, options);
      const out: EventFailure[] = [];
      if (check(event, out) > 0) throw new EventValidationError(out);
      return event;
    },
    isRegistered: (eventType: string) => ctx.types.has(eventType),
    EventValidationError,
  };
}

function checkContext(table: EventTable, validators: EventValidators): CheckContext {
  const idPattern = idPatterns();
  return {
    table,
    validators,
    types: indexTypes(table, idPattern),
    eventIdRe: idPattern(table.eventPrefix),
    personRe: idPattern(table.personPrefix),
    producerList: table.producers.join(', '),
    systemActors: new Set(table.producers.map((p) => 'system:' + p)),
    trustCorrelation: validators.envelope !== undefined && table.envelopeChecks?.correlationId === true,
    trustActor: validators.envelope !== undefined && table.envelopeChecks?.actor === true,
    verdict: emptyVerdict(),
  };
}
