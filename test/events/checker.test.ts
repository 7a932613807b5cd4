/**
 * The shared event checks (src/events/checker.ts) in-process: one fixture event per failure
 * kind with its exact pointer and message, the result shapes, createEvent and UUID v7.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEventChecker, type EventFailure, type EventTable } from '../../src/events/checker.js';
import { eventCheckerOf } from '../../src/events/for-model.js';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource, MemorySource } from '../../src/load/source.js';
import { nth } from '../helpers.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'validate');
const model = loadContractSet(new FolderSource(join(FIXTURES, 'contracts')));
const checker = eventCheckerOf(model);
const lines = readFileSync(join(FIXTURES, 'invalid.ndjson'), 'utf8').split('\n');
const event = (line: number) => JSON.parse(nth(lines, line - 1)) as Record<string, unknown>;
const failuresOf = (value: unknown): EventFailure[] => {
  const out: EventFailure[] = [];
  checker.check(value, out);
  return out;
};
const UUID7 = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

describe('one fixture event per failure kind (fixtures/validate/invalid.ndjson)', () => {
  const cases: [number, EventFailure][] = [
    [3, { kind: 'envelope', severity: 'error', pointer: '/envelope_version', message: 'must be 1 (envelope schema)' }],
    [4, { kind: 'unknown-event-type', severity: 'error', pointer: '/event_type', message: 'event type "lesson.cancelled" is not registered in event-types-registry.json; fix the name or register the event type' }],
    [5, { kind: 'deprecated-event-type', severity: 'warning', pointer: '/event_type', message: 'event type "lesson.rated" is deprecated; move producers and consumers to its replacement before it is removed' }],
    [6, { kind: 'proposed-event-type', severity: 'warning', pointer: '/event_type', message: 'event type "order.created" is only proposed, not active; do not emit it in production until its status is active' }],
    [7, { kind: 'unknown-schema-version', severity: 'error', pointer: '/schema_version', message: 'schema_version 2 is not registered for lesson.delivered (registered: 1); use a registered version or register version 2' }],
    [8, { kind: 'payload', severity: 'error', pointer: '/payload/duration_minutes', message: 'missing required property "duration_minutes" (lesson.scheduled v2 payload schema)' }],
    [9, { kind: 'producer-mismatch', severity: 'error', pointer: '/producer', message: 'producer "growth" does not own lesson.delivered: the registry says it is produced by "operations"; emit it from operations or fix the registry' }],
    [10, { kind: 'subject-missing', severity: 'error', pointer: '/subject', message: 'subject is missing: lesson.delivered events are about a lesson; set subject to a lesson ID (les_ followed by a lower-case UUID v7)' }],
    [11, { kind: 'subject-invalid', severity: 'error', pointer: '/subject', message: 'subject "per_01937b2e-4c1a-7d3e-9f10-000000000201" is not a lesson ID (les_ followed by a lower-case UUID v7), which lesson.delivered events are about' }],
    [12, { kind: 'actor-invalid', severity: 'error', pointer: '/actor', message: 'actor "coach-42" is neither a person ID (per_ followed by a lower-case UUID v7) nor "system:<producer>" (one of platform, growth, sales, operations, revenue)' }],
    [13, { kind: 'actor-not-allowed', severity: 'error', pointer: '/actor', message: 'actor "system:operations" is a system actor, but lesson.delivered allows only: person; use an allowed actor or add it to the event type\'s actors in the registry' }],
    [14, { kind: 'correlation-id-invalid', severity: 'error', pointer: '/correlation_id', message: 'correlation_id "les_01937b2e-4c1a-7d3e-9f10-000000000101" is not an event ID (evt_ followed by a lower-case UUID v7); set it to the event_id of the event that started the chain' }],
    [16, { kind: 'envelope', severity: 'error', pointer: '', message: 'an event must be a JSON object with the envelope fields (event_id, event_type, schema_version, …), not an array' }],
  ];
  for (const [line, expected] of cases) {
    it(`line ${line}: ${expected.kind} at ${expected.pointer || '(root)'}`, () => {
      assert.deepEqual(failuresOf(event(line)), [expected]);
    });
  }

  it('line 1 is valid, and so is every event of valid.ndjson but for status warnings', () => {
    assert.deepEqual(failuresOf(event(1)), []);
    const valid = readFileSync(join(FIXTURES, 'valid.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(valid.map((e) => failuresOf(e).map((f) => f.kind)), [[], [], [], ['deprecated-event-type'], ['proposed-event-type']]);
  });

  it('line 17 reports each mistake once, envelope first, then registry, then payload', () => {
    assert.deepEqual(failuresOf(event(17)).map((f) => [f.kind, f.pointer]), [
      ['envelope', '/debug'],
      ['producer-mismatch', '/producer'],
      ['payload', '/payload/attendance/0/status'],
      ['payload', '/payload/delivered_at'],
    ]);
  });
});

describe('checks that depend on the envelope schema and the registry together', () => {
  it('a value the envelope rejects is reported once, under its own kind', () => {
    const e = event(1);
    assert.deepEqual(failuresOf({ ...e, actor: 'system:delivery' }).map((f) => [f.kind, f.message]), [
      ['actor-invalid', 'actor "system:delivery" is neither a person ID (per_ followed by a lower-case UUID v7) nor "system:<producer>" (one of platform, growth, sales, operations, revenue)'],
    ]);
    assert.deepEqual(failuresOf({ ...e, producer: 'delivery' }).map((f) => [f.kind, f.pointer]), [['envelope', '/producer']]);
    assert.deepEqual(failuresOf({ ...e, schema_version: '1' }).map((f) => [f.kind, f.pointer]), [['envelope', '/schema_version']]);
    assert.deepEqual(failuresOf({ ...e, event_type: 'Lesson.Delivered' }).map((f) => [f.kind, f.pointer]), [['envelope', '/event_type']]);
    assert.deepEqual(failuresOf({ ...e, payload: 'x' }).map((f) => [f.kind, f.pointer]), [['envelope', '/payload']]);
  });

  it('a missing required envelope field points at where it belongs', () => {
    const { event_id: _, ...rest } = event(1);
    assert.deepEqual(failuresOf(rest), [{ kind: 'envelope', severity: 'error', pointer: '/event_id', message: 'missing required property "event_id" (envelope schema)' }]);
  });

  it('a payload schema that cannot be used is reported, not thrown', () => {
    const files = new Map<string, Uint8Array>();
    const base = join(FIXTURES, 'contracts');
    for (const path of new FolderSource(base).list()) if (!path.endsWith('lesson.delivered-v1.json') || path.includes('examples')) files.set(path, readFileSync(join(base, path)));
    const broken = eventCheckerOf(loadContractSet(new MemorySource('mem', files)));
    const out: EventFailure[] = [];
    assert.equal(broken.check(event(1), out), 1);
    assert.deepEqual(out, [{ kind: 'schema-unavailable', severity: 'error', pointer: '/payload', message: 'the payload cannot be checked: its payload schema lesson-lifecycle/schema/payloads/lesson.delivered-v1.json is not in the contract set; run `sguild-contracts check` on the contracts' }]);
  });
});

describe('validateEvent', () => {
  it('returns the event and its warnings when only warnings remain', () => {
    const e = event(5);
    const result = checker.validateEvent(e);
    assert.equal(result.ok, true);
    if (result.ok) {
      assert.equal(result.event, e);
      assert.deepEqual(result.warnings.map((w) => w.kind), ['deprecated-event-type']);
    }
    const clean = checker.validateEvent(event(1));
    assert.deepEqual(clean.ok && clean.warnings, []);
  });
  it('returns every failure, warnings included, when there is an error', () => {
    const result = checker.validateEvent({ ...event(5), producer: 'growth' });
    assert.deepEqual(!result.ok && result.errors.map((f) => [f.kind, f.severity]), [
      ['deprecated-event-type', 'warning'],
      ['producer-mismatch', 'error'],
    ]);
  });
});

describe('robustness', () => {
  const table: EventTable = {
    eventPrefix: 'evt_',
    personPrefix: 'per_',
    envelopeVersion: 1,
    producers: ['platform'],
    types: [{ name: '__proto__', producer: 'platform', versions: [1] }],
  };
  it('no event type name is special, and a missing envelope validator only skips the envelope checks', () => {
    const c = createEventChecker(table, { payload: () => () => true });
    const out: EventFailure[] = [];
    assert.equal(c.check({ event_type: '__proto__', schema_version: 1, producer: 'platform', payload: {} }, out), 0);
    assert.equal(c.check({ event_type: 'constructor', payload: {} }, out), 1);
    assert.equal(nth(out, 0).kind, 'unknown-event-type');
    assert.equal(c.isRegistered('toString'), false);
  });
  it('asks for each payload validator once', () => {
    let asked = 0;
    const c = createEventChecker(table, { payload: () => (asked++, () => true) });
    for (let i = 0; i < 5; i++) c.check({ event_type: '__proto__', schema_version: 1, payload: {} }, []);
    assert.equal(asked, 1);
  });
});

describe('createEvent', () => {
  const payload = { lesson_id: 'les_01937b2e-4c1a-7d3e-9f10-000000000101', starts_at: '2026-05-04T15:00:00Z', duration_minutes: 30 };

  it('fills the envelope: id, time, current version, producer, actor, subject from the payload, self-correlation', () => {
    const before = Date.now();
    const e = checker.createEvent('lesson.scheduled', payload);
    assert.deepEqual(Object.keys(e), ['event_id', 'event_type', 'schema_version', 'occurred_at', 'producer', 'envelope_version', 'subject', 'actor', 'correlation_id', 'payload']);
    assert.match(e.event_id as string, new RegExp(`^evt_${UUID7}$`));
    assert.equal(e.schema_version, 2);
    assert.equal(e.producer, 'operations');
    assert.equal(e.envelope_version, 1);
    assert.equal(e.subject, payload.lesson_id);
    assert.equal(e.actor, 'system:operations');
    assert.equal(e.correlation_id, e.event_id);
    assert.ok(Date.parse(e.occurred_at as string) >= before - 1);
    // The UUID's first 48 bits are the creation time in milliseconds.
    const ms = parseInt((e.event_id as string).slice(4, 17).replace('-', ''), 16);
    assert.ok(ms >= before && ms <= Date.now() + 1);
  });

  it('takes the version, actor, subject, time and upstream event from the options', () => {
    const root = checker.createEvent('lesson.scheduled', payload);
    const next = checker.createEvent('lesson.scheduled', { lesson_id: payload.lesson_id, starts_at: payload.starts_at }, {
      schemaVersion: 1,
      actor: 'per_01937b2e-4c1a-7d3e-9f10-000000000201',
      subject: 'les_01937b2e-4c1a-7d3e-9f10-000000000102',
      occurredAt: new Date('2026-05-04T16:00:00Z'),
      causedBy: root as { event_id: string; correlation_id?: string },
    });
    assert.equal(next.schema_version, 1);
    assert.equal(next.actor, 'per_01937b2e-4c1a-7d3e-9f10-000000000201');
    assert.equal(next.subject, 'les_01937b2e-4c1a-7d3e-9f10-000000000102');
    assert.equal(next.occurred_at, '2026-05-04T16:00:00.000Z');
    assert.equal(next.correlation_id, root.event_id);
    const third = checker.createEvent('lesson.scheduled', payload, { causedBy: { event_id: next.event_id as string } });
    assert.equal(third.correlation_id, next.event_id);
  });

  it('throws a typed error listing the failures', () => {
    assert.throws(
      () => checker.createEvent('lesson.delivered', { lesson_id: payload.lesson_id }),
      (error: unknown) => {
        assert.ok(error instanceof checker.EventValidationError);
        const failures = (error as { errors: EventFailure[] }).errors;
        assert.deepEqual(failures.map((f) => [f.kind, f.pointer]), [
          ['payload', '/payload/attendance'],
          ['payload', '/payload/delivered_at'],
          ['actor-not-allowed', '/actor'],
        ]);
        assert.match((error as Error).message, /^invalid event: \/payload\/attendance: missing required property "attendance"/);
        return true;
      },
    );
  });

  it('mints UUID v7 event ids that sort in creation order', () => {
    const ids = Array.from({ length: 2000 }, () => checker.createEvent('lesson.scheduled', payload).event_id as string);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids);
    for (const id of ids) assert.match(id, new RegExp(`^evt_${UUID7}$`));
  });
});

describe('the envelope shortcut', () => {
  it('skipping fields the envelope already held to the same pattern changes no verdict', async () => {
    const { eventTableOf } = await import('../../src/events/table.js');
    const { eventValidatorsOf } = await import('../../src/events/for-model.js');
    const table = eventTableOf(model);
    assert.deepEqual(table.envelopeChecks, { correlationId: true, actor: true });
    const full = createEventChecker({ ...table, envelopeChecks: undefined }, eventValidatorsOf(model));
    const base = event(1);
    const values = ['system:operations', 'system:revenue', 'system:delivery', 'per_01937b2e-4c1a-7d3e-9f10-000000000201', 'PER_01937b2e-4c1a-7d3e-9f10-000000000201', 'evt_01937b2e-4c1a-7d3e-9f10-000000000001', 'x', 42, null, ''];
    for (const field of ['actor', 'correlation_id']) {
      for (const value of values) {
        const e = { ...base, [field]: value };
        assert.deepEqual(checker.validateEvent(e), full.validateEvent(e), `${field}=${JSON.stringify(value)}`);
      }
    }
  });
});
