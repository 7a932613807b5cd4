/**
 * fixtures/adversarial/proto-keys: `__proto__`, `constructor` and `prototype` are ordinary
 * property names. A payload that declares and requires them checks clean, its example validates,
 * events missing or mistyping them are rejected at the right pointer, the build emits them in
 * the payload type, and no prototype is polluted along the way. The same keys in every position
 * of the registry are diagnostics, never crashes.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertNoPollution, assertRobust, copyFixture, jsonReport, MINIMAL, run, scratch } from './helpers.js';

const EXAMPLE = 'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json';

describe('adversarial: __proto__, constructor and prototype as property names', () => {
  const dir = scratch();
  copyFixture('proto-keys', dir);
  const example = JSON.parse(readFileSync(join(dir, EXAMPLE), 'utf8')) as { payload: Record<string, unknown> };

  it('checks clean', async () => {
    const result = await run(['check', '--format', 'json'], { cwd: dir });
    assertRobust(result, ['check'], { format: 'json' });
    assert.equal(result.code, 0, result.stdout);
    assert.deepEqual(jsonReport(result.stdout).diagnostics, []);
    assertNoPollution();
  });

  it('validates the example, and rejects events that lack or mistype those properties', async () => {
    const event = (payload: Record<string, unknown>) => JSON.stringify({ ...example, payload });
    const { __proto__: _proto, ...withoutProto } = JSON.parse(JSON.stringify(example.payload)) as Record<string, unknown>;
    void _proto;
    const { constructor: _ctor, ...withoutConstructor } = example.payload;
    void _ctor;
    const lines = [
      event(example.payload),
      event(withoutProto),
      event(withoutConstructor),
      event({ ...example.payload, prototype: 'prototype' }),
      // JSON.parse keeps "__proto__" as an own key; the text is written by hand to be sure.
      JSON.stringify({ ...example, payload: {} }).replace('"payload":{}', '"payload":{"lesson_id":"les_01937b2e-4c1a-7d3e-9f10-000000000001","delivered_at":"2026-05-04T15:55:00Z","__proto__":{"polluted":"yes"},"constructor":{},"prototype":"constructor"}'),
    ];
    const result = await run(['validate', '--format', 'json', '-'], { cwd: dir, stdin: lines.join('\n') + '\n' });
    assertRobust(result, ['validate'], { format: 'json' });
    const reports = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line?: number; valid?: boolean; failures?: { pointer: string; message: string }[] });
    // Only invalid events are reported, one line each, then a summary.
    const perLine = reports.filter((r) => r.valid === false).map((r) => [r.line, ...r.failures!.map((f) => `${f.pointer}: ${f.message}`)]);
    assert.deepEqual(perLine, [
      [2, '/payload/__proto__: missing required property "__proto__" (lesson.delivered v1 payload schema)'],
      [3, '/payload/constructor: missing required property "constructor" (lesson.delivered v1 payload schema)'],
      [4, '/payload/prototype: must be one of "__proto__", "constructor" (lesson.delivered v1 payload schema)'],
      [5, '/payload/__proto__/polluted: must be boolean (lesson.delivered v1 payload schema)'],
    ]);
    assert.equal(result.code, 1);
    assertNoPollution();
  });

  it('builds, and the payload type has the three properties', async () => {
    const result = await run(['build', '--out', 'dist'], { cwd: dir, write: [join(dir, 'dist')] });
    assertRobust(result, ['build']);
    assert.equal(result.code, 0, result.stderr);
    const types = readFileSync(join(dir, 'dist', 'payloads.d.ts'), 'utf8');
    for (const name of ['__proto__', 'constructor', 'prototype']) assert.match(types, new RegExp(`^\\s+${name}: `, 'm'), `payloads.d.ts has ${name}`);
    assertNoPollution();
  });

  it('diffs against the minimal set: the three properties are additions', async () => {
    const result = await run(['diff', MINIMAL, 'contracts', '--format', 'json'], { cwd: dir, read: [MINIMAL] });
    assertRobust(result, ['diff']);
    for (const name of ['__proto__', 'constructor', 'prototype']) assert.ok(result.stdout.includes(`"${name}`), `the diff names ${name}`);
    assertNoPollution();
  });
});

describe('adversarial: the same keys everywhere in the registry', () => {
  const dir = scratch();
  const contracts = copyFixture('proto-keys', dir);
  const registryPath = join(contracts, 'event-types-registry.json');
  const registry = readFileSync(registryPath, 'utf8');
  // Event type names, id kinds, versions, contracts, producers, subjects and actors named after
  // Object.prototype members, as raw text so "__proto__" stays an own key.
  const hostile = registry
    .replace('"event_types": {', `"event_types": {
    "__proto__": { "contract": "constructor", "producer": "toString", "subject": "__proto__", "actors": ["constructor"], "status": "hasOwnProperty", "description": "x", "versions": { "__proto__": { "schema": "constructor" } } },
    "constructor": { "contract": "__proto__", "producer": "valueOf", "subject": "prototype", "actors": [], "status": "active", "description": "x", "versions": { "constructor": { "schema": "__proto__/schema/payloads/constructor-v1.json" } } },`)
    .replace('"id_kinds": {', `"id_kinds": {
    "__proto__": { "prefix": "pro_", "description": "x" },
    "constructor": { "prefix": "toString", "description": "x" },`)
    .replace('"registry_version": "1.0.0"', '"registry_version": "1.0.0", "__proto__": { "polluted": true }');
  writeFileSync(registryPath, hostile);

  for (const [command, args] of [
    ['check', ['check', '--format', 'json']],
    ['build', ['build', '--out', 'dist']],
    ['validate', ['validate', 'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json']],
    ['diff', ['diff', MINIMAL, 'contracts']],
  ] as const) {
    it(`${command} reports, never crashes`, async () => {
      const result = await run([...args], { cwd: dir, read: [MINIMAL], write: [join(dir, 'dist')] });
      assertRobust(result, [...args], { format: (args as readonly string[]).includes('json') ? 'json' : undefined, allowRefusal: command === 'validate' });
      if (command === 'check') {
        assert.equal(result.code, 1);
        const rules = new Set(jsonReport(result.stdout).diagnostics.map((d) => d.rule));
        assert.ok(rules.has('registry/shape') || rules.has('registry/event-type-name'), [...rules].join(', '));
      }
      assertNoPollution();
    });
  }
});
