/**
 * The event checker of a loaded contract set: the shared checks (checker.ts) over the set's
 * registry table and validators compiled by src/schema/compile.ts, so `validate`, the examples
 * rules and the generated module resolve every `$ref` the same way. One checker per model.
 */
import type { ContractSet } from '../model/types.js';
import { parsedJsonCompiler, schemaCompiler } from '../schema/compile.js';
import { schemaScreen } from '../schema/screen.js';
import { createEventChecker, type EventChecker, type EventTable, type EventValidators, type ValidateFunction } from './checker.js';
import { eventTableOf } from './table.js';

/** Where the payload schema of (type, version) is, or why there is none (wording shared with the generated module). */
export function payloadSchemaOf(model: ContractSet, eventType: string, version: number): { path: string } | { reason: string } {
  const entry = model.registry?.eventTypes.get(eventType)?.versions.get(String(version));
  const path = entry?.schema;
  if (path === undefined) return { reason: `${eventType} v${version} names no payload schema in the registry` };
  const schema = model.schemas.get(path);
  if (!schema || schema.role !== 'payload') return { reason: `its payload schema ${path} is not in the contract set` };
  if (!schema.doc.ok) return { reason: `its payload schema ${path} is not valid JSON` };
  return { path };
}

/** The envelope schema's path, or why it cannot be used. */
export function envelopeSchemaOf(model: ContractSet): { path: string } | { reason: string } {
  const envelope = model.envelope;
  if (!envelope) return { reason: 'the contract set has no event-envelope/schema/envelope-v<N>.json' };
  if (!envelope.doc.ok) return { reason: `${envelope.path} is not valid JSON` };
  return { path: envelope.path };
}

/**
 * `screened`: for values checked once (examples in `check`), ask the interpreting screen first
 * and compile with ajv only for a value it rejects (src/schema/screen.ts explains why).
 * Otherwise (values parsed from JSON and checked by the thousand: validate's streams) each
 * schema is compiled by parsedJsonCompiler when it can take it: same verdicts and errors, less
 * work per value.
 */
export function eventValidatorsOf(model: ContractSet, options: { screened?: boolean } = {}): EventValidators & { envelopeProblem?: string } {
  const compiler = schemaCompiler(model);
  const compileForStream = (path: string) => {
    const compiled = parsedJsonCompiler(model).compile(path);
    return compiled.ok ? compiled : compiler.compile(path);
  };
  const envelopeSchema = envelopeSchemaOf(model);
  let envelope: ValidateFunction | undefined;
  let envelopeProblem: string | undefined;
  if ('path' in envelopeSchema) {
    const compiled = options.screened ? compiler.compile(envelopeSchema.path) : compileForStream(envelopeSchema.path);
    if (compiled.ok) envelope = compiled.validate as unknown as ValidateFunction;
    else envelopeProblem = `${envelopeSchema.path} does not compile (${compiled.error})`;
  } else envelopeProblem = envelopeSchema.reason;
  return {
    envelope,
    envelopeProblem,
    payload(eventType, version) {
      const schema = payloadSchemaOf(model, eventType, version);
      if ('reason' in schema) return schema.reason;
      if (options.screened) return screenedValidator(model, schema.path);
      const compiled = compileForStream(schema.path);
      return compiled.ok ? compiled.validate : `its payload schema ${schema.path} does not compile (${compiled.error})`;
    },
  };
}

/** Valid per the screen, else ajv's verdict and errors (compiled only then). */
function screenedValidator(model: ContractSet, path: string): ValidateFunction | string {
  const screen = schemaScreen(model);
  const compiler = schemaCompiler(model);
  if (screen.verdict(path, {}) === undefined) {
    const compiled = compiler.compile(path);
    return compiled.ok ? (compiled.validate) : `its payload schema ${path} does not compile (${compiled.error})`;
  }
  const validate: ValidateFunction = (data: unknown) => {
    if (screen.verdict(path, data) === true) {
      validate.errors = null;
      return true;
    }
    const compiled = compiler.compile(path);
    if (!compiled.ok) {
      validate.errors = [{ instancePath: '', keyword: 'compile', params: {}, message: `its payload schema ${path} does not compile (${compiled.error})` }];
      return false;
    }
    const ok = compiled.validate(data);
    validate.errors = (compiled.validate.errors ?? null) as ValidateFunction['errors'];
    return ok;
  };
  return validate;
}

export type ModelEventChecker = EventChecker & { table: EventTable; envelopeProblem?: string };
const checkers = new WeakMap<ContractSet, ModelEventChecker>();
const exampleCheckers = new WeakMap<ContractSet, ModelEventChecker>();

/** The checker for values checked once (the examples rule): same checks, screened payload validation. */
export function exampleCheckerOf(model: ContractSet): ModelEventChecker {
  let checker = exampleCheckers.get(model);
  if (!checker) {
    const validators = eventValidatorsOf(model, { screened: true });
    const table = eventTableOf(model);
    checker = Object.assign(createEventChecker(table, validators), { table, envelopeProblem: validators.envelopeProblem });
    exampleCheckers.set(model, checker);
  }
  return checker;
}

/**
 * The model's event checker, created once and shared (compiled validators are cached too), for
 * events parsed from JSON (plain objects and arrays: see parsedJsonCompiler).
 */
export function eventCheckerOf(model: ContractSet): ModelEventChecker {
  let checker = checkers.get(model);
  if (!checker) {
    const validators = eventValidatorsOf(model);
    const table = eventTableOf(model);
    checker = Object.assign(createEventChecker(table, validators), { table, envelopeProblem: validators.envelopeProblem });
    checkers.set(model, checker);
  }
  return checker;
}
