/**
 * validate's checker compiles payload and envelope schemas without ajv's own-property calls
 * (src/schema/compile.ts, parsedJsonCompiler): its failures must be exactly those of a checker
 * with the validators every other command uses, and a schema naming a property that parsed
 * objects inherit must keep the own-property test.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEventChecker, type EventChecker, type EventFailure } from '../../src/events/checker.js';
import { envelopeSchemaOf, eventCheckerOf, payloadSchemaOf } from '../../src/events/for-model.js';
import { eventTableOf } from '../../src/events/table.js';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource, MemorySource } from '../../src/load/source.js';
import type { ContractSet } from '../../src/model/types.js';
import { parsedJsonCompiler, schemaCompiler } from '../../src/schema/compile.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'validate');
const CONTRACTS = join(FIXTURES, 'contracts');

/** The reference: schemaCompiler's validators, as validate used before. */
function fullChecker(model: ContractSet): EventChecker {
  const compiler = schemaCompiler(model);
  const envelope = envelopeSchemaOf(model);
  const compiledEnvelope = 'path' in envelope ? compiler.compile(envelope.path) : undefined;
  return createEventChecker(eventTableOf(model), {
    envelope: compiledEnvelope?.ok ? compiledEnvelope.validate : undefined,
    payload(type, version) {
      const schema = payloadSchemaOf(model, type, version);
      if ('reason' in schema) return schema.reason;
      const compiled = compiler.compile(schema.path);
      return compiled.ok ? compiled.validate : `its payload schema ${schema.path} does not compile (${compiled.error})`;
    },
  });
}

const failuresOf = (checker: EventChecker, event: unknown): [number, EventFailure[]] => {
  const out: EventFailure[] = [];
  return [checker.check(event, out), out];
};

describe('validators for parsed JSON give the same failures', () => {
  const model = loadContractSet(new FolderSource(CONTRACTS));
  const parsed = eventCheckerOf(model);
  const full = fullChecker(loadContractSet(new FolderSource(CONTRACTS)));

  it('on every fixture event, valid and invalid', () => {
    const events = ['valid.ndjson', 'invalid.ndjson'].flatMap((f) => readFileSync(join(FIXTURES, f), 'utf8').split('\n').filter((l) => l.trim()).flatMap((l) => {
      try {
        return [JSON.parse(l) as unknown];
      } catch {
        return [];
      }
    }));
    assert.ok(events.length > 15);
    // Each also with an empty payload and with extra fields, some named like inherited ones.
    const variants = events.flatMap((e) => (e !== null && typeof e === 'object' ? [e, { ...e, payload: {} }, { ...e, constructor: 1, payload: { ...(e as { payload?: object }).payload, toString: 'x', extra: [1] } }] : [e]));
    for (const event of variants) assert.deepEqual(failuresOf(parsed, event), failuresOf(full, event));
  });

  it('every error of an event, as before', () => {
    const event = JSON.parse(readFileSync(join(FIXTURES, 'invalid.ndjson'), 'utf8').split('\n')[7]!) as Record<string, unknown>;
    const broken = { ...event, envelope_version: 2, payload: { lesson_id: 'les_x', starts_at: 'soon', extra: true } };
    const [errors, failures] = failuresOf(parsed, broken);
    assert.deepEqual(failures.map((f) => f.pointer), ['/envelope_version', '/payload/duration_minutes', '/payload/extra', '/payload/lesson_id', '/payload/starts_at']);
    assert.equal(errors, 5);
    assert.deepEqual(failuresOf(full, broken), [errors, failures]);
  });
});

describe('names every object inherits', () => {
  // `required: ["constructor"]` holds for any parsed object when presence is tested without an
  // own-property call: such a schema must keep schemaCompiler's validator.
  const files = new Map<string, Uint8Array>();
  for (const path of new FolderSource(CONTRACTS).list()) files.set(path, readFileSync(join(CONTRACTS, path)));
  const path = 'lesson-lifecycle/schema/payloads/lesson.scheduled-v2.json';
  const schema = JSON.parse(new TextDecoder().decode(files.get(path))) as { required: string[]; properties: object };
  schema.required.push('constructor');
  Object.defineProperty(schema.properties, 'constructor', { value: { type: 'string' }, enumerable: true });
  files.set(path, new TextEncoder().encode(JSON.stringify(schema, null, 2)));
  const model = loadContractSet(new MemorySource('mem', files));

  it('keep a schema that names one off parsedJsonCompiler', () => {
    const compiled = parsedJsonCompiler(model).compile(path);
    assert.equal(compiled.ok, false);
    assert.equal(parsedJsonCompiler(model).compile('lesson-lifecycle/schema/payloads/lesson.scheduled-v1.json').ok, true);
  });

  it('so an event lacking the property is still reported', () => {
    const event = { event_id: 'evt_01937b2e-4c1a-7d3e-9f10-000000000018', event_type: 'lesson.scheduled', schema_version: 2, occurred_at: '2026-05-04T16:00:00Z', producer: 'operations', envelope_version: 1, subject: 'les_01937b2e-4c1a-7d3e-9f10-000000000102', actor: 'per_01937b2e-4c1a-7d3e-9f10-000000000201', payload: { lesson_id: 'les_01937b2e-4c1a-7d3e-9f10-000000000102', starts_at: '2026-05-05T15:00:00Z', duration_minutes: 30 } };
    const [errors, failures] = failuresOf(eventCheckerOf(model), event);
    assert.equal(errors, 1);
    assert.deepEqual(failures.map((f) => [f.kind, f.pointer]), [['payload', '/payload/constructor']]);
  });
});
