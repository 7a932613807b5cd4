/**
 * Schemas without `$schema`: a draft-07-only form (an `items` array, `additionalItems`,
 * `dependencies`) makes them draft-07, so diff judges tuples and dependencies as the author
 * meant; an unsupported `$schema` is read in the closest supported dialect.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialectOf } from '../../src/schema/compile.js';
import { inferDialect } from '../../src/schema/dialect-infer.js';
import { diffPair } from '../diff/helpers.js';

const S = { type: 'string' };
const N = { type: 'number' };

describe('the dialect of a schema without $schema', () => {
  it('is draft-07 when it uses a tuple, additionalItems or dependencies, and nothing only 2020-12 has', () => {
    assert.deepEqual(inferDialect({ type: 'array', items: [S, N] }), { dialect: 'draft-07', evidence: '"items" as an array' });
    assert.deepEqual(inferDialect({ properties: { a: { additionalItems: false } } }), { dialect: 'draft-07', evidence: '"additionalItems"' });
    assert.deepEqual(inferDialect({ dependencies: { a: ['b'] } }), { dialect: 'draft-07', evidence: '"dependencies"' });
    assert.equal(dialectOf({ dependencies: { a: ['b'] } }), 'draft-07');
  });

  it('stays with the fallback when the keywords do not tell, or point both ways', () => {
    assert.equal(inferDialect({ type: 'object', properties: { a: S } }), undefined);
    assert.equal(inferDialect({ items: [S], prefixItems: [S] }), undefined);
    assert.equal(inferDialect({ dependencies: {}, unevaluatedProperties: false }), undefined);
    assert.equal(dialectOf({ type: 'string' }, 'draft-07'), 'draft-07');
    assert.equal(dialectOf({ type: 'string' }), '2020-12');
  });

  it('never reads data as schema: an items array inside enum, const or examples decides nothing', () => {
    assert.equal(inferDialect({ enum: [{ items: [1] }], const: { additionalItems: 1 }, examples: [{ dependencies: {} }] }), undefined);
  });

  it('reads an unsupported $schema in the closest supported dialect; $schema always beats the keywords', () => {
    assert.equal(dialectOf({ $schema: 'http://json-schema.org/draft-04/schema#', items: [S] }), 'draft-07');
    assert.equal(dialectOf({ $schema: 'http://json-schema.org/draft-06/schema#' }), 'draft-07');
    assert.equal(dialectOf({ $schema: 'https://json-schema.org/draft/2019-09/schema' }), '2020-12');
    assert.equal(dialectOf({ $schema: 'https://json-schema.org/draft/2020-12/schema', items: [S] }), '2020-12');
    assert.equal(dialectOf({ $schema: 'urn:unknown' }, 'draft-07'), 'draft-07');
  });
});

describe('diff of two schemas without $schema', () => {
  const backward = (before: unknown, after: unknown) => diffPair(before, after, 'strict').every((c) => c.backward);

  it('judges draft-07 tuples as tuples', () => {
    // A closed tuple that gains an item still accepts every old value.
    assert.equal(backward({ type: 'array', items: [S], additionalItems: false }, { type: 'array', items: [S, N], additionalItems: false }), true);
    // An item the additionalItems schema covered becomes required to be a number: old ["a", 1, "x"] is rejected.
    assert.equal(backward({ type: 'array', items: [S, N], additionalItems: S }, { type: 'array', items: [S, N, N], additionalItems: S }), false);
    // Dropping the third item leaves it to additionalItems (string): old ["a", 1, 2] is rejected.
    assert.equal(backward({ type: 'array', items: [S, N, N], additionalItems: S }, { type: 'array', items: [S, N], additionalItems: S }), false);
  });

  it('judges draft-07 dependencies', () => {
    assert.equal(backward({ dependencies: { foo: S } }, { dependencies: { foo: N } }), false);
    assert.equal(backward({ dependencies: { foo: S, bar: S } }, { dependencies: { foo: S } }), true);
  });
});
