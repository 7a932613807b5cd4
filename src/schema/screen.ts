/**
 * A fast yes/no answer for values that are validated once, such as the bundled example events
 * that `check` validates.
 *
 * Compiling a schema with ajv costs milliseconds (code generation), which is a good trade for
 * `validate` and the generated validators that run it millions of times, and a bad one for
 * `check`, which runs each payload schema on one example. So `check` first asks an interpreting
 * validator (@cfworker/json-schema, no code generation) and compiles with ajv only when the
 * interpreter says "invalid", to report ajv's own errors: every failure a user sees still comes
 * from the same engine as `validate` and dist/validators.js.
 *
 * The two engines must agree on "valid". They do by construction where it matters and by
 * refusal elsewhere: the interpreter sees the same `$ref`-rewritten schemas as ajv
 * (prepareForAjv), its formats are replaced by ajv-formats' own functions, and a schema is
 * screened only when it and everything it references use keywords on which the two engines
 * are known to agree (2020-12 only; patterns the safe-regexp engine runs natively; integer
 * `multipleOf`). Anything else goes straight to ajv. test/schema/screen.test.ts checks the
 * agreement on the bundled set, the fixtures and mutated payloads.
 */
import type { Schema } from '@cfworker/json-schema';
import { lazyRequire } from '../core/lazy-require.js';

// Both load on the first screened schema (src/core/lazy-require.ts).
const interpreter = lazyRequire<typeof import('@cfworker/json-schema')>('@cfworker/json-schema');
const ajvFormats = lazyRequire<typeof import('ajv-formats/dist/formats.js')>('ajv-formats/dist/formats.js');
import { patternSafety } from '../core/safe-regexp.js';
import type { ContractSet } from '../model/types.js';
import { canonicalUri, dialectOf, prepareForAjv } from './compile.js';
import { resolveRef } from './refs.js';
import { getAtPointer } from '../json/pointer.js';
import { isSchemaObject, walkSchema } from './walk.js';

/** Keywords both engines implement identically for 2020-12 (annotations included). */
const AGREED = new Set([
  '$schema', '$id', '$ref', '$defs', '$comment', '$anchor', 'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly',
  'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames', 'minProperties', 'maxProperties', 'dependentRequired',
  'items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'minContains', 'maxContains',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'format',
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else',
]);

type Check = (value: string) => boolean;
let formatsInstalled = false;

/** Makes the interpreter's `format` mean exactly what ajv-formats' full mode means. */
function installAjvFormats(): void {
  if (formatsInstalled) return;
  formatsInstalled = true;
  const table = interpreter().format as Record<string, Check>;
  for (const name of Object.keys(table)) delete table[name];
  for (const [name, definition] of Object.entries(ajvFormats().fullFormats as Record<string, unknown>)) {
    const check = toStringCheck(definition);
    if (check) table[name] = check;
  }
}

function toStringCheck(definition: unknown): Check | undefined {
  if (definition instanceof RegExp) return (value) => definition.test(value);
  if (typeof definition === 'function') return definition as Check;
  if (definition === true) return () => true;
  if (isSchemaObject(definition)) {
    if (definition.type !== undefined && definition.type !== 'string') return undefined; // numeric formats: not screened
    return toStringCheck(definition.validate);
  }
  return undefined;
}

let numericFormats: Set<string> | undefined;
const NUMERIC_FORMATS = {
  has: (name: string) => (numericFormats ??= new Set(Object.entries(ajvFormats().fullFormats as Record<string, unknown>).filter(([, d]) => isSchemaObject(d) && d.type === 'number').map(([n]) => n))).has(name),
};

export interface SchemaScreen {
  /** true: valid; false: invalid; undefined: this schema is not screened (ask ajv). `pointer`: a subschema. */
  verdict(path: string, data: unknown, pointer?: string): boolean | undefined;
}

const screens = new WeakMap<ContractSet, SchemaScreen>();

export function schemaScreen(model: ContractSet): SchemaScreen {
  let screen = screens.get(model);
  if (!screen) {
    screen = createScreen(model);
    screens.set(model, screen);
  }
  return screen;
}

function createScreen(model: ContractSet): SchemaScreen {
  installAjvFormats();
  const lookup: Record<string, Schema> = Object.create(null);
  const prepared = new Map<string, Schema | null>();
  const eligible = new Map<string, boolean>();

  // Only files that references point into need the interpreter's pointer index (dereference
  // walks every subschema); a payload that nothing references is registered as it is.
  const indexed = new Set<string>();
  const preparedOf = (path: string): Schema | null => {
    let schema = prepared.get(path);
    if (schema === undefined) {
      schema = null;
      const file = model.schemas.get(path);
      if (file?.doc.ok && isSchemaObject(file.doc.value) && dialectOf(file.doc.value) === '2020-12') {
        try {
          schema = prepareForAjv(model, path, file.doc.value) as Schema;
          lookup[canonicalUri(path)] = schema;
        } catch {
          schema = null; // too deep to prepare: not screened
        }
      }
      prepared.set(path, schema);
    }
    return schema;
  };
  const index = (path: string): boolean => {
    if (indexed.has(path)) return true;
    const schema = preparedOf(path);
    if (!schema) return false;
    try {
      interpreter().dereference(schema, lookup);
    } catch {
      return false;
    }
    indexed.add(path);
    return true;
  };

  /** Whether a file's own keywords are agreed, and the files its `$ref`s lead to. */
  const own = new Map<string, { ok: boolean; targets: string[] }>();
  const ownOf = (path: string, pointer = '') => {
    const ownKey = `${path}#${pointer}`;
    let result = own.get(ownKey);
    if (result) return result;
    const schema = preparedOf(path);
    const file = model.schemas.get(path);
    let ok = schema !== null && file !== undefined;
    const targets = new Set<string>();
    if (ok) {
      walkSchema(getAtPointer(file!.doc.value, pointer).value, (node) => {
        if (!ok) return false;
        for (const key of Object.keys(node)) if (!AGREED.has(key)) ok = false;
        if (typeof node.pattern === 'string' && patternSafety(node.pattern) !== 'native') ok = false;
        if (isSchemaObject(node.patternProperties)) {
          for (const p of Object.keys(node.patternProperties)) if (patternSafety(p) !== 'native') ok = false;
        }
        if (node.multipleOf !== undefined && !Number.isInteger(node.multipleOf)) ok = false;
        if (typeof node.format === 'string' && NUMERIC_FORMATS.has(node.format)) ok = false;
        if (typeof node.$ref === 'string') {
          const target = resolveRef(model, path, node.$ref);
          if (target.kind !== 'local') ok = false;
          else targets.add(target.file);
        }
        return ok;
      });
    }
    // Every file a reference points into (this one included, for local refs) needs its index.
    for (const target of targets) if (ok && !index(target)) ok = false;
    targets.delete(path);
    result = { ok, targets: [...targets] };
    own.set(ownKey, result);
    return result;
  };

  /** A file is screenable when every file in its reference closure is (cycles included). */
  /** Whether the schema at (path, pointer) and every file its references reach are screenable. */
  const isEligible = (path: string, pointer = ''): boolean => {
    const eligibleKey = `${path}#${pointer}`;
    let known = eligible.get(eligibleKey);
    if (known !== undefined) return known;
    known = true;
    const first = ownOf(path, pointer);
    if (!first.ok) known = false;
    const seen = new Set([path]);
    const queue = [...first.targets];
    for (const t of queue) seen.add(t);
    while (queue.length && known) {
      const { ok, targets } = ownOf(queue.pop()!);
      if (!ok) known = false;
      for (const t of targets) {
        if (seen.has(t)) continue;
        seen.add(t);
        queue.push(t);
      }
    }
    eligible.set(eligibleKey, known);
    return known;
  };

  return {
    verdict(path, data, pointer = '') {
      if (!isEligible(path, pointer)) return undefined;
      if (pointer && !index(path)) return undefined;
      const schema = lookup[canonicalUri(path, pointer)];
      if (!schema) return undefined;
      try {
        return interpreter().validate(data, schema, '2020-12', lookup, true).valid;
      } catch {
        return undefined; // e.g. a recursion too deep for the interpreter: let ajv decide
      }
    },
  };
}
