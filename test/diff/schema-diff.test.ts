/**
 * Schema diff behaviour beyond single kinds: equivalent forms are not changes, recursive and
 * deeply nested schemas terminate, both dialects work, and large diffs stay whole.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffContractSets } from '../../src/diff/contract-diff.js';
import { diffPair, editJson, MINIMAL, modelOf, readTree } from './helpers.js';
import { nth } from '../helpers.js';

const D7 = 'http://json-schema.org/draft-07/schema#';
const str = { type: 'string' };

describe('equivalent forms are not changes', () => {
  const pairs: [string, unknown, unknown][] = [
    ['additionalProperties absent vs true', { type: 'object' }, { type: 'object', additionalProperties: true }],
    ['additionalProperties true vs {}', { type: 'object', additionalProperties: true }, { type: 'object', additionalProperties: {} }],
    ['type as string vs one-element array', str, { type: ['string'] }],
    ['integer and number vs number', { type: ['integer', 'number'] }, { type: 'number' }],
    ['enum order', { enum: ['a', 'b', 'c'] }, { enum: ['c', 'a', 'b'] }],
    ['required order', { type: 'object', required: ['a', 'b'] }, { type: 'object', required: ['b', 'a'] }],
    ['type implied by enum', { type: 'string', enum: ['a'] }, { enum: ['a'] }],
    ['const vs one-value enum', { const: 'a' }, { enum: ['a'] }],
    ['minLength 0 vs absent', { type: 'string', minLength: 0 }, str],
    ['single-subschema allOf vs anyOf', { allOf: [str] }, { anyOf: [str] }],
    ['character class reordered', { type: 'string', pattern: '^[a-z_]+$' }, { type: 'string', pattern: '^[_a-z]+$' }],
    ['subschema moved behind a local $ref', { type: 'object', properties: { a: { type: 'string', maxLength: 3 } } }, { type: 'object', properties: { a: { $ref: '#/$defs/short' } }, $defs: { short: { type: 'string', maxLength: 3, title: 'Short' } } }],
    ['unused $defs changed', { $defs: { a: str } }, { $defs: { a: { type: 'integer' } } }],
    ['minimum also given as a looser exclusiveMinimum', { type: 'number', minimum: 1 }, { type: 'number', minimum: 1, exclusiveMinimum: 0 }],
    ['draft-07 siblings of $ref are ignored', { $schema: D7, definitions: { a: str }, $ref: '#/definitions/a', type: 'integer' }, { $schema: D7, definitions: { a: str }, $ref: '#/definitions/a' }],
  ];
  for (const [name, before, after] of pairs) {
    it(name, () => {
      for (const policy of ['lenient', 'strict'] as const) assert.deepEqual(diffPair(before, after, policy), []);
    });
  }

  it('a payload property moved behind a $ref to the shared ID definitions', () => {
    const files = readTree(MINIMAL);
    const payload = 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';
    const inline = editJson(files, payload, (s) => {
      s.properties.lesson_id = { type: 'string', pattern: '^les_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$', description: 'The lesson.' };
    });
    const referenced = editJson(files, payload, (s) => {
      s.properties.lesson_id = { $ref: '../../../event-envelope/schema/ids-v1.json#/$defs/lesson_id', description: 'The lesson.' };
    });
    assert.deepEqual(diffContractSets(modelOf(inline), modelOf(referenced)), []);
    assert.deepEqual(diffContractSets(modelOf(referenced), modelOf(inline)), []);
  });
});

describe('references', () => {
  it('a change in a shared definition is reported where it lives, under every event type that reaches it', () => {
    const files = readTree(MINIMAL);
    const changed = editJson(files, 'event-envelope/schema/ids-v1.json', (s) => {
      s.$defs.person_id.pattern = '^per_[0-9a-f]{32}$';
    });
    const changes = diffContractSets(modelOf(files), modelOf(changed));
    assert.deepEqual(
      changes.map((c) => [c.kind, c.scope, c.eventType ?? null, c.file, c.pointer, c.message]),
      [
        ['PATTERN_CHANGED', 'shared', null, 'event-envelope/schema/ids-v1.json', '/$defs/person_id/pattern', 'person_id: pattern changed from "^per_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$" to "^per_[0-9a-f]{32}$"; neither is known to accept everything the other does'],
        ['PATTERN_CHANGED', 'payload', 'lesson.delivered', 'event-envelope/schema/ids-v1.json', '/$defs/person_id/pattern', 'attendance[].person_id: pattern changed from "^per_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$" to "^per_[0-9a-f]{32}$"; neither is known to accept everything the other does'],
      ],
    );
  });

  it('recursive schemas terminate and report the change once', () => {
    const tree = (leaf: unknown) => ({
      $ref: '#/$defs/node',
      $defs: { node: { type: 'object', properties: { value: leaf, children: { type: 'array', items: { $ref: '#/$defs/node' } }, parent: { $ref: '#' } } } },
    });
    const changes = diffPair(tree({ type: 'string' }), tree({ type: 'integer' }));
    assert.deepEqual(changes.map((c) => [c.kind, c.pointer, c.message]), [['TYPE_CHANGED', '/$defs/node/properties/value/type', 'value: type changed from string to integer: values valid under either schema may be rejected by the other']]);
  });

  it('mutually recursive definitions and a $ref cycle without a schema terminate', () => {
    const schema = (max: number) => ({
      $defs: { a: { type: 'object', properties: { b: { $ref: '#/$defs/b' }, n: { type: 'integer', maximum: max } } }, b: { type: 'object', properties: { a: { $ref: '#/$defs/a' } } }, loop1: { $ref: '#/$defs/loop2' }, loop2: { $ref: '#/$defs/loop1' } },
      type: 'object',
      properties: { root: { $ref: '#/$defs/a' }, weird: { $ref: '#/$defs/loop1' } },
    });
    const changes = diffPair(schema(5), schema(4));
    assert.deepEqual(changes.map((c) => [c.kind, c.pointer]), [['MAXIMUM_DECREASED', '/$defs/a/properties/n/maximum']]);
  });

  it('a $ref with sibling keywords in 2020-12 applies both, located where each keyword is', () => {
    const before = { $defs: { id: { type: 'string', pattern: '^x' } }, type: 'object', properties: { a: { $ref: '#/$defs/id', maxLength: 10 } } };
    const after = { $defs: { id: { type: 'string', pattern: '^x' } }, type: 'object', properties: { a: { $ref: '#/$defs/id', maxLength: 8 } } };
    assert.deepEqual(diffPair(before, after).map((c) => [c.kind, c.pointer]), [['MAX_LENGTH_DECREASED', '/properties/a/maxLength']]);
  });
});

describe('dialects', () => {
  it('draft-07 and 2020-12 tuples compare by meaning across dialects', () => {
    const draft7 = { $schema: D7, type: 'array', items: [{ type: 'string' }], additionalItems: false };
    const v2020 = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }], items: false };
    assert.deepEqual(diffPair(draft7, v2020).map((c) => c.kind), ['METADATA_CHANGED']); // only $schema
  });

  it('--dialect decides for schemas without $schema whose keywords do not tell', () => {
    // draft-07 ignores the siblings of a $ref; 2020-12 applies them.
    const before = { $ref: '#/definitions/s', maxLength: 3, definitions: { s: { type: 'string' } } };
    const after = { $ref: '#/definitions/s', definitions: { s: { type: 'string' } } };
    assert.deepEqual(diffPair(before, after, 'lenient', 'draft-07').map((c) => c.kind), []);
    assert.deepEqual(diffPair(before, after, 'lenient', '2020-12').map((c) => c.kind), ['MAX_LENGTH_REMOVED']);
  });

  it('a schema using `dependencies` and nothing only 2020-12 has is draft-07, whatever --dialect says', () => {
    const before = { type: 'object', dependencies: { a: ['b'] } };
    const after = { type: 'object' };
    for (const dialect of ['draft-07', '2020-12'] as const) assert.deepEqual(diffPair(before, after, 'lenient', dialect).map((c) => c.kind), ['DEPENDENCY_ARRAY_REMOVED']);
  });
});

describe('scale', () => {
  it('hundreds of changes in one diff, sorted deterministically', () => {
    const props = (max: number) => Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`p${String(i).padStart(3, '0')}`, { type: 'string', maxLength: max }]));
    const changes = diffPair({ type: 'object', properties: props(10) }, { type: 'object', properties: props(5) });
    assert.equal(changes.length, 400);
    assert.ok(changes.every((c) => c.kind === 'MAX_LENGTH_DECREASED' && c.severity === 'breaking'));
    assert.equal(nth(changes, 0).pointer, '/properties/p000/maxLength');
    assert.equal(nth(changes, 399).pointer, '/properties/p399/maxLength');
  });

  it('schemas nested thousands of levels deep are reported unavailable, without overflowing the stack', () => {
    // Built as text: even JSON.stringify would overflow on a value this deep. The loader refuses
    // files nested deeper than MAX_JSON_DEPTH (json/too-deep), so the differ never walks them.
    const nest = (leaf: string) => '{"type":"object","properties":{"a":'.repeat(3000) + leaf + '}}'.repeat(3000);
    const changes = diffPair(nest('{"type":"string"}'), nest('{"type":"integer"}'));
    assert.deepEqual(changes.map((c) => c.kind), ['SCHEMA_UNAVAILABLE']);
  });

  it('a wide anyOf with many alternatives changed aligns without blowing up', () => {
    const alts = (n: number, shift: number) => Array.from({ length: n }, (_, i) => ({ type: 'object', properties: { k: { const: i + shift } }, required: ['k'] }));
    const changes = diffPair({ anyOf: alts(60, 0) }, { anyOf: alts(61, 0) });
    assert.deepEqual(changes.map((c) => [c.kind, c.pointer]), [['SUM_TYPE_EXTENDED', '/anyOf/60']]);
  });
});
