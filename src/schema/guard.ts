/**
 * The guard around every validate function, in-process (src/schema/compile.ts) and in the
 * generated validators (which bundle this module), so both fail the same way.
 */
import type { ValidateFunction } from 'ajv';
import { aliasProtoData, unaliasError } from './proto-alias.js';

export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

export const RECURSION_MESSAGE =
  'cannot be checked: validation recursed without end (a $ref loop that never descends into the value, or a value nested deeper than the schema can follow)';

/**
 * The validator, except that
 * - running out of stack (a `$ref` loop the schema rules report as schema/ref-cycle, or data
 *   nested thousands of levels deep under a recursive schema), or any exception from the code
 *   of an invalid schema, is a failed validation with a clear message instead of an exception
 *   escaping into every caller;
 * - when a schema declares a `__proto__` property (`aliased`), the data's own `__proto__` keys
 *   are renamed the same way before validation and the errors are renamed back (src/schema/proto-alias.ts).
 */
export function guardedValidator(validate: ValidateFunction, aliased: boolean): ValidateFunction {
  // A plain closure rather than a Proxy: V8 inlines through it, and `validate` runs per event.
  const guarded = ((data: unknown) => {
    try {
      if (!aliased) {
        const valid = validate(data);
        guarded.errors = validate.errors;
        return valid;
      }
      const valid = validate(aliasProtoData(data));
      guarded.errors = validate.errors ? validate.errors.map(unaliasError) : validate.errors;
      return valid;
    } catch (error) {
      // Schemas are compiled without meta-validation (schema/invalid reports them), so code for
      // an invalid one can throw (e.g. `"required": [{…}]`): a failure, never an escaping exception.
      const message = isStackOverflow(error) ? RECURSION_MESSAGE : `cannot be checked: the schema is invalid and validating against it failed (${error instanceof Error ? error.message : String(error)}); see sguild-contracts check`;
      guarded.errors = [{ instancePath: '', schemaPath: '#', keyword: isStackOverflow(error) ? 'recursion' : 'exception', params: {}, message }];
      return false;
    }
  }) as ValidateFunction;
  guarded.schema = validate.schema;
  guarded.schemaEnv = validate.schemaEnv;
  return guarded;
}
