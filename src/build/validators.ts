/**
 * The `dist/validators.js` generator: standalone validation code for every event, with no
 * runtime dependencies and no schema compilation at import time.
 *
 * - Schemas: ajv's standalone mode (`code: { source: true, esm: true }`) over the same prepared
 *   schemas src/schema/compile.ts registers (every `$ref` rewritten to the canonical URI that
 *   src/schema/refs.ts resolved), one block per JSON Schema dialect.
 * - ajv's runtime helpers that standalone code `require`s (ajv-formats' formats, ucs2length,
 *   fast-deep-equal) are vendored: their CommonJS source is copied in behind a tiny module map.
 * - The checks: the source text of `createEventChecker` (src/events/checker.ts, written to be
 *   self-contained for exactly this) over the registry table (src/events/table.ts), so
 *   `validate` and the generated module run the same code and give the same verdicts.
 */
import standaloneModule from 'ajv/dist/standalone/index.js';
import type { AnySchema } from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createEventChecker, FAILURE_KINDS } from '../events/checker.js';
import { envelopeSchemaOf, eventValidatorsOf, payloadSchemaOf } from '../events/for-model.js';
import { eventTableOf } from '../events/table.js';
import type { ContractSet } from '../model/types.js';
import { aliasProtoData, aliasProtoProperties, canonicalUri, createAjv, define, dialectOf, prepareForAjv, PROTO_ALIAS, RECURSION_MESSAGE, unaliasError, type Dialect } from '../schema/compile.js';
import { isSchemaObject } from '../schema/walk.js';
import { GENERATED_NOTICE, type GeneratedFile, type GenerateOptions, type Generator } from './generator-types.js';

// ajv's standalone entry is CommonJS; its default export arrives wrapped under ESM.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ?? standaloneModule) as (ajv: unknown, refs: Record<string, string>) => string;

export const VALIDATORS_RULE = 'build/validators';

export const validatorsGenerator: Generator = {
  name: 'validators',
  generate(model, options) {
    return generateValidators(model, options);
  },
};

interface PayloadEntry {
  type: string;
  version: number;
  /** The export name of its validator in the standalone block, or why there is none. */
  validator: { dialect: Dialect; name: string } | { reason: string };
}

export function generateValidators(model: ContractSet, options: Pick<GenerateOptions, 'files' | 'report'>): GeneratedFile[] {
  const table = eventTableOf(model);
  const inProcess = eventValidatorsOf(model);
  const envelope = envelopeSchemaOf(model);
  if (inProcess.envelopeProblem || !('path' in envelope)) {
    options.report({
      rule: VALIDATORS_RULE,
      file: envelope && 'path' in envelope ? envelope.path : 'event-envelope',
      message: `dist/validators.js cannot be generated: ${inProcess.envelopeProblem ?? 'no envelope schema'}; fix the envelope schema (see \`sguild-contracts check\`)`,
    });
    return [];
  }

  // Which validator each (type, version) gets, decided exactly as `validate` decides it.
  const refs = new Map<Dialect, Map<string, string>>(); // dialect → canonical URI → export name
  const exportName = (path: string): { dialect: Dialect; name: string } => {
    const dialect = dialectOf(model.schemas.get(path)!.doc.value);
    let names = refs.get(dialect);
    if (!names) refs.set(dialect, (names = new Map()));
    const uri = canonicalUri(path);
    let name = names.get(uri);
    if (!name) names.set(uri, (name = path === envelope.path ? 'envelope' : `payload${names.size}`));
    return { dialect, name };
  };
  const envelopeExport = exportName(envelope.path);
  const payloads: PayloadEntry[] = [];
  for (const row of table.types) {
    for (const version of row.versions) {
      const verdict = inProcess.payload(row.name, version);
      const schema = payloadSchemaOf(model, row.name, version);
      let validator: PayloadEntry['validator'];
      if (typeof verdict === 'string') validator = { reason: verdict };
      else if ('path' in schema) validator = exportName(schema.path);
      else validator = { reason: schema.reason };
      payloads.push({ type: row.name, version, validator });
    }
  }

  const blocks: string[] = [];
  const specs = new Set<string>();
  // A schema declaring a property named `__proto__`: ajv never applies it, so (as in
  // src/schema/compile.ts) the schemas get it renamed and so does the data, at every call.
  let aliased = false;
  const dialects = [...refs.keys()].sort();
  for (const [index, dialect] of dialects.entries()) {
    const names = refs.get(dialect)!;
    const ajv = createAjv(dialect, { source: true });
    (ajv.opts.code as { esm?: boolean }).esm = true;
    for (const schema of model.schemas.values()) {
      if (!schema.doc.ok || !isSchemaObject(schema.doc.value) || dialectOf(schema.doc.value) !== dialect) continue;
      try {
        const prepared = prepareForAjv(model, schema.path, schema.doc.value);
        if (aliasProtoProperties(prepared)) aliased = true;
        ajv.addSchema(prepared as AnySchema, canonicalUri(schema.path));
      } catch {
        // Reported by the schema rules; `validate` cannot use it either.
      }
    }
    const exports: Record<string, string> = {};
    for (const [uri, name] of names) exports[name] = uri;
    let code: string;
    try {
      code = standaloneCode(ajv, exports);
    } catch (error) {
      options.report({ rule: VALIDATORS_RULE, file: envelope.path, message: `dist/validators.js cannot be generated: ajv's standalone code generation failed (${error instanceof Error ? error.message : String(error)})` });
      return [];
    }
    for (const match of code.matchAll(/require\("([^"]+)"\)/g)) specs.add(match[1]);
    const body = code.replace(/^"use strict";/, '').replace(/export const ([A-Za-z0-9_$]+) = /g, 'const $1 = ');
    blocks.push(`// JSON Schema ${dialect} validators (ajv standalone code).\nconst dialect${index} = ((require) => {\n${body}\nreturn { ${[...names.values()].join(', ')} };\n})(vendoredRequire);`);
  }
  const dialectVar = (dialect: Dialect) => `dialect${dialects.indexOf(dialect)}`;

  const vendored = vendor([...specs].sort());
  const checkerSource = createEventChecker.toString();
  // The same renaming code as `validate`'s, copied in only when a schema needs it.
  const aliasSource = aliased
    ? [`const PROTO_ALIAS = ${JSON.stringify(PROTO_ALIAS)};`, `const define = ${define.toString()};`, `const aliasProtoData = ${aliasProtoData.toString()};`, `const unaliasError = ${unaliasError.toString()};`, '']
    : [];
  const payloadRows = payloads.map((p) => `  [${JSON.stringify(p.type)}, ${p.version}, ${'reason' in p.validator ? JSON.stringify(p.validator.reason) : `${dialectVar(p.validator.dialect)}.${p.validator.name}`}],`);

  const js = [
    `// ${GENERATED_NOTICE}`,
    '// Standalone event validation: no imports, no schema compilation at load time.',
    '',
    vendored.code,
    '',
    ...blocks,
    '',
    '// The registry facts the checks need (src/events/table.ts).',
    `const TABLE = ${JSON.stringify(table, null, 2)};`,
    '',
    '// [event type, schema version, payload validator or why there is none]',
    'const PAYLOADS = [',
    ...payloadRows,
    '];',
    '',
    // Under a TypeScript loader the function text may carry its helper for function names.
    ...([checkerSource, ...aliasSource].some((text) => text.includes('__name(')) ? ['const __name = (target, value) => Object.defineProperty(target, "name", { value, configurable: true });', ''] : []),
    '// The event checks, shared with `sguild-contracts validate` (src/events/checker.ts).',
    `const createEventChecker = ${checkerSource};`,
    '',
    '// Running out of stack (a $ref loop, or data nested deeper than a recursive schema can follow)',
    '// is a failed validation, exactly as `validate` reports it (src/schema/compile.ts).',
    ...(aliased
      ? [
          '// A schema declares a property named "__proto__", which ajv never applies: the schemas were',
          '// compiled with it renamed, so the data is renamed too and the errors renamed back.',
          ...aliasSource,
        ]
      : []),
    'function bounded(validate) {',
    '  const wrapped = (data) => {',
    '    try {',
    ...(aliased
      ? ['      const ok = validate(aliasProtoData(data));', '      wrapped.errors = validate.errors ? validate.errors.map(unaliasError) : validate.errors;']
      : ['      const ok = validate(data);', '      wrapped.errors = validate.errors;']),
    '      return ok;',
    '    } catch (error) {',
    '      if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) throw error;',
    `      wrapped.errors = [{ instancePath: "", schemaPath: "#", keyword: "recursion", params: {}, message: ${JSON.stringify(RECURSION_MESSAGE)} }];`,
    '      return false;',
    '    }',
    '  };',
    '  return wrapped;',
    '}',
    '',
    'const payloadIndex = new Map();',
    'for (const [type, version, validate] of PAYLOADS) payloadIndex.set(type + "\\u0000" + version, typeof validate === "function" ? bounded(validate) : validate);',
    'const checker = createEventChecker(TABLE, {',
    `  envelope: bounded(${dialectVar(envelopeExport.dialect)}.${envelopeExport.name}),`,
    '  payload: (type, version) => payloadIndex.get(type + "\\u0000" + version) ?? `${type} v${version} names no payload schema in the registry`,',
    '});',
    '',
    '/** Checks one event against everything the contracts say about it. */',
    'export function validateEvent(event) {',
    '  return checker.validateEvent(event);',
    '}',
    '',
    '/** Builds a complete, valid event around a payload (throws EventValidationError when it is not). */',
    'export function createEvent(eventType, payload, options) {',
    '  return checker.createEvent(eventType, payload, options);',
    '}',
    '',
    '/** Thrown by createEvent; `errors` lists every failure. */',
    'export const EventValidationError = checker.EventValidationError;',
    '',
  ].join('\n');

  return [
    { path: 'validators.js', content: js },
    { path: 'validators.d.ts', content: declarations(table.types.map((t) => t.name), options.files) },
  ];
}

/**
 * The CommonJS modules standalone code requires, and what they require in turn, copied in as
 * factories behind `vendoredRequire`. Keys are package-relative paths (never absolute), so the
 * output does not depend on where the tool is installed.
 */
function vendor(topSpecs: string[]): { code: string } {
  const rootRequire = createRequire(import.meta.url);
  const modules = new Map<string, { deps: Record<string, string>; source: string }>();
  const keyOf = (file: string) => {
    const posix = file.split('\\').join('/');
    const at = posix.lastIndexOf('/node_modules/');
    return at >= 0 ? posix.slice(at + '/node_modules/'.length) : posix.split('/').slice(-3).join('/');
  };
  const visit = (file: string): string => {
    const key = keyOf(file);
    if (modules.has(key)) return key;
    const source = readFileSync(file, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/gm, '').trimEnd();
    const entry = { deps: {} as Record<string, string>, source };
    modules.set(key, entry);
    const localRequire = createRequire(file);
    const specs = [...new Set([...source.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort();
    for (const spec of specs) entry.deps[spec] = visit(localRequire.resolve(spec));
    return key;
  };
  const top: Record<string, string> = {};
  for (const spec of topSpecs) top[spec] = visit(rootRequire.resolve(spec));

  const lines = [
    '// ajv runtime helpers, vendored (ajv, ajv-formats and fast-deep-equal are MIT licensed).',
    'const vendoredModules = new Map([',
  ];
  for (const key of [...modules.keys()].sort()) {
    const { deps, source } = modules.get(key)!;
    lines.push(`  [${JSON.stringify(key)}, [${JSON.stringify(deps)}, function (module, exports, require) {`, source, '  }]],');
  }
  lines.push(
    ']);',
    `const vendoredTop = ${JSON.stringify(top)};`,
    'const vendoredCache = new Map();',
    'function loadVendored(key) {',
    '  let module = vendoredCache.get(key);',
    '  if (module === undefined) {',
    '    const [deps, factory] = vendoredModules.get(key);',
    '    module = { exports: {} };',
    '    vendoredCache.set(key, module);',
    '    factory.call(module.exports, module, module.exports, (spec) => loadVendored(deps[spec]));',
    '  }',
    '  return module.exports;',
    '}',
    'function vendoredRequire(spec) {',
    '  return loadVendored(vendoredTop[spec]);',
    '}',
  );
  return { code: lines.join('\n') };
}

/**
 * validators.d.ts. When the build's events.d.ts is there (it declares EventType, PayloadOf,
 * EventEnvelope…), createEvent's payload and result follow from the event type and version;
 * otherwise payloads are plain objects. Names exported here must not clash with events.d.ts:
 * index.d.ts re-exports both.
 */
function declarations(eventTypes: string[], files: readonly GeneratedFile[]): string {
  const events = files.find((f) => f.path === 'events.d.ts')?.content ?? '';
  const typed = ['EventType', 'PayloadOf', 'VersionOf', 'CurrentVersion', 'EventEnvelope', 'AnyEventEnvelope', 'EnvelopeFields'].every((name) => new RegExp(`\\bexport (?:interface|type) ${name}\\b`).test(events));
  const kinds = Object.keys(FAILURE_KINDS).map((k) => JSON.stringify(k)).join(' | ');
  const names = eventTypes.length ? eventTypes.map((t) => JSON.stringify(t)).join(' | ') : 'never';
  const lines = [`// ${GENERATED_NOTICE}`];
  if (typed) {
    lines.push(
      "import type { AnyEventEnvelope, CurrentVersion, EnvelopeFields, EventEnvelope, EventType, PayloadOf, VersionOf } from './events.js';",
      '',
      '/** Every registered event type (EventType of events.d.ts). */',
      'export type ValidatedEventType = EventType;',
      '',
      '/** A valid event: discriminated by event_type and schema_version (AnyEventEnvelope of events.d.ts). */',
      'export type ValidatedEvent = AnyEventEnvelope;',
    );
  } else {
    lines.push(
      '',
      '/** Every registered event type. */',
      `export type ValidatedEventType = ${names};`,
      '',
      '/** A valid event (payload types were not generated alongside, so payloads are plain objects). */',
      'export interface ValidatedEvent<T extends string = ValidatedEventType> {',
      '  event_id: string;',
      '  event_type: T;',
      '  schema_version: number;',
      '  occurred_at: string;',
      '  producer: string;',
      '  envelope_version: number;',
      '  subject?: string;',
      '  actor?: string;',
      '  correlation_id?: string;',
      '  payload: Record<string, unknown>;',
      '}',
    );
  }
  lines.push(
    '',
    `export type FailureKind = ${kinds};`,
    '',
    'export interface EventFailure {',
    '  kind: FailureKind;',
    "  severity: 'error' | 'warning';",
    "  /** JSON pointer into the event ('' is the event itself). */",
    '  pointer: string;',
    '  message: string;',
    '}',
    '',
    '/** `ok` unless a failure is an error; warnings (deprecated or proposed event types) alone keep it ok. */',
    'export type ValidationResult =',
    '  | { ok: true; event: ValidatedEvent; warnings: EventFailure[] }',
    '  | { ok: false; errors: EventFailure[] };',
    '',
    '/** Checks one event against everything the contracts say about it. */',
    'export declare function validateEvent(event: unknown): ValidationResult;',
    '',
  );
  if (typed) {
    lines.push(
      'export interface CreateEventOptions<T extends EventType = EventType, V extends VersionOf<T> = VersionOf<T>> {',
      '  /** Payload schema version; the current (highest) one when absent. */',
      '  schemaVersion?: V;',
      '  /** A person ID; `system:<producer>` when absent. */',
      "  actor?: EnvelopeFields[T]['actor'];",
      "  /** The subject ID; taken from the payload's `<subject kind>_id` when absent. */",
      "  subject?: EnvelopeFields[T]['subject'];",
      "  /** The upstream event: its correlation_id (else its event_id) becomes this event's correlation_id. */",
      '  causedBy?: { event_id: string; correlation_id?: string };',
      '  /** When it happened; now when absent. */',
      '  occurredAt?: string | Date;',
      '}',
      '',
      '/** Builds a complete event (ID, timestamp, version, producer, actor, subject, correlation) and validates it. */',
      'export declare function createEvent<T extends EventType, V extends VersionOf<T> = CurrentVersion<T>>(eventType: T, payload: PayloadOf<T, V>, options?: CreateEventOptions<T, V>): EventEnvelope<T, V>;',
    );
  } else {
    lines.push(
      'export interface CreateEventOptions {',
      '  /** Payload schema version; the current (highest) one when absent. */',
      '  schemaVersion?: number;',
      '  /** A person ID; `system:<producer>` when absent. */',
      '  actor?: string;',
      "  /** The subject ID; taken from the payload's `<subject kind>_id` when absent. */",
      '  subject?: string;',
      "  /** The upstream event: its correlation_id (else its event_id) becomes this event's correlation_id. */",
      '  causedBy?: { event_id: string; correlation_id?: string };',
      '  /** When it happened; now when absent. */',
      '  occurredAt?: string | Date;',
      '}',
      '',
      '/** Builds a complete event (ID, timestamp, version, producer, actor, subject, correlation) and validates it. */',
      'export declare function createEvent<T extends ValidatedEventType>(eventType: T, payload: Record<string, unknown>, options?: CreateEventOptions): ValidatedEvent<T>;',
    );
  }
  lines.push(
    '',
    '/** Thrown by createEvent when the event it built is not valid. */',
    'export declare class EventValidationError extends Error {',
    '  readonly errors: EventFailure[];',
    '  constructor(errors: EventFailure[]);',
    '}',
    '',
  );
  return lines.join('\n');
}
