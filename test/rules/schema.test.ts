/**
 * Variants of the schema/* rules that one fixture per rule cannot show: each case starts from
 * fixtures/minimal/contracts, changes a file or two in memory, and asserts exactly which schema
 * rules fire, where, and the key part of what they say (the fixtures pin full messages).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkSource } from '../../src/check.js';
import { MemorySource } from '../../src/load/source.js';
import { nth } from '../helpers.js';

const BASE = join(import.meta.dirname, '..', '..', 'fixtures', 'minimal', 'contracts');
const PAYLOAD = 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';
const IDS = '../../../event-envelope/schema/ids-v1.json';

function baseFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const name of readdirSync(BASE, { recursive: true }) as string[]) {
    const path = name.split('\\').join('/');
    if (statSync(join(BASE, path)).isFile()) files.set(path, readFileSync(join(BASE, path)));
  }
  return files;
}

type Json = Record<string, any>;
const payload = (): Json => JSON.parse(readFileSync(join(BASE, PAYLOAD), 'utf8'));

/** Diagnostics of the given rule group as `rule line:col message`, in report order. */
function check(changes: Record<string, Json | string | null>, prefix = 'schema/'): string[] {
  const files = baseFiles();
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) files.delete(path);
    else files.set(path, Buffer.from(typeof content === 'string' ? content : JSON.stringify(content, null, 2)));
  }
  const { diagnostics } = checkSource(new MemorySource('contracts', files), { displayRoot: '' });
  return diagnostics.filter((d) => d.rule.startsWith(prefix)).map((d) => `${d.rule} ${d.file}:${d.line}:${d.column} ${d.message}`);
}

function withPayload(mutate: (p: Json) => void, extra: Record<string, Json | string | null> = {}): string[] {
  const p = payload();
  mutate(p);
  return check({ [PAYLOAD]: p, ...extra });
}

/** Asserts one finding per expectation, in order: `rule line:col` exactly and a part of the message. */
function expect(actual: string[], expected: [string, string][]): void {
  assert.equal(actual.length, expected.length, `got:\n${actual.join('\n')}`);
  expected.forEach(([where, part], i) => {
    const [rule, position = ''] = where.split(' ');
    const line = nth(actual, i);
    const file = position.includes(':') && position.split(':').length === 3 ? position : `${PAYLOAD}:${position}`;
    assert.ok(line.startsWith(`${rule} ${file} `), `finding ${i}: expected ${rule} at ${file}, got:\n${line}`);
    assert.ok(line.includes(part), `finding ${i}: expected message to include ${JSON.stringify(part)}, got:\n${line}`);
  });
}

describe('clean sets', () => {
  it('the minimal set has no schema findings', () => {
    assert.deepEqual(check({}), []);
  });
});

describe('schema/invalid', () => {
  it('reports a meta-schema violation once, at the value', () => {
    expect(withPayload((p) => (p.properties.delivered_at.type = 'strng')), [
      ['schema/invalid 39:15', '"type" must be one of "array", "boolean", "integer", "null", "number", "object", "string" (or an array of them) (found "strng")'],
    ]);
    expect(withPayload((p) => (p.properties.delivered_at.minLength = -1)), [['schema/invalid 41:20', '"minLength" must be >= 0 (found -1)']]);
    expect(withPayload((p) => (p.properties.extra = 5)), [['schema/invalid 42:14', 'the schema of "properties" entry "extra" must be a schema (an object, or true/false) (found 5)']]);
  });

  it('points at the repeated item of a list that must be unique', () => {
    expect(withPayload((p) => p.required.push('lesson_id')), [['schema/invalid 10:5', '"required" repeats "lesson_id" (already item 0)']]);
  });

  it('reports a file that is not a schema at all', () => {
    expect(check({ [PAYLOAD]: '[]' }), [['schema/invalid 1:1', 'the file must be a schema (an object, or true/false) (found an array)']]);
  });

  it('reports unknown and non-standard keywords at the key, with a hint', () => {
    expect(withPayload((p) => (p.properties.delivered_at.nullable = true)), [['schema/invalid 41:7', '"nullable" is an OpenAPI keyword']]);
    expect(withPayload((p) => (p.id = 'x')), [['schema/invalid 43:3', 'use "$id"']]);
    expect(withPayload((p) => (p.properties.attendance.additionalItems = false)), [['schema/invalid 37:7', '"additionalItems" does not exist in 2020-12']]);
    expect(withPayload((p) => (p['x-owner'] = 'ops')), [['schema/invalid 43:3', 'unknown keyword "x-owner"']]);
  });

  it('does not look inside an unknown keyword', () => {
    expect(withPayload((p) => (p.properties.attendance.additionalItems = { foo: 1 })), [['schema/invalid 37:7', '"additionalItems" does not exist in 2020-12']]);
  });

  it('accepts $anchor in 2020-12 but reports a repeated one', () => {
    assert.deepEqual(withPayload((p) => (p.$defs = { a: { $anchor: 'x' } })), []);
    expect(withPayload((p) => (p.$defs = { a: { $anchor: 'x' }, b: { $anchor: 'x' } })), [['schema/invalid 48:18', 'anchor "x" is already declared at /$defs/a']]);
  });

  it('reports keywords that cannot apply to the declared type, also through allOf', () => {
    expect(withPayload((p) => (p.properties.delivered_at.minimum = 3)), [['schema/invalid 41:7', '"minimum" applies only to numbers, but this schema\'s "type" allows only string']]);
    expect(withPayload((p) => (p.allOf = [{ minLength: 1 }])), [['schema/invalid 45:7', '"minLength" applies only to strings, but the enclosing schema at (root) allows only object']]);
    expect(withPayload((p) => (p.allOf = [{ type: 'string' }])), [['schema/invalid 45:15', 'type "string" can never match here: the enclosing schema at (root) only allows object']]);
    // integer narrows number: fine; no type at all: nothing to compare with, fine.
    assert.deepEqual(withPayload((p) => (p.properties.n = { type: 'number', allOf: [{ type: 'integer', minimum: 1 }] })), []);
    assert.deepEqual(withPayload((p) => (p.properties.n = { minimum: 1 })), []);
  });

  it('reports a required property that additionalProperties: false forbids, unless a pattern allows it', () => {
    expect(withPayload((p) => p.required.push('lesson_idd')), [['schema/invalid 10:5', 'required property "lesson_idd" is not declared in "properties", and "additionalProperties": false forbids it, so no value can ever be valid; did you mean "lesson_id"?']]);
    assert.deepEqual(withPayload((p) => { p.required.push('x_note'); p.patternProperties = { '^x_': { type: 'string' } }; }), []);
    assert.deepEqual(withPayload((p) => { p.required.push('extra'); delete p.additionalProperties; }), []);
  });

  it('checks regular expressions the way ajv compiles them (Unicode mode)', () => {
    expect(withPayload((p) => (p.properties.delivered_at.pattern = '[a-')), [['schema/invalid 41:18', 'pattern "[a-" is not a valid regular expression']]);
    expect(withPayload((p) => (p.properties.delivered_at.pattern = '\\_')), [['schema/invalid 41:18', 'is not a valid regular expression']]);
    expect(withPayload((p) => (p.patternProperties = { '(': {} })), [['schema/invalid 44:5', 'patternProperties key "(" is not a valid regular expression']]);
  });

  it('reports an unknown format, and only once (not again as a timestamp problem)', () => {
    expect(withPayload((p) => (p.properties.delivered_at.format = 'datetime')), [['schema/invalid 40:17', 'unknown format "datetime": validators ignore it, so nothing is checked; did you mean "date-time"?']]);
  });

  it('knows draft-07: additionalItems needs an items array, 2020-12 keywords get a hint', () => {
    const draft7 = (p: Json) => (p.$schema = 'http://json-schema.org/draft-07/schema#');
    assert.deepEqual(withPayload(draft7), []);
    expect(withPayload((p) => { draft7(p); p.properties.attendance.additionalItems = false; }), [['schema/invalid 37:7', '"additionalItems" is ignored because "items" is a single schema']]);
    expect(withPayload((p) => { draft7(p); p.properties.attendance.prefixItems = [{}]; }), [['schema/invalid 37:7', '"prefixItems" is a 2020-12 keyword']]);
  });

  it('leaves "$schema" to schema/dialect', () => {
    expect(withPayload((p) => (p.$schema = 7)), [['schema/dialect 2:14', '"$schema" must be a string URI, not 7']]);
  });
});

describe('schema/dialect', () => {
  it('warns when $schema is missing', () => {
    const found = withPayload((p) => delete p.$schema);
    expect(found, [['schema/dialect 1:1', 'no "$schema": JSON Schema 2020-12 is assumed']]);
  });

  it('reports an unsupported dialect as an error, also in a subschema', () => {
    expect(withPayload((p) => (p.$schema = 'https://json-schema.org/draft/2019-09/schema')), [['schema/dialect 2:14', '"$schema" "https://json-schema.org/draft/2019-09/schema" is not a supported dialect']]);
    expect(withPayload((p) => (p.$defs = { a: { $schema: 'https://example.com/meta' } })), [['schema/dialect 45:18', 'is not a supported dialect']]);
  });
});

describe('schema/ref-*', () => {
  it('suggests the right path for a missing file, and the closest definition for a missing pointer', () => {
    expect(withPayload((p) => (p.properties.lesson_id.$ref = '../../event-envelope/schema/ids-v1.json#/$defs/lesson_id')), [
      ['schema/ref-unresolved 14:15', 'did you mean "../../../event-envelope/schema/ids-v1.json#/$defs/lesson_id"?'],
    ]);
    expect(withPayload((p) => (p.properties.lesson_id.$ref = `${IDS}#/$defs/zzzzzzzz`)), [['schema/ref-unresolved 14:15', '/$defs holds event_id, lesson_id, person_id']]);
    expect(withPayload((p) => (p.properties.lesson_id.$ref = '#nope')), [['schema/ref-unresolved 14:15', 'has nothing at #nope']]);
  });

  it('stays quiet when the target file exists but does not parse (json/syntax reports it)', () => {
    const found = check({ 'event-envelope/schema/ids-v1.json': '{ "$defs": ' }, '');
    assert.ok(found.some((d) => d.startsWith('json/syntax event-envelope/schema/ids-v1.json')));
    assert.deepEqual(found.filter((d) => d.startsWith('schema/ref')), []);
  });

  it('resolves a reference by $id and never fetches a remote one', () => {
    assert.deepEqual(withPayload((p) => (p.properties.lesson_id.$ref = 'https://schemas.sguild.com/contracts/event-envelope/schema/ids-v1.json#/$defs/lesson_id')), []);
    expect(withPayload((p) => (p.properties.lesson_id.$ref = 'urn:sguild:ids')), [['schema/ref-remote 14:15', '$ref "urn:sguild:ids" points to a remote schema']]);
    expect(withPayload((p) => (p.$defs = { a: { $dynamicRef: 'https://example.com/meta#node' } })), [['schema/ref-remote 45:22', '$dynamicRef "https://example.com/meta#node" points to a remote schema']]);
  });

  it('reports absolute paths as leaving the root', () => {
    expect(withPayload((p) => (p.properties.lesson_id.$ref = '/etc/ids.json')), [['schema/ref-outside-root 14:15', 'leaves the contracts root (/etc/ids.json)']]);
  });
});

describe('schema/ref-cycle', () => {
  it('reports a loop of whole-schema references across files, on each step', () => {
    const a = 'lesson-lifecycle/schema/a-v1.json';
    const b = 'lesson-lifecycle/schema/b-v1.json';
    const schema = (ref: string) => ({ $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: ref });
    expect(check({ [a]: schema('b-v1.json'), [b]: schema('a-v1.json') }), [
      [`schema/ref-cycle ${a}:3:11`, '(# → lesson-lifecycle/schema/b-v1.json → #)'],
      [`schema/ref-cycle ${b}:3:11`, '(# → lesson-lifecycle/schema/a-v1.json → #)'],
    ]);
  });

  it('reports loops through in-place applicators', () => {
    expect(withPayload((p) => (p.anyOf = [{ $ref: '#' }])), [['schema/ref-cycle 45:15', '(#/anyOf/0 → #/anyOf/0)']]);
    expect(withPayload((p) => (p.$defs = { a: { not: { $ref: '#/$defs/a' } } })), [['schema/ref-cycle 46:17', '(#/$defs/a/not → #/$defs/a/not)']]);
  });

  it('does not report recursion that descends into the value', () => {
    assert.deepEqual(withPayload((p) => (p.$defs = { node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } } } })), []);
    assert.deepEqual(withPayload((p) => (p.properties.self = { $ref: '#' })), []);
  });
});

describe('schema/id-duplicate and schema/id-mismatch', () => {
  it('reports a relative or foreign $id', () => {
    expect(withPayload((p) => (p.$id = 'lesson.delivered-v1.json')), [['schema/id-mismatch 3:10', '$id "lesson.delivered-v1.json" is relative, so it does not identify this schema; use "https://schemas.sguild.com/contracts/lesson-lifecycle/schema/payloads/lesson.delivered-v1.json"']]);
    expect(withPayload((p) => (p.$id = 'urn:sguild:lesson.delivered')), [['schema/id-mismatch 3:10', 'does not end with this file\'s path']]);
  });

  it('reports a copied $id once, on the copy, as a duplicate', () => {
    const copy = 'lesson-lifecycle/schema/status-v1.json';
    expect(check({ [copy]: { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: payload().$id, enum: ['a'] } }), [
      [`schema/id-duplicate ${copy}:3:10`, 'is already declared by lesson-lifecycle/schema/payloads/lesson.delivered-v1.json'],
    ]);
  });
});

describe('schema/payload-not-object', () => {
  it('accepts a root $ref or allOf branch that is an object schema', () => {
    const object = { type: 'object', properties: {} };
    assert.deepEqual(
      withPayload((p) => { delete p.type; p.$ref = '#/$defs/body'; p.$defs = { body: object }; }).filter((d) => d.startsWith('schema/payload')),
      [],
    );
    assert.deepEqual(withPayload((p) => { delete p.type; p.allOf = [object]; }).filter((d) => d.startsWith('schema/payload')), []);
  });

  it('reports a type that also allows something else, and a boolean schema', () => {
    expect(withPayload((p) => (p.type = ['object', 'null'])), [['schema/payload-not-object 5:11', 'a payload must be an object (and only an object)']]);
    expect(check({ [PAYLOAD]: 'true' }), [['schema/payload-not-object 1:1', 'payload schema is `true`, which accepts any value']]);
  });

  it('stays quiet when the root $ref does not resolve', () => {
    expect(withPayload((p) => { delete p.type; p.$ref = '#/$defs/missing'; }), [['schema/ref-unresolved 42:11', 'has nothing at /$defs/missing']]);
  });
});

describe('schema/id-property', () => {
  it('reports a reference to the wrong kind only when the name says which kind it is', () => {
    expect(withPayload((p) => (p.properties.lesson_id.$ref = `${IDS}#/$defs/person_id`)), [['schema/id-property 14:15', '"lesson_id" references $defs/person_id, but its name says it holds a lesson ID']]);
    assert.deepEqual(withPayload((p) => (p.properties.coach_id = { $ref: `${IDS}#/$defs/person_id` })), []);
    assert.deepEqual(withPayload((p) => (p.properties.coach_person_id = { $ref: `${IDS}#/$defs/person_id` })), []);
  });

  it('accepts nullable and aliased references, but not a local look-alike', () => {
    assert.deepEqual(withPayload((p) => (p.properties.lesson_id = { anyOf: [{ $ref: `${IDS}#/$defs/lesson_id` }, { type: 'null' }] })), []);
    assert.deepEqual(withPayload((p) => { p.properties.lesson_id = { $ref: '#/$defs/lid' }; p.$defs = { lid: { $ref: `${IDS}#/$defs/lesson_id` } }; }), []);
    expect(withPayload((p) => { p.properties.lesson_id = { $ref: '#/$defs/lid' }; p.$defs = { lid: { type: 'string' } }; }), [['schema/id-property 14:15', 'but its schema references #/$defs/lid, which is not one']]);
  });

  it('checks the items of *_ids arrays', () => {
    expect(withPayload((p) => (p.properties.person_ids = { type: 'array', items: { type: 'string' } })), [['schema/id-property 44:16', 'the items of "person_ids" must reference a shared ID definition']]);
    expect(withPayload((p) => (p.properties.person_ids = { type: 'array' })), [['schema/id-property 42:19', '"person_ids" is an array of IDs without "items"']]);
    expect(withPayload((p) => (p.properties.person_ids = { type: 'array', items: { $ref: `${IDS}#/$defs/lesson_id` } })), [['schema/id-property 45:17', 'rename it to end with "_lesson_ids"']]);
  });

  it('leaves a definition whose kind the registry does not know to envelope/id-definitions', () => {
    const ids = JSON.parse(readFileSync(join(BASE, 'event-envelope/schema/ids-v1.json'), 'utf8'));
    ids.$defs.coach_id = { type: 'string' };
    assert.deepEqual(withPayload((p) => (p.properties.coach_id = { $ref: `${IDS}#/$defs/coach_id` }), { 'event-envelope/schema/ids-v1.json': ids }), []);
  });

  it('leaves unresolved references to the ref rules', () => {
    expect(withPayload((p) => (p.properties.lesson_id.$ref = `${IDS}#/$defs/lesson_iid`)), [['schema/ref-unresolved 14:15', 'did you mean "#/$defs/lesson_id"?']]);
  });
});

describe('schema/timestamp-format', () => {
  it('accepts nullable timestamps and timestamps through a $ref', () => {
    assert.deepEqual(withPayload((p) => (p.properties.delivered_at = { type: ['string', 'null'], format: 'date-time' })), []);
    assert.deepEqual(withPayload((p) => (p.properties.delivered_at = { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] })), []);
    assert.deepEqual(withPayload((p) => { p.properties.delivered_at = { $ref: '#/$defs/ts' }; p.$defs = { ts: { type: 'string', format: 'date-time' } }; }), []);
  });

  it('reports a wrong type at "type" and a missing format at the property', () => {
    expect(withPayload((p) => (p.properties.delivered_at = { type: 'integer' })), [['schema/timestamp-format 39:15', '"delivered_at" has "type": "integer"']]);
    expect(withPayload((p) => delete p.properties.delivered_at.format), [['schema/timestamp-format 38:21', '"delivered_at" has no "format": "date-time"']]);
    expect(withPayload((p) => { p.properties.delivered_at = { $ref: '#/$defs/ts' }; p.$defs = { ts: { type: 'string' } }; }), [['schema/timestamp-format 38:21', 'has no "format": "date-time"']]);
  });
});

describe('schema/subject-field-missing', () => {
  const rename = (to: string) => (p: Json) => {
    p.properties[to] = p.properties.lesson_id;
    delete p.properties.lesson_id;
    p.required[0] = to;
  };

  it('accepts <role>_<kind>_id and properties from a root allOf', () => {
    assert.deepEqual(withPayload(rename('main_lesson_id')), []);
    assert.deepEqual(
      withPayload((p) => { rename('session_id')(p); p.allOf = [{ properties: { lesson_id: { $ref: `${IDS}#/$defs/lesson_id` } } }]; }),
      [],
    );
  });

  it('covers person subjects too: a person_id or a role-named one (coach_person_id) satisfies it', () => {
    const registry = JSON.parse(readFileSync(join(BASE, 'event-types-registry.json'), 'utf8'));
    registry.event_types['lesson.delivered'].subject = 'person';
    const found = withPayload(rename('session_id'), { 'event-types-registry.json': registry });
    assert.equal(found.length, 1);
    assert.match(nth(found, 0), /^schema\/subject-field-missing .*lesson.delivered has subject "person" in the registry, but its payload has no person_id property/);
    // The base payload's attendance items hold person_id, but only top-level properties count; a role-named one does.
    assert.deepEqual(withPayload((p) => { rename('session_id')(p); p.properties.coach_person_id = { $ref: '../../../event-envelope/schema/ids-v1.json#/$defs/person_id' }; }, { 'event-types-registry.json': registry }), []);
  });
});

describe('robustness', () => {
  it('survives odd keys, non-schema values and very deep nesting', () => {
    assert.deepEqual(withPayload((p) => (p.properties.__proto__x = { type: 'string' })), []);
    const text = readFileSync(join(BASE, PAYLOAD), 'utf8').replace('"properties": {', '"properties": { "__proto__": { "type": "string" },');
    assert.deepEqual(check({ [PAYLOAD]: text }), []);
    const depth = 5000;
    const deep = '{"type":"object","properties":{"a":'.repeat(depth) + '{"type":"string"}' + '}}'.repeat(depth);
    const deepText = readFileSync(join(BASE, PAYLOAD), 'utf8').replace('"properties": {', `"properties": { "deep": ${deep},`);
    const failed = check({ [PAYLOAD]: deepText }, 'internal/').filter((d) => d.includes('rule schema/'));
    assert.deepEqual(failed, []);
    assert.deepEqual(check({ [PAYLOAD]: '5' }).map((d) => d.split(' ').slice(0, 2).join(' ')), [`schema/invalid ${PAYLOAD}:1:1`]);
  });
});
