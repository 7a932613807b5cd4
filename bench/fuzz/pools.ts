/**
 * The hostile vocabulary the mutations draw from: keys that are special to JavaScript or to the
 * contract format, `$ref`s that leave the set (remote, absolute, `..`, malformed), registry
 * paths that climb out of the root, and odd file names. Plain random strings come on top.
 */

export const KEYS = [
  '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__',
  '$ref', '$id', '$schema', '$defs', 'definitions', '$anchor', '$dynamicRef', '$dynamicAnchor', '$comment',
  'type', 'properties', 'patternProperties', 'required', 'items', 'prefixItems', 'pattern', 'enum', 'const', 'format',
  'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else', 'additionalProperties', 'unevaluatedProperties', 'minLength',
  'maxLength', 'minimum', 'maximum', 'minItems', 'uniqueItems', 'dependentSchemas', 'contains', 'default', 'examples',
  'registry_version', 'id_kinds', 'event_types', 'versions', 'schema', 'contract', 'producer', 'subject', 'actors',
  'status', 'description', 'prefix', 'payload', 'event_type', 'schema_version', 'event_id', 'occurred_at',
  'envelope_version', 'actor', 'correlation_id', 'person_id', 'lesson_id',
  '1', '2', '0', '-1', '01', '1.5', '', ' ', 'a/b', '~0', '~1', '#', '%', '\u0000', 'ü', '😀', 'x'.repeat(300),
];

export const REFS = [
  'https://example.invalid/schema.json',
  'https://json-schema.org/draft/2020-12/schema',
  'http://127.0.0.1:9/remote.json#/$defs/x',
  'http://[::1]:9/remote.json',
  'file:///etc/passwd',
  'urn:uuid:00000000-0000-0000-0000-000000000000',
  'data:application/json,{}',
  '//evil.invalid/x.json',
  '../../../../../../../../etc/passwd',
  `${'../'.repeat(40)}x.json`,
  '../../../event-envelope/schema/ids-v1.json#/$defs/person_id',
  '../../../event-envelope/schema/ids-v1.json#/$defs/nope_id',
  '../../../event-envelope/schema/envelope-v1.json',
  '../../../event-types-registry.json',
  '../../../lesson-lifecycle/README.md',
  'ids-v1.json#/$defs/event_id',
  'envelope-v1.json#/properties/payload',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  '..\\..\\..\\x.json',
  '%2e%2e/%2e%2e/%2e%2e/%2e%2e/x.json',
  '%',
  '#%',
  '#/%ZZ',
  '#/$defs/missing',
  '#',
  '',
  '#foo',
  '#/properties/__proto__',
  '#/__proto__',
  '#/constructor/prototype',
  '#/properties/0',
  '#/items/-1',
  '#//',
  '#/~2',
  'x.json\u0000.json',
  './',
  '.',
  '?query#/a',
];

export const REGISTRY_PATHS = [
  '../../etc/passwd',
  '/etc/passwd',
  '',
  '.',
  '..',
  'event-types-registry.json',
  'event-envelope/schema/envelope-v1.json',
  'event-envelope/schema/ids-v1.json',
  'event-envelope/README.md',
  'nonexistent/schema/payloads/x.y-v1.json',
  'C:\\Windows\\win.ini',
  'contracts/../../../x.json',
  '%2e%2e/x.json',
  'lesson-lifecycle/schema/payloads/../../../../x.json',
  'file:///etc/passwd',
  'https://example.invalid/x.json',
  'lesson-lifecycle/schema/payloads/',
  'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json\u0000',
];

export const VERSION_KEYS = ['1', '2', '3', '0', '-1', '1.5', '01', '99999999999999999999', 'abc', '__proto__', 'constructor', ''];

export const FOLDERS = ['', 'event-envelope', 'new-contract', ' ', 'ü', '.hidden', 'node_modules', '-', 'a'.repeat(200), 'constructor', '__proto__'];
export const SUBFOLDERS = ['', 'schema', 'schema/payloads', 'examples', 'validation', 'schema/payloads/nested', 'docs'];
export const NAMES = [
  'same', 'x.json', 'x-v1.json', 'x-v0.json', 'x-v99999999999999999999.json', 'x.y-v1.label.json', 'README.md', 'notes.md',
  '-v1.json', '.json', 'x-v1.JSON', 'event-types-registry.json', 'envelope-v2.json', 'ids-v2.json', '__proto__-v1.json',
  'constructor.json', 'a b-v1.json', 'ü-v1.json', 'lesson.delivered-v2.json',
];

export const PATTERNS = ['^(a+)+$', '(a|a)*b', '^(\\w+\\s?)*$', '[', '(?<n>a)\\k<n>', '^[a-z]+$', '\\p{L}+', '(?=a)', '.*.*.*=.*', '^(([a-z])+.)+[A-Z]([a-z])+$', '\\', '^\\d{1,99999}$'];
export const FORMATS = ['date-time', 'email', 'uri', 'regex', 'unknown-format', 'uuid', 'duration', '__proto__'];

/** Invalid UTF-8 sequences: a stray byte, overlong encodings, an encoded surrogate, truncated sequences. */
export const BAD_UTF8: number[][] = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xfe, 0xfe]];

/** Item `n` of a list, counted round (n modulo its length); undefined for an empty list. */
export function pick<T>(list: readonly T[], n: number): T | undefined {
  return list[n % list.length];
}
