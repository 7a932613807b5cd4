/**
 * walkSchema's order is part of what it promises (schema indexes, `$ref` lists and the rule memo's
 * keys follow it): parents before children, children by keyword in a fixed order whatever order the
 * file writes them in, data keywords never entered, `false` from the visitor skipping a subtree.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { walkSchema } from '../../src/schema/walk.js';

const pointers = (schema: unknown, skip = (_pointer: string) => false): string[] => {
  const seen: string[] = [];
  walkSchema(schema, (_node, pointer) => {
    seen.push(pointer);
    return !skip(pointer);
  });
  return seen;
};

describe('walkSchema', () => {
  it('visits children by keyword order (single, items, maps, lists), not by the order they are written in', () => {
    const schema = {
      oneOf: [{ type: 'string' }, true],
      properties: { b: { type: 'string' }, a: { items: [{}, {}] } },
      items: { $ref: '#/$defs/x' },
      not: {},
      $defs: { x: { allOf: [{}] } },
      additionalProperties: false,
    };
    assert.deepEqual(pointers(schema), ['', '/not', '/items', '/properties/b', '/properties/a', '/properties/a/items/0', '/properties/a/items/1', '/$defs/x', '/$defs/x/allOf/0', '/oneOf/0']);
  });

  it('never enters data keywords, escapes names in pointers, and skips the subtree of a node the visitor refuses', () => {
    const schema = {
      examples: [{ properties: { no: {} } }],
      const: { items: {} },
      properties: { 'a/b~c': { properties: { deep: {} } }, kept: { not: {} } },
    };
    assert.deepEqual(pointers(schema), ['', '/properties/a~1b~0c', '/properties/a~1b~0c/properties/deep', '/properties/kept', '/properties/kept/not']);
    assert.deepEqual(
      pointers(schema, (p) => p === '/properties/a~1b~0c'),
      ['', '/properties/a~1b~0c', '/properties/kept', '/properties/kept/not'],
    );
  });

  it('walks a root given at a pointer, and nothing for a value that is not an object', () => {
    const seen: string[] = [];
    walkSchema({ anyOf: [{}] }, (_n, p) => void seen.push(p), '/$defs/y');
    assert.deepEqual(seen, ['/$defs/y', '/$defs/y/anyOf/0']);
    assert.deepEqual(pointers([{ type: 'string' }]), []);
    assert.deepEqual(pointers(true), []);
  });
});
