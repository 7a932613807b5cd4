/**
 * Every change kind, one small pair of schemas (or contract sets) each: the kind, its pointer
 * (into the new side, or the old side for removals) and its backward/forward flags under both
 * policies. The last tests check that the tables cover every kind and that docs/diff.md
 * documents every kind.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diffContractSets } from '../../src/diff/contract-diff.js';
import { KINDS } from '../../src/diff/kinds.js';
import type { Change, Policy } from '../../src/diff/types.js';
import { checkWitnesses, diffPair, editJson, MINIMAL, modelOf, readTree, ROOT } from './helpers.js';
import { fileIn, nth } from '../helpers.js';

type Flags = [backward: boolean, forward: boolean];
const NARROW: Flags = [false, true];
const WIDEN: Flags = [true, false];
const BOTH: Flags = [false, false];
const SAME: Flags = [true, true];

interface Row {
  kind: string;
  name?: string;
  old: unknown;
  new: unknown;
  pointer: string;
  side?: 'old' | 'new';
  flags: Flags | { lenient: Flags; strict: Flags };
  /** Other kinds the pair legitimately produces as well. */
  also?: string[];
  dialect?: 'draft-07';
  /** Inclusion is undecided here and no witness exists for a direction reported broken. */
  undecided?: boolean;
}

const D7 = 'http://json-schema.org/draft-07/schema#';
const str = { type: 'string' };
const int = { type: 'integer' };
const obj = (extra: object = {}) => ({ type: 'object', properties: { a: str }, ...extra });

const rows: Row[] = [
  // types
  { kind: 'TYPE_NARROWED', old: { type: ['string', 'null'] }, new: str, pointer: '/type', flags: NARROW },
  { kind: 'TYPE_NARROWED', name: 'number → integer', old: { type: 'number' }, new: int, pointer: '/type', flags: NARROW },
  { kind: 'TYPE_WIDENED', old: int, new: { type: 'number' }, pointer: '/type', flags: WIDEN },
  { kind: 'TYPE_WIDENED', name: 'type dropped', old: str, new: {}, pointer: '/type', side: 'old', flags: WIDEN },
  { kind: 'TYPE_CHANGED', old: str, new: int, pointer: '/type', flags: BOTH },
  // values
  { kind: 'ENUM_ARRAY_NARROWED', old: { enum: ['a', 'b'] }, new: { enum: ['a'] }, pointer: '/enum', flags: NARROW },
  { kind: 'ENUM_ARRAY_EXTENDED', old: { enum: ['a'] }, new: { enum: ['a', 'b'] }, pointer: '/enum', flags: WIDEN },
  { kind: 'ENUM_ARRAY_CHANGED', old: { enum: ['a', 'b'] }, new: { enum: ['a', 'c'] }, pointer: '/enum', flags: BOTH },
  { kind: 'ENUM_ARRAY_ADDED', old: str, new: { type: 'string', enum: ['a'] }, pointer: '/enum', flags: NARROW },
  { kind: 'ENUM_ARRAY_REMOVED', old: { type: 'string', enum: ['a'] }, new: str, pointer: '/enum', side: 'old', flags: WIDEN },
  { kind: 'CONST_ADDED', old: int, new: { type: 'integer', const: 1 }, pointer: '/const', flags: NARROW },
  { kind: 'CONST_REMOVED', old: { type: 'integer', const: 1 }, new: int, pointer: '/const', side: 'old', flags: WIDEN },
  { kind: 'CONST_CHANGED', old: { const: 1 }, new: { const: 2 }, pointer: '/const', flags: BOTH },
  // objects
  { kind: 'REQUIRED_ATTRIBUTE_ADDED', old: obj(), new: obj({ required: ['a'] }), pointer: '/required/0', flags: NARROW },
  { kind: 'REQUIRED_ATTRIBUTE_REMOVED', old: obj({ required: ['a'] }), new: obj(), pointer: '/required/0', side: 'old', flags: WIDEN },
  { kind: 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', old: obj(), new: { type: 'object', properties: { a: str, b: int } }, pointer: '/properties/b', flags: { lenient: SAME, strict: NARROW } },
  { kind: 'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', old: { type: 'object', properties: { a: str, b: int } }, new: obj(), pointer: '/properties/b', side: 'old', flags: WIDEN },
  { kind: 'PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL', old: obj({ additionalProperties: false }), new: { type: 'object', properties: { a: str, b: int }, additionalProperties: false }, pointer: '/properties/b', flags: WIDEN },
  { kind: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', old: { type: 'object', properties: { a: str, b: int }, additionalProperties: false }, new: obj({ additionalProperties: false }), pointer: '/properties/b', side: 'old', flags: NARROW },
  {
    kind: 'PROPERTY_ADDED_TO_PARTIALLY_OPEN_CONTENT_MODEL',
    old: { type: 'object', additionalProperties: str },
    new: { type: 'object', additionalProperties: str, properties: { b: { type: 'string', maxLength: 5 } } },
    pointer: '/properties/b',
    flags: NARROW,
  },
  {
    kind: 'PROPERTY_ADDED_TO_PARTIALLY_OPEN_CONTENT_MODEL',
    name: 'covered by patternProperties',
    old: { type: 'object', patternProperties: { '^x_': str } },
    new: { type: 'object', patternProperties: { '^x_': str }, properties: { x_a: str } },
    pointer: '/properties/x_a',
    flags: SAME,
  },
  {
    kind: 'PROPERTY_REMOVED_FROM_PARTIALLY_OPEN_CONTENT_MODEL',
    old: { type: 'object', additionalProperties: str, properties: { b: { type: 'string', maxLength: 5 } } },
    new: { type: 'object', additionalProperties: str },
    pointer: '/properties/b',
    side: 'old',
    flags: WIDEN,
  },
  {
    kind: 'PROPERTY_POSSIBLY_RENAMED',
    old: { type: 'object', properties: { a: str }, required: ['a'], additionalProperties: false },
    new: { type: 'object', properties: { b: str }, required: ['b'], additionalProperties: false },
    pointer: '/properties/b',
    flags: BOTH,
  },
  {
    kind: 'PROPERTY_POSSIBLY_RENAMED',
    name: 'optional, open object',
    old: { type: 'object', properties: { a: str, n: int } },
    new: { type: 'object', properties: { b: str, n: int } },
    pointer: '/properties/b',
    // The removal half is forward-incompatible; under strict the addition half is backward-incompatible too.
    flags: { lenient: WIDEN, strict: BOTH },
  },
  { kind: 'ADDITIONAL_PROPERTIES_ADDED', old: obj(), new: obj({ additionalProperties: str }), pointer: '/additionalProperties', flags: NARROW },
  { kind: 'ADDITIONAL_PROPERTIES_REMOVED', old: obj({ additionalProperties: str }), new: obj(), pointer: '/additionalProperties', side: 'old', flags: WIDEN },
  { kind: 'ADDITIONAL_PROPERTIES_NARROWED', old: obj(), new: obj({ additionalProperties: false }), pointer: '/additionalProperties', flags: NARROW },
  { kind: 'ADDITIONAL_PROPERTIES_EXTENDED', old: obj({ additionalProperties: false }), new: obj({ additionalProperties: true }), pointer: '/additionalProperties', flags: WIDEN },
  { kind: 'PATTERN_PROPERTY_ADDED', old: { type: 'object' }, new: { type: 'object', patternProperties: { '^x_': str } }, pointer: '/patternProperties/^x_', flags: NARROW },
  { kind: 'PATTERN_PROPERTY_REMOVED', old: { type: 'object', patternProperties: { '^x_': str } }, new: { type: 'object' }, pointer: '/patternProperties/^x_', side: 'old', flags: WIDEN },
  { kind: 'PROPERTY_NAMES_ADDED', old: { type: 'object' }, new: { type: 'object', propertyNames: { maxLength: 3 } }, pointer: '/propertyNames', flags: NARROW },
  { kind: 'PROPERTY_NAMES_REMOVED', old: { type: 'object', propertyNames: { maxLength: 3 } }, new: { type: 'object' }, pointer: '/propertyNames', side: 'old', flags: WIDEN },
  { kind: 'DEPENDENCY_ARRAY_ADDED', old: { type: 'object' }, new: { type: 'object', dependentRequired: { a: ['b'] } }, pointer: '/dependentRequired/a', flags: NARROW },
  { kind: 'DEPENDENCY_ARRAY_ADDED', name: 'draft-07 dependencies', dialect: 'draft-07', old: { $schema: D7, type: 'object' }, new: { $schema: D7, type: 'object', dependencies: { a: ['b'] } }, pointer: '/dependencies/a', flags: NARROW },
  { kind: 'DEPENDENCY_ARRAY_REMOVED', old: { type: 'object', dependentRequired: { a: ['b'] } }, new: { type: 'object' }, pointer: '/dependentRequired/a', side: 'old', flags: WIDEN },
  { kind: 'DEPENDENCY_ARRAY_EXTENDED', old: { type: 'object', dependentRequired: { a: ['b'] } }, new: { type: 'object', dependentRequired: { a: ['b', 'c'] } }, pointer: '/dependentRequired/a', flags: NARROW },
  { kind: 'DEPENDENCY_ARRAY_NARROWED', old: { type: 'object', dependentRequired: { a: ['b', 'c'] } }, new: { type: 'object', dependentRequired: { a: ['b'] } }, pointer: '/dependentRequired/a', flags: WIDEN },
  { kind: 'DEPENDENCY_ARRAY_CHANGED', old: { type: 'object', dependentRequired: { a: ['b'] } }, new: { type: 'object', dependentRequired: { a: ['c'] } }, pointer: '/dependentRequired/a', flags: BOTH },
  { kind: 'DEPENDENCY_SCHEMA_ADDED', old: { type: 'object' }, new: { type: 'object', dependentSchemas: { a: { required: ['b'] } } }, pointer: '/dependentSchemas/a', flags: NARROW },
  { kind: 'DEPENDENCY_SCHEMA_REMOVED', old: { type: 'object', dependentSchemas: { a: { required: ['b'] } } }, new: { type: 'object' }, pointer: '/dependentSchemas/a', side: 'old', flags: WIDEN },
  // arrays
  { kind: 'ITEMS_ADDED', old: { type: 'array' }, new: { type: 'array', items: str }, pointer: '/items', flags: NARROW },
  { kind: 'ITEMS_REMOVED', old: { type: 'array', items: str }, new: { type: 'array' }, pointer: '/items', side: 'old', flags: WIDEN },
  { kind: 'ITEMS_NARROWED', old: { type: 'array', prefixItems: [str] }, new: { type: 'array', prefixItems: [str], items: false }, pointer: '/items', flags: NARROW },
  { kind: 'ITEMS_NARROWED', name: 'draft-07 additionalItems', dialect: 'draft-07', old: { $schema: D7, type: 'array', items: [str] }, new: { $schema: D7, type: 'array', items: [str], additionalItems: false }, pointer: '/additionalItems', flags: NARROW },
  { kind: 'ITEMS_EXTENDED', old: { type: 'array', prefixItems: [str], items: false }, new: { type: 'array', prefixItems: [str] }, pointer: '/items', side: 'old', flags: WIDEN },
  { kind: 'PREFIX_ITEM_ADDED', old: { type: 'array', prefixItems: [str] }, new: { type: 'array', prefixItems: [str, int] }, pointer: '/prefixItems/1', flags: NARROW },
  { kind: 'PREFIX_ITEM_ADDED', name: 'closed tuple', old: { type: 'array', prefixItems: [str], items: false }, new: { type: 'array', prefixItems: [str, int], items: false }, pointer: '/prefixItems/1', flags: WIDEN },
  { kind: 'PREFIX_ITEM_ADDED', name: 'draft-07 items array', dialect: 'draft-07', old: { $schema: D7, type: 'array', items: [str] }, new: { $schema: D7, type: 'array', items: [str, int] }, pointer: '/items/1', flags: NARROW },
  { kind: 'PREFIX_ITEM_REMOVED', old: { type: 'array', prefixItems: [str, int] }, new: { type: 'array', prefixItems: [str] }, pointer: '/prefixItems/1', side: 'old', flags: WIDEN },
  { kind: 'CONTAINS_ADDED', old: { type: 'array' }, new: { type: 'array', contains: str }, pointer: '/contains', flags: NARROW },
  { kind: 'CONTAINS_REMOVED', old: { type: 'array', contains: str }, new: { type: 'array' }, pointer: '/contains', side: 'old', flags: WIDEN },
  { kind: 'UNIQUE_ITEMS_ADDED', old: { type: 'array' }, new: { type: 'array', uniqueItems: true }, pointer: '/uniqueItems', flags: NARROW },
  { kind: 'UNIQUE_ITEMS_REMOVED', old: { type: 'array', uniqueItems: true }, new: { type: 'array' }, pointer: '/uniqueItems', side: 'old', flags: WIDEN },
  // strings
  { kind: 'PATTERN_ADDED', old: str, new: { type: 'string', pattern: '^a+$' }, pointer: '/pattern', flags: NARROW },
  { kind: 'PATTERN_REMOVED', old: { type: 'string', pattern: '^a+$' }, new: str, pointer: '/pattern', side: 'old', flags: WIDEN },
  { kind: 'PATTERN_WIDENED', old: { type: 'string', pattern: '^[a-z]+$' }, new: { type: 'string', pattern: '^[a-z_]+$' }, pointer: '/pattern', flags: WIDEN },
  { kind: 'PATTERN_NARROWED', old: { type: 'string', pattern: '^[a-z_]+$' }, new: { type: 'string', pattern: '^[a-z]+$' }, pointer: '/pattern', flags: NARROW },
  { kind: 'PATTERN_CHANGED', old: { type: 'string', pattern: '^a+$' }, new: { type: 'string', pattern: '^b+$' }, pointer: '/pattern', flags: BOTH },
  { kind: 'FORMAT_ADDED', old: str, new: { type: 'string', format: 'email' }, pointer: '/format', flags: NARROW },
  { kind: 'FORMAT_REMOVED', old: { type: 'string', format: 'email' }, new: str, pointer: '/format', side: 'old', flags: WIDEN },
  { kind: 'FORMAT_NARROWED', old: { type: 'string', format: 'idn-email' }, new: { type: 'string', format: 'email' }, pointer: '/format', flags: NARROW },
  { kind: 'FORMAT_WIDENED', old: { type: 'string', format: 'uri' }, new: { type: 'string', format: 'uri-reference' }, pointer: '/format', flags: WIDEN },
  { kind: 'FORMAT_CHANGED', old: { type: 'string', format: 'date' }, new: { type: 'string', format: 'email' }, pointer: '/format', flags: BOTH },
  // numbers
  { kind: 'MULTIPLE_OF_ADDED', old: int, new: { type: 'integer', multipleOf: 2 }, pointer: '/multipleOf', flags: NARROW },
  { kind: 'MULTIPLE_OF_REMOVED', old: { type: 'integer', multipleOf: 2 }, new: int, pointer: '/multipleOf', side: 'old', flags: WIDEN },
  { kind: 'MULTIPLE_OF_EXPANDED', old: { type: 'integer', multipleOf: 2 }, new: { type: 'integer', multipleOf: 4 }, pointer: '/multipleOf', flags: NARROW },
  { kind: 'MULTIPLE_OF_REDUCED', old: { type: 'number', multipleOf: 0.3 }, new: { type: 'number', multipleOf: 0.1 }, pointer: '/multipleOf', flags: WIDEN },
  { kind: 'MULTIPLE_OF_CHANGED', old: { type: 'integer', multipleOf: 2 }, new: { type: 'integer', multipleOf: 3 }, pointer: '/multipleOf', flags: BOTH },
  { kind: 'EXCLUSIVE_MINIMUM_INCREASED', name: 'minimum 0 → exclusiveMinimum 0', old: { type: 'number', minimum: 0 }, new: { type: 'number', exclusiveMinimum: 0 }, pointer: '/exclusiveMinimum', flags: NARROW },
  // composition
  // Overlapping alternatives: `oneOf` rejects a value matching both. (With disjoint ones, such as
  // string | integer, oneOf and anyOf accept the same values and nothing is reported.)
  { kind: 'COMPOSITION_METHOD_CHANGED', old: { oneOf: [str, { type: 'string', minLength: 2 }] }, new: { anyOf: [str, { type: 'string', minLength: 2 }] }, pointer: '/anyOf', flags: WIDEN },
  { kind: 'COMPOSITION_METHOD_CHANGED', name: 'anyOf → oneOf', old: { anyOf: [str, { type: 'string', minLength: 2 }] }, new: { oneOf: [str, { type: 'string', minLength: 2 }] }, pointer: '/oneOf', flags: NARROW },
  // Was BOTH: but whatever matches all of the subschemas matches one of them, so allOf → anyOf widens.
  { kind: 'COMPOSITION_METHOD_CHANGED', name: 'allOf → anyOf', old: { allOf: [obj(), { required: ['a'] }] }, new: { anyOf: [obj(), { required: ['a'] }] }, pointer: '/anyOf', flags: WIDEN },
  { kind: 'COMPOSITION_ADDED', old: {}, new: { allOf: [str] }, pointer: '/allOf', flags: NARROW },
  { kind: 'COMPOSITION_REMOVED', old: { allOf: [str] }, new: {}, pointer: '/allOf', side: 'old', flags: WIDEN },
  { kind: 'SUM_TYPE_EXTENDED', old: { anyOf: [str] }, new: { anyOf: [str, int] }, pointer: '/anyOf/1', flags: WIDEN },
  { kind: 'SUM_TYPE_NARROWED', old: { oneOf: [str, int] }, new: { oneOf: [str] }, pointer: '/oneOf/1', side: 'old', flags: NARROW },
  { kind: 'PRODUCT_TYPE_EXTENDED', old: { allOf: [obj()] }, new: { allOf: [obj(), { required: ['a'] }] }, pointer: '/allOf/1', flags: NARROW },
  { kind: 'PRODUCT_TYPE_NARROWED', old: { allOf: [obj(), { required: ['a'] }] }, new: { allOf: [obj()] }, pointer: '/allOf/1', side: 'old', flags: WIDEN },
  { kind: 'NOT_ADDED', old: {}, new: { not: str }, pointer: '/not', flags: NARROW },
  { kind: 'NOT_REMOVED', old: { not: str }, new: {}, pointer: '/not', side: 'old', flags: WIDEN },
  { kind: 'NOT_CHANGED', old: { not: str }, new: { not: { type: ['string', 'null'] } }, pointer: '/not', flags: NARROW },
  { kind: 'CONDITIONAL_ADDED', old: obj(), new: obj({ if: { required: ['a'] }, then: { required: ['b'] } }), pointer: '/if', flags: NARROW },
  { kind: 'CONDITIONAL_REMOVED', old: obj({ if: { required: ['a'] }, then: { required: ['b'] } }), new: obj(), pointer: '/if', side: 'old', flags: WIDEN },
  { kind: 'CONDITIONAL_CHANGED', old: obj({ if: { required: ['a'] }, then: { required: ['b'] } }), new: obj({ if: { required: ['c'] }, then: { required: ['b'] } }), pointer: '/if', flags: BOTH },
  { kind: 'REQUIRED_ATTRIBUTE_ADDED', name: 'inside then (same if)', old: obj({ if: { required: ['a'] }, then: { required: ['b'] } }), new: obj({ if: { required: ['a'] }, then: { required: ['b', 'c'] } }), pointer: '/then/required/1', flags: NARROW },
  { kind: 'FALSE_SCHEMA_ADDED', old: obj(), new: { type: 'object', properties: { a: false } }, pointer: '/properties/a', flags: NARROW },
  { kind: 'FALSE_SCHEMA_REMOVED', old: { type: 'object', properties: { a: false } }, new: obj(), pointer: '/properties/a', flags: WIDEN },
  // references and unanalysed keywords
  // Remote references are never fetched, so neither schema can be compiled to confirm a witness: the message says so.
  { kind: 'REF_CHANGED', old: { $ref: 'https://example.com/a.json' }, new: { $ref: 'https://example.com/b.json' }, pointer: '/$ref', flags: BOTH, undecided: true },
  // Was BOTH: without applicators beside it, unevaluatedProperties acts as additionalProperties, so dropping `false` widens.
  { kind: 'KEYWORD_CHANGED', old: { type: 'object', unevaluatedProperties: false }, new: { type: 'object' }, pointer: '/unevaluatedProperties', side: 'old', flags: WIDEN },
  // Beside an allOf, what unevaluatedProperties sees is not modelled: inclusion is undecided, so it counts as incompatible both ways (no backward witness exists: it is in fact compatible).
  { kind: 'KEYWORD_CHANGED', name: 'undecided', old: { allOf: [obj()], unevaluatedProperties: false }, new: { allOf: [obj()], unevaluatedProperties: str }, pointer: '/unevaluatedProperties', flags: BOTH, undecided: true },
  // A oneOf alternative widened so that a value now matches two of them: the keyword walk sees a widening, a witness disproves it.
  {
    kind: 'COMPATIBILITY_DISPROVED',
    old: { oneOf: [{ type: 'string', maxLength: 3 }, { type: 'string', minLength: 5 }] },
    new: { oneOf: [{ type: 'string', maxLength: 5 }, { type: 'string', minLength: 5 }] },
    pointer: '/oneOf',
    flags: NARROW,
    also: ['MAX_LENGTH_INCREASED'],
  },
  // metadata
  { kind: 'TITLE_CHANGED', old: { title: 'a' }, new: { title: 'b' }, pointer: '/title', flags: SAME },
  { kind: 'DESCRIPTION_CHANGED', old: { description: 'a' }, new: { description: 'b' }, pointer: '/description', flags: SAME },
  { kind: 'EXAMPLES_CHANGED', old: { examples: ['a'] }, new: { examples: ['b'] }, pointer: '/examples', flags: SAME },
  { kind: 'COMMENT_CHANGED', old: { $comment: 'a' }, new: {}, pointer: '/$comment', side: 'old', flags: SAME },
  { kind: 'DEFAULT_CHANGED', old: { type: 'integer', default: 1 }, new: { type: 'integer', default: 2 }, pointer: '/default', flags: SAME },
  { kind: 'METADATA_CHANGED', old: { 'x-owner': 'a' }, new: { 'x-owner': 'b' }, pointer: '/x-owner', flags: SAME },
  { kind: 'METADATA_CHANGED', name: 'prefixItems is unknown to draft-07', dialect: 'draft-07', old: { $schema: D7, prefixItems: [str] }, new: { $schema: D7, prefixItems: [int] }, pointer: '/prefixItems', flags: SAME },
  { kind: 'DEPRECATED_ADDED', old: str, new: { type: 'string', deprecated: true }, pointer: '/deprecated', flags: SAME },
  { kind: 'DEPRECATED_REMOVED', old: { type: 'string', deprecated: true }, new: str, pointer: '/deprecated', side: 'old', flags: SAME },
];

// Every bound keyword: added, removed, tightened and loosened.
const BOUNDS: [string, string, 'lower' | 'upper', object][] = [
  ['MIN_LENGTH', 'minLength', 'lower', str],
  ['MAX_LENGTH', 'maxLength', 'upper', str],
  ['MINIMUM', 'minimum', 'lower', int],
  ['MAXIMUM', 'maximum', 'upper', int],
  ['EXCLUSIVE_MINIMUM', 'exclusiveMinimum', 'lower', int],
  ['EXCLUSIVE_MAXIMUM', 'exclusiveMaximum', 'upper', int],
  ['MIN_ITEMS', 'minItems', 'lower', { type: 'array' }],
  ['MAX_ITEMS', 'maxItems', 'upper', { type: 'array' }],
  ['MIN_CONTAINS', 'minContains', 'lower', { type: 'array', contains: str }],
  ['MAX_CONTAINS', 'maxContains', 'upper', { type: 'array', contains: str }],
  ['MIN_PROPERTIES', 'minProperties', 'lower', { type: 'object' }],
  ['MAX_PROPERTIES', 'maxProperties', 'upper', { type: 'object' }],
];
for (const [prefix, keyword, end, base] of BOUNDS) {
  const tight = end === 'lower' ? 3 : 4;
  const loose = end === 'lower' ? 2 : 5;
  const at = `/${keyword}`;
  rows.push(
    { kind: `${prefix}_ADDED`, old: base, new: { ...base, [keyword]: tight }, pointer: at, flags: NARROW },
    { kind: `${prefix}_REMOVED`, old: { ...base, [keyword]: tight }, new: base, pointer: at, side: 'old', flags: WIDEN },
    { kind: `${prefix}_${end === 'lower' ? 'INCREASED' : 'DECREASED'}`, old: { ...base, [keyword]: loose }, new: { ...base, [keyword]: tight }, pointer: at, flags: NARROW },
    { kind: `${prefix}_${end === 'lower' ? 'DECREASED' : 'INCREASED'}`, old: { ...base, [keyword]: tight }, new: { ...base, [keyword]: loose }, pointer: at, flags: WIDEN },
  );
}

const covered = new Set<string>();
const expectedFlags = (row: { flags: Row['flags'] }, policy: Policy): Flags => (Array.isArray(row.flags) ? row.flags : row.flags[policy]);

function check(changes: Change[], row: { kind: string; pointer: string; side?: 'old' | 'new'; file?: string; also?: string[] }, flags: Flags): void {
  const matching = changes.filter((c) => c.kind === row.kind);
  assert.equal(matching.length, 1, `expected one ${row.kind}, got: ${JSON.stringify(changes.map((c) => `${c.kind} ${c.pointer}`))}`);
  const change = nth(matching, 0);
  assert.equal(change.pointer, row.pointer);
  assert.equal(change.side, row.side ?? 'new');
  if (row.file) assert.equal(change.file, row.file);
  assert.deepEqual([change.backward, change.forward], flags);
  const unexpected = changes.filter((c) => c.kind !== row.kind && !(row.also ?? []).includes(c.kind));
  assert.deepEqual(unexpected.map((c) => c.kind), [], 'no other changes');
  covered.add(row.kind);
}

describe('schema change kinds', () => {
  for (const row of rows) {
    for (const policy of ['lenient', 'strict'] as const) {
      it(`${row.kind}${row.name ? ` (${row.name})` : ''} [${policy}]`, () => {
        const changes = diffPair(row.old, row.new, policy, row.dialect ?? '2020-12');
        check(changes, { ...row, file: row.side === 'old' ? 'old.json' : 'new.json' }, expectedFlags(row, policy));
        // Every incompatible verdict carries a witness that ajv confirms (undecided rows may lack one, and say so).
        const missing = checkWitnesses(changes, row.old, row.new, row.dialect ?? '2020-12');
        if (row.undecided) assert.ok(missing.every((c) => /no witness/.test(c.message)), 'an undecided change without a witness says so');
        else assert.deepEqual(missing.map((c) => c.kind), [], 'every incompatible change has a witness');
      });
    }
  }

  it('SCHEMA_CHANGED: a change nested deeper than the walk follows', () => {
    const nest = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { type: 'object', properties: { a: nest(depth - 1, leaf) } });
    for (const policy of ['lenient', 'strict'] as const) {
      const changes = diffPair(nest(120, str), nest(120, int), policy);
      assert.deepEqual(changes.map((c) => [c.kind, c.backward, c.forward]), [['SCHEMA_CHANGED', false, false]]);
      assert.match(nth(changes, 0).pointer, /^(\/properties\/a){40,}$/);
    }
    covered.add('SCHEMA_CHANGED');
  });

  it('SCHEMA_UNAVAILABLE: a side that is not valid JSON', () => {
    for (const policy of ['lenient', 'strict'] as const) {
      const changes = diffPair(str, '{ "type": ', policy);
      check(changes, { kind: 'SCHEMA_UNAVAILABLE', pointer: '', file: 'new.json' }, BOTH);
    }
  });
});

// ---- registry, envelope, shared schemas, documents and examples ----------------------------

type Files = Record<string, string>;
const REG = 'event-types-registry.json';
const ET = '/event_types/lesson.delivered';
const base = readTree(MINIMAL);
const reg = (files: Files, edit: (r: any) => void) => editJson(files, REG, edit);
const entry = (files: Files, edit: (e: any) => void) => reg(files, (r) => edit(r.event_types['lesson.delivered']));
const extraType = (files: Files) =>
  reg(files, (r) => {
    r.event_types['lesson.cancelled'] = { ...r.event_types['lesson.delivered'], versions: {} };
  });
const withFile = (files: Files, path: string, text: string) => ({ ...files, [path]: text });
const without = (files: Files, path: string) => Object.fromEntries(Object.entries(files).filter(([p]) => p !== path));
const IDS = 'event-envelope/schema/ids-v1.json';
const withOrderId = (files: Files) => editJson(files, IDS, (s) => void (s.$defs.order_id = { type: 'string', pattern: '^ord_' }));
const EXAMPLE = 'lesson-lifecycle/examples/lesson.delivered-v1.json';
const withService = (files: Files) => reg(files, (r) => void (r.services = { billing: { owner: 'revenue', description: 'Bills lessons.' } }));
const withConsumer = (files: Files) => entry(withService(files), (e) => void (e.consumers = [{ service: 'billing', versions: ['1'] }]));
const withFlow = (files: Files) => reg(files, (r) => void (r.flows = { teaching: { description: 'A lesson is taught.', steps: [{ event_type: 'lesson.delivered' }] } }));
const PAYLOAD = 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';

interface SetRow {
  kind: string;
  old?: (files: Files) => Files;
  new?: (files: Files) => Files;
  file: string;
  pointer: string;
  side?: 'old' | 'new';
  flags: Flags;
  eventType?: string;
  also?: string[];
}

const setRows: SetRow[] = [
  { kind: 'EVENT_TYPE_ADDED', new: extraType, file: REG, pointer: '/event_types/lesson.cancelled', flags: SAME, eventType: 'lesson.cancelled' },
  { kind: 'EVENT_TYPE_REMOVED', old: extraType, file: REG, pointer: '/event_types/lesson.cancelled', side: 'old', flags: NARROW, eventType: 'lesson.cancelled' },
  { kind: 'EVENT_TYPE_DEPRECATED', new: (f) => entry(f, (e) => void (e.status = 'deprecated')), file: REG, pointer: `${ET}/status`, flags: SAME, eventType: 'lesson.delivered' },
  { kind: 'EVENT_TYPE_UNDEPRECATED', old: (f) => entry(f, (e) => void (e.status = 'deprecated')), file: REG, pointer: `${ET}/status`, flags: SAME, eventType: 'lesson.delivered' },
  { kind: 'EVENT_TYPE_STATUS_CHANGED', old: (f) => entry(f, (e) => void (e.status = 'proposed')), file: REG, pointer: `${ET}/status`, flags: SAME, eventType: 'lesson.delivered' },
  { kind: 'EVENT_TYPE_DESCRIPTION_CHANGED', new: (f) => entry(f, (e) => void (e.description = 'Delivered.')), file: REG, pointer: `${ET}/description`, flags: SAME, eventType: 'lesson.delivered' },
  { kind: 'EVENT_TYPE_VERSION_ADDED', new: (f) => entry(f, (e) => void (e.versions['2'] = { schema: PAYLOAD })), file: REG, pointer: `${ET}/versions/2`, flags: SAME, eventType: 'lesson.delivered' },
  { kind: 'EVENT_TYPE_VERSION_REMOVED', old: (f) => entry(f, (e) => void (e.versions['2'] = { schema: PAYLOAD })), file: REG, pointer: `${ET}/versions/2`, side: 'old', flags: NARROW, eventType: 'lesson.delivered' },
  { kind: 'EVENT_TYPE_VERSION_DEPRECATED', old: (f) => entry(f, (e) => void (e.versions['2'] = { schema: PAYLOAD })), new: (f) => entry(f, (e) => void (e.versions['2'] = { schema: PAYLOAD, status: 'deprecated' })), file: REG, pointer: `${ET}/versions/2/status`, flags: SAME, eventType: 'lesson.delivered' },
  { kind: 'COMPATIBILITY_CHANGED', new: (f) => entry(f, (e) => void (e.compatibility = 'BACKWARD')), file: REG, pointer: `${ET}/compatibility`, flags: SAME, eventType: 'lesson.delivered' },
  { kind: 'COMPATIBILITY_CHANGED', new: (f) => editJson(f, REG, (r) => void (r.compatibility = 'NONE')), file: REG, pointer: '/compatibility', flags: SAME },
  {
    kind: 'VERSION_SCHEMA_MOVED',
    new: (f) => entry(withFile(without(f, PAYLOAD), 'lesson-lifecycle/schema/payloads/lesson-delivered.json', fileIn(f, PAYLOAD)), (e) => void (e.versions['1'].schema = 'lesson-lifecycle/schema/payloads/lesson-delivered.json')),
    file: REG,
    pointer: `${ET}/versions/1/schema`,
    flags: SAME,
    eventType: 'lesson.delivered',
  },
  { kind: 'PRODUCER_CHANGED', new: (f) => entry(f, (e) => void (e.producer = 'platform')), file: REG, pointer: `${ET}/producer`, flags: BOTH, eventType: 'lesson.delivered' },
  { kind: 'CONTRACT_CHANGED', new: (f) => entry(f, (e) => void (e.contract = 'lesson-ops')), file: REG, pointer: `${ET}/contract`, flags: SAME, eventType: 'lesson.delivered' },
  { kind: 'SUBJECT_ADDED', old: (f) => entry(f, (e) => void delete e.subject), file: REG, pointer: `${ET}/subject`, flags: NARROW, eventType: 'lesson.delivered' },
  { kind: 'SUBJECT_REMOVED', new: (f) => entry(f, (e) => void delete e.subject), file: REG, pointer: `${ET}/subject`, side: 'old', flags: WIDEN, eventType: 'lesson.delivered' },
  { kind: 'SUBJECT_CHANGED', new: (f) => entry(f, (e) => void (e.subject = 'person')), file: REG, pointer: `${ET}/subject`, flags: BOTH, eventType: 'lesson.delivered' },
  { kind: 'ACTORS_EXTENDED', old: (f) => entry(f, (e) => void (e.actors = ['person'])), file: REG, pointer: `${ET}/actors`, flags: WIDEN, eventType: 'lesson.delivered' },
  { kind: 'ACTORS_NARROWED', new: (f) => entry(f, (e) => void (e.actors = ['person'])), file: REG, pointer: `${ET}/actors`, flags: NARROW, eventType: 'lesson.delivered' },
  { kind: 'ACTORS_CHANGED', old: (f) => entry(f, (e) => void (e.actors = ['person'])), new: (f) => entry(f, (e) => void (e.actors = ['system'])), file: REG, pointer: `${ET}/actors`, flags: BOTH, eventType: 'lesson.delivered' },
  { kind: 'ID_KIND_ADDED', new: (f) => reg(f, (r) => void (r.id_kinds.order = { prefix: 'ord_', description: 'An order.' })), file: REG, pointer: '/id_kinds/order', flags: SAME },
  { kind: 'ID_KIND_REMOVED', old: (f) => reg(f, (r) => void (r.id_kinds.order = { prefix: 'ord_', description: 'An order.' })), file: REG, pointer: '/id_kinds/order', side: 'old', flags: NARROW },
  { kind: 'ID_KIND_PREFIX_CHANGED', new: (f) => reg(f, (r) => void (r.id_kinds.lesson.prefix = 'lsn_')), file: REG, pointer: '/id_kinds/lesson/prefix', flags: BOTH },
  { kind: 'ID_KIND_DESCRIPTION_CHANGED', new: (f) => reg(f, (r) => void (r.id_kinds.lesson.description = 'One lesson.')), file: REG, pointer: '/id_kinds/lesson/description', flags: SAME },
  { kind: 'ENVELOPE_VERSION_ADDED', new: (f) => withFile(f, 'event-envelope/schema/envelope-v2.json', fileIn(f, 'event-envelope/schema/envelope-v1.json')), file: 'event-envelope/schema/envelope-v2.json', pointer: '', flags: SAME },
  { kind: 'ENVELOPE_VERSION_REMOVED', old: (f) => withFile(f, 'event-envelope/schema/envelope-v2.json', fileIn(f, 'event-envelope/schema/envelope-v1.json')), file: 'event-envelope/schema/envelope-v2.json', pointer: '', side: 'old', flags: NARROW },
  { kind: 'SHARED_SCHEMA_ADDED', new: (f) => withFile(f, 'event-envelope/schema/money-v1.json', '{"type": "integer"}\n'), file: 'event-envelope/schema/money-v1.json', pointer: '', flags: SAME },
  { kind: 'SHARED_SCHEMA_REMOVED', old: (f) => withFile(f, 'event-envelope/schema/money-v1.json', '{"type": "integer"}\n'), file: 'event-envelope/schema/money-v1.json', pointer: '', side: 'old', flags: NARROW },
  { kind: 'SHARED_DEFINITION_ADDED', new: withOrderId, file: IDS, pointer: '/$defs/order_id', flags: SAME },
  { kind: 'SHARED_DEFINITION_REMOVED', old: withOrderId, file: IDS, pointer: '/$defs/order_id', side: 'old', flags: NARROW },
  { kind: 'SERVICE_ADDED', new: withService, file: REG, pointer: '/services/billing', flags: SAME },
  { kind: 'SERVICE_REMOVED', old: withService, file: REG, pointer: '/services/billing', side: 'old', flags: SAME },
  { kind: 'SERVICE_OWNER_CHANGED', old: withService, new: (f) => reg(withService(f), (r) => void (r.services.billing.owner = 'finance')), file: REG, pointer: '/services/billing/owner', flags: SAME },
  { kind: 'CONSUMER_ADDED', new: withConsumer, file: REG, pointer: `${ET}/consumers/0`, flags: SAME, eventType: 'lesson.delivered', also: ['SERVICE_ADDED'] },
  { kind: 'CONSUMER_REMOVED', old: withConsumer, file: REG, pointer: `${ET}/consumers/0`, side: 'old', flags: SAME, eventType: 'lesson.delivered', also: ['SERVICE_REMOVED'] },
  { kind: 'CONSUMER_VERSIONS_CHANGED', old: withConsumer, new: (f) => entry(withConsumer(f), (e) => void (e.consumers[0].versions = [])), file: REG, pointer: `${ET}/consumers/0/versions`, flags: SAME, eventType: 'lesson.delivered' },
  { kind: 'FLOW_ADDED', new: withFlow, file: REG, pointer: '/flows/teaching', flags: SAME },
  { kind: 'FLOW_REMOVED', old: withFlow, file: REG, pointer: '/flows/teaching', side: 'old', flags: SAME },
  { kind: 'FLOW_CHANGED', old: withFlow, new: (f) => reg(withFlow(f), (r) => void r.flows.teaching.steps.push({ event_type: 'lesson.delivered' })), file: REG, pointer: '/flows/teaching/steps', flags: SAME },
  { kind: 'DOC_ADDED', new: (f) => withFile(f, 'lesson-lifecycle/notes.md', '# Notes\n'), file: 'lesson-lifecycle/notes.md', pointer: '', flags: SAME },
  { kind: 'DOC_REMOVED', old: (f) => withFile(f, 'lesson-lifecycle/notes.md', '# Notes\n'), file: 'lesson-lifecycle/notes.md', pointer: '', side: 'old', flags: SAME },
  { kind: 'DOC_CHANGED', new: (f) => withFile(f, 'lesson-lifecycle/README.md', `${f['lesson-lifecycle/README.md']}\nMore.\n`), file: 'lesson-lifecycle/README.md', pointer: '', flags: SAME },
  { kind: 'EXAMPLE_ADDED', new: (f) => withFile(f, 'lesson-lifecycle/examples/lesson.delivered-v1.absent.json', fileIn(f, EXAMPLE)), file: 'lesson-lifecycle/examples/lesson.delivered-v1.absent.json', pointer: '', flags: SAME, eventType: 'lesson.delivered' },
  { kind: 'EXAMPLE_REMOVED', new: (f) => without(f, EXAMPLE), file: EXAMPLE, pointer: '', side: 'old', flags: SAME, eventType: 'lesson.delivered' },
  { kind: 'EXAMPLE_CHANGED', new: (f) => editJson(f, EXAMPLE, (e) => void (e.payload.attendance[0].status = 'absent')), file: EXAMPLE, pointer: '', flags: SAME, eventType: 'lesson.delivered' },
];

describe('contract-set change kinds', () => {
  for (const row of setRows) {
    for (const policy of ['lenient', 'strict'] as const) {
      it(`${row.kind} [${policy}]`, () => {
        const before = modelOf(row.old ? row.old(base) : base, 'old');
        const after = modelOf(row.new ? row.new(base) : base, 'new');
        const changes = diffContractSets(before, after, { policy, dialect: '2020-12' });
        check(changes, row, row.flags);
        const change = changes.find((c) => c.kind === row.kind)!;
        assert.equal(change.eventType, row.eventType);
      });
    }
  }

  it('an unchanged set has no changes', () => {
    assert.deepEqual(diffContractSets(modelOf(base), modelOf(base)), []);
  });
});

describe('kind catalog', () => {
  it('every kind has a test above', () => {
    const missing = [...KINDS.keys()].filter((k) => !covered.has(k));
    assert.deepEqual(missing, []);
  });

  it('docs/diff.md documents every kind, and only those', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'diff.md'), 'utf8');
    const documented = new Set([...doc.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => nth(m, 1)));
    assert.deepEqual([...KINDS.keys()].filter((k) => !documented.has(k)), [], 'kinds missing from docs/diff.md');
    assert.deepEqual([...documented].filter((k) => !KINDS.has(k)), [], 'documented kinds that do not exist');
  });

});
