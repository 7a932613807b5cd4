/**
 * Compatibility decided by what the schemas accept (issue 12, "Why"): the false alarms on
 * equivalent or wider schemas are gone, the missed prefixItems break is caught, and every
 * incompatible verdict carries a witness that ajv confirms (checkWitnesses).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffContractSets } from '../../src/diff/contract-diff.js';
import type { Change } from '../../src/diff/types.js';
import { checkWitnesses, diffPair, editJson, MINIMAL, modelOf, readTree } from './helpers.js';
import { nth } from '../helpers.js';

const str = { type: 'string' };
const policies = ['lenient', 'strict'] as const;

/** The diff of a pair under both policies, with every witness checked by ajv. */
function both(before: unknown, after: unknown): Change[][] {
  return policies.map((policy) => {
    const changes = diffPair(before, after, policy);
    assert.deepEqual(checkWitnesses(changes, before, after).map((c) => c.kind), [], 'every incompatible change has a witness');
    return changes;
  });
}

const breaking = (changes: Change[]) => changes.filter((c) => !c.backward).map((c) => c.kind);
const structural = (changes: Change[]) => changes.filter((c) => !(c.backward && c.forward)).map((c) => c.kind);

describe('no false alarm on equivalent or wider schemas', () => {
  for (const method of ['anyOf', 'oneOf']) {
    it(`string → ${method} [number, string] is backward compatible, and forward incompatible with a number as witness`, () => {
      for (const changes of both(str, { [method]: [{ type: 'number' }, str] })) {
        assert.deepEqual(breaking(changes), []);
        const forward = changes.filter((c) => !c.forward);
        assert.ok(forward.length >= 1);
        for (const c of forward) assert.equal(typeof c.witness?.value, 'number');
      }
    });
  }

  it('allOf [A] → allOf [A, A]: nothing changed', () => {
    const a = { type: 'string', minLength: 2 };
    for (const changes of both({ allOf: [a] }, { allOf: [a, a] })) assert.deepEqual(changes, []);
  });

  it('a bare schema is a one-member anyOf', () => {
    for (const changes of both(str, { anyOf: [str] })) assert.deepEqual(structural(changes), []);
    for (const changes of both({ anyOf: [str, str] }, str)) assert.deepEqual(structural(changes), []);
  });

  it('removing "foo": false from a closed object changes nothing', () => {
    const before = { type: 'object', properties: { a: str, foo: false }, additionalProperties: false };
    const after = { type: 'object', properties: { a: str }, additionalProperties: false };
    for (const changes of both(before, after)) assert.deepEqual(changes, []);
  });

  it('adding "foo": true to an open object changes nothing, under either policy', () => {
    const before = { type: 'object', properties: { a: str } };
    const after = { type: 'object', properties: { a: str, foo: true } };
    for (const changes of both(before, after)) assert.deepEqual(structural(changes), []);
  });

  it('a property removed while additionalProperties still admits its values is backward compatible', () => {
    const rest = { anyOf: [str, { type: 'number' }] };
    const before = { type: 'object', properties: { a: str }, additionalProperties: rest };
    const after = { type: 'object', additionalProperties: rest };
    for (const changes of both(before, after)) {
      assert.deepEqual(breaking(changes), []);
      // Forward: a number under "a" is valid now and was rejected before; the witness shows it.
      const removed = nth(changes, 0);
      assert.equal(removed.kind, 'PROPERTY_REMOVED_FROM_PARTIALLY_OPEN_CONTENT_MODEL');
      assert.equal(removed.forward, false);
      assert.deepEqual(removed.witness, { value: { a: 0 }, acceptedBy: 'new' });
    }
  });

  it('maxLength 40 added to an ID whose pattern already fixes its length at 40 changes nothing', () => {
    const id = { type: 'string', pattern: '^ld_[0-9a-f]{37}$' };
    for (const changes of both(id, { ...id, maxLength: 40 })) assert.deepEqual(changes, []);
    // A bound the pattern does not imply is still a change, with a witness of the pattern's length.
    for (const changes of both(id, { ...id, maxLength: 39 })) {
      assert.deepEqual(breaking(changes), ['MAX_LENGTH_ADDED']);
      assert.equal((nth(changes, 0).witness?.value as string | undefined)?.length, 40);
    }
  });

  it('an unsatisfiable schema accepts nothing: whatever replaces it is backward compatible', () => {
    for (const changes of both({ type: 'string', enum: [1, 2] }, { type: 'integer', minimum: 5 })) assert.deepEqual(breaking(changes), []);
  });

  it('equivalent oneOf and anyOf of disjoint alternatives: nothing changed', () => {
    for (const changes of both({ oneOf: [str, { type: 'integer' }] }, { anyOf: [{ type: 'integer' }, str] })) assert.deepEqual(structural(changes), []);
  });
});

describe('no missed break', () => {
  for (const [name, rest] of [
    ['unevaluatedItems', { unevaluatedItems: false }],
    ['items', { items: str }],
  ] as const) {
    it(`removing a prefixItems entry while ${name} constrains that index is a backward break with a witness`, () => {
      const before = { type: 'array', prefixItems: [str, { type: 'integer' }], ...rest };
      const after = { type: 'array', prefixItems: [str], ...rest };
      for (const changes of both(before, after)) {
        const removed = changes.find((c) => c.kind === 'PREFIX_ITEM_REMOVED');
        assert.ok(removed, JSON.stringify(changes));
        assert.equal(removed.backward, false);
        assert.equal(removed.witness?.acceptedBy, 'old');
        assert.equal(typeof (removed.witness?.value as unknown[] | undefined)?.[1], 'number');
      }
    });
  }

  it('a break the keyword walk misses (a oneOf alternative that now overlaps another) is COMPATIBILITY_DISPROVED, with its witness', () => {
    const before = { oneOf: [{ type: 'string', maxLength: 3 }, { type: 'string', minLength: 5 }] };
    const after = { oneOf: [{ type: 'string', maxLength: 5 }, { type: 'string', minLength: 5 }] };
    for (const changes of both(before, after)) {
      const disproved = changes.find((c) => c.kind === 'COMPATIBILITY_DISPROVED');
      assert.ok(disproved);
      assert.equal(disproved.severity, 'breaking');
      assert.deepEqual(disproved.witness, { value: 'aaaaa', acceptedBy: 'old' });
    }
  });
});

describe('witnesses through shared $refs', () => {
  const PAYLOAD = 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';
  const IDS = 'event-envelope/schema/ids-v1.json';
  const base = readTree(MINIMAL);

  it('a narrowed enum in a payload: a whole payload, valid before (its IDs resolved through ids-v1.json), rejected now', () => {
    const after = editJson(base, PAYLOAD, (s) => void (s.properties.attendance.items.properties.status.enum = ['present']));
    const change = nth(diffContractSets(modelOf(base), modelOf(after)), 0);
    assert.equal(change.kind, 'ENUM_ARRAY_NARROWED');
    const value = change.witness?.value as { attendance: { status: string; person_id: string }[]; lesson_id: string };
    assert.equal(change.witness?.acceptedBy, 'old');
    assert.equal(nth(value.attendance, 0).status, 'absent');
    assert.match(value.lesson_id, /^les_/);
  });

  it('a changed shared ID pattern: witnesses at the definition and under every payload that reaches it', () => {
    const after = editJson(base, IDS, (s) => void (s.$defs.person_id.pattern = '^per_[0-9a-f]{32}$'));
    const changes = diffContractSets(modelOf(base), modelOf(after)).filter((c) => c.kind === 'PATTERN_CHANGED');
    assert.deepEqual(changes.map((c) => c.scope), ['shared', 'payload']);
    for (const c of changes) {
      assert.equal(c.witness?.acceptedBy, 'old');
      assert.equal(c.reverseWitness?.acceptedBy, 'new');
    }
  });
});
