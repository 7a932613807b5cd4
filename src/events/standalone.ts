/**
 * The runtime of the generated dist/validators.js: src/build/runtime-bundle.ts bundles this
 * module and everything it imports (the event checks, ajv error wording, the validator guard,
 * the `__proto__` renaming, the safe regex engine) into one script, which the generated module
 * embeds, so `validate` and the generated validators run the same code.
 */
import type { ValidateFunction as AjvValidateFunction } from 'ajv';
import { guardedValidator } from '../schema/guard.js';
import { createEventChecker } from './checker.js';
import type { EventChecker, EventTable, ValidateFunction } from './types.js';

export { safeRegExp } from '../core/safe-regexp.js';

/** [event type, schema version, its payload validator or why there is none]. */
export type PayloadRow = [eventType: string, version: number, validate: ValidateFunction | string];

/**
 * The checker over standalone validators: each is guarded (a stack overflow or an exception is a
 * failed validation); `aliased` when the schemas were compiled with `__proto__` properties renamed.
 */
export function standaloneChecker(table: EventTable, envelope: ValidateFunction, payloads: readonly PayloadRow[], aliased: boolean): EventChecker {
  const guard = (validate: ValidateFunction) => guardedValidator(validate as unknown as AjvValidateFunction, aliased) as unknown as ValidateFunction;
  const index = new Map<string, ValidateFunction | string>();
  for (const [type, version, validate] of payloads) index.set(type + '\u0000' + version, typeof validate === 'function' ? guard(validate) : validate);
  return createEventChecker(table, {
    envelope: guard(envelope),
    payload: (type, version) => index.get(type + '\u0000' + version) ?? `${type} v${version} names no payload schema in the registry`,
  });
}
