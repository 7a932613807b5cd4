/**
 * resolveRef is memoized per model (src/schema/refs.ts): references that resolve alike share one
 * answer, references that do not never do — the same text in folders, or under `$id`s, that
 * resolve it differently.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refsOf, resolveRef, type RefTarget } from '../../src/schema/refs.js';
import { indexedRefsOf } from '../../src/schema/schema-index.js';
import { modelOf } from '../diff/helpers.js';

const schema = (id: string | undefined, ref: string) => ({ ...(id ? { $id: id } : {}), type: 'object', properties: { a: { $ref: ref } } });
const fileOf = (target: RefTarget) => (target.kind === 'local' || target.kind === 'missing-file' ? target.file : target.kind);

describe('resolveRef, memoized', () => {
  it('the same text under $ids on two hosts without a path resolves to each host\'s schema', () => {
    const model = modelOf({
      'c/schema/one.json': schema('https://a.example', 'y.json'),
      'c/schema/two.json': schema('https://b.example', 'y.json'),
      'c/schema/ya.json': { $id: 'https://a.example/y.json', type: 'string' },
      'c/schema/yb.json': { $id: 'https://b.example/y.json', type: 'string' },
    });
    assert.equal(fileOf(resolveRef(model, 'c/schema/one.json', 'y.json')), 'c/schema/ya.json');
    assert.equal(fileOf(resolveRef(model, 'c/schema/two.json', 'y.json')), 'c/schema/yb.json');
    assert.equal(fileOf(resolveRef(model, 'c/schema/one.json', 'y.json')), 'c/schema/ya.json');
  });

  it('the same relative path from two folders, and fragments of two files, resolve apart; alike ones share a target', () => {
    const model = modelOf({
      'a/schema/p.json': schema(undefined, 'ids.json#/$defs/x'),
      'a/schema/q.json': schema(undefined, 'ids.json#/$defs/x'),
      'a/schema/ids.json': { $defs: { x: { type: 'string' } } },
      'b/schema/p.json': schema(undefined, 'ids.json#/$defs/x'),
      'b/schema/ids.json': { $defs: { x: { type: 'integer' } } },
    });
    const ap = resolveRef(model, 'a/schema/p.json', 'ids.json#/$defs/x');
    assert.equal(fileOf(ap), 'a/schema/ids.json');
    assert.equal(resolveRef(model, 'a/schema/q.json', 'ids.json#/$defs/x'), ap); // one answer shared
    assert.equal(fileOf(resolveRef(model, 'b/schema/p.json', 'ids.json#/$defs/x')), 'b/schema/ids.json');
    assert.equal(fileOf(resolveRef(model, 'a/schema/p.json', '#/properties/a')), 'a/schema/p.json');
    assert.equal(fileOf(resolveRef(model, 'a/schema/q.json', '#/properties/a')), 'a/schema/q.json');
  });
});

describe('indexedRefsOf', () => {
  it('gives what refsOf gives for a whole schema file, in the same order, and nothing for a file the index lacks', () => {
    const model = modelOf({
      'c/schema/p.json': { type: 'object', properties: { b: { $ref: 'ids.json#/$defs/x' }, a: { items: { $ref: '#/$defs/y' } } }, $defs: { y: { allOf: [{ $ref: 'ids.json' }] } }, examples: [{ $ref: 'not-a-ref.json' }] },
      'c/schema/ids.json': { $defs: { x: { type: 'string' } } },
    });
    for (const path of ['c/schema/p.json', 'c/schema/ids.json']) assert.deepEqual(indexedRefsOf(model, path), refsOf(model.schemas.get(path)!.doc.value));
    assert.equal(indexedRefsOf(model, 'c/schema/p.json')!.length, 3);
    assert.equal(indexedRefsOf(model, 'c/schema/missing.json'), undefined);
  });
});
