/**
 * compatibilityDiagnostics, the `check --base` gate: breaking changes to versions that exist on
 * both sides become diagnostics at the changed keyword; the same change as a new version does not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compatibilityDiagnostics } from '../../src/diff/gate.js';
import { editJson, MINIMAL, modelOf, readTree } from './helpers.js';

const PAYLOAD = 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';
const PAYLOAD_V2 = 'lesson-lifecycle/schema/payloads/lesson.delivered-v2.json';
const REG = 'event-types-registry.json';
const base = readTree(MINIMAL);
const gate = (before: Record<string, string>, after: Record<string, string>, policy: 'lenient' | 'strict' = 'lenient') =>
  compatibilityDiagnostics(modelOf(before), modelOf(after), { displayRoot: 'contracts', policy });
const simplify = (d: { rule: string; severity: string; file: string; line: number; column: number; pointer?: string }) => ({ rule: d.rule, severity: d.severity, file: d.file, line: d.line, column: d.column, pointer: d.pointer });
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('compatibilityDiagnostics', () => {
  it('narrowing an enum in an existing payload version is an error at the enum', () => {
    const after = editJson(base, PAYLOAD, (s) => void (s.properties.attendance.items.properties.status.enum = ['present']));
    const diagnostics = gate(base, after);
    const text = after[PAYLOAD];
    const line = lineOf(text, '"enum"');
    assert.deepEqual(diagnostics.map(simplify), [
      { rule: 'compat/breaking-change', severity: 'error', file: `contracts/${PAYLOAD}`, line, column: text.split('\n')[line - 1].indexOf('"enum"') + 1, pointer: '/properties/attendance/items/properties/status/enum' },
    ]);
    assert.equal(
      diagnostics[0].message,
      'breaking change to lesson.delivered v1 (ENUM_ARRAY_NARROWED): attendance[].status: enum no longer allows "absent"; publish the change as a new version of lesson.delivered instead of editing v1',
    );
  });

  it('the same change published as a new version is not reported', () => {
    let after: Record<string, string> = { ...base, [PAYLOAD_V2]: base[PAYLOAD] };
    after = editJson(after, PAYLOAD_V2, (s) => {
      s.$id = s.$id.replace('-v1', '-v2');
      s.properties.attendance.items.properties.status.enum = ['present'];
    });
    after = editJson(after, REG, (r) => void (r.event_types['lesson.delivered'].versions['2'] = { schema: PAYLOAD_V2 }));
    assert.deepEqual(gate(base, after), []);
  });

  it('a removal points at the parent that remains in the new file', () => {
    const after = editJson(base, PAYLOAD, (s) => {
      delete s.properties.delivered_at;
      s.required = s.required.filter((r: string) => r !== 'delivered_at');
    });
    const diagnostics = gate(base, after);
    const text = after[PAYLOAD];
    assert.deepEqual(diagnostics.map(simplify), [
      { rule: 'compat/breaking-change', severity: 'error', file: `contracts/${PAYLOAD}`, line: lineOf(text, '"properties"'), column: 3, pointer: '/properties' },
    ]);
    assert.match(diagnostics[0].message, /PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL/);
  });

  it('removed event types and versions are compat/removed, in the new registry', () => {
    const before = editJson(base, REG, (r) => {
      r.event_types['lesson.delivered'].versions['2'] = { schema: PAYLOAD };
      r.event_types['lesson.cancelled'] = { ...r.event_types['lesson.delivered'], versions: {} };
    });
    const diagnostics = gate(before, base);
    const text = base[REG];
    assert.deepEqual(diagnostics.map(simplify), [
      { rule: 'compat/removed', severity: 'error', file: `contracts/${REG}`, line: lineOf(text, '"event_types"'), column: 3, pointer: '/event_types' },
      { rule: 'compat/removed', severity: 'error', file: `contracts/${REG}`, line: lineOf(text, '"versions"'), column: 7, pointer: '/event_types/lesson.delivered/versions' },
    ]);
    assert.deepEqual(diagnostics.map((d) => d.message), [
      'event type lesson.cancelled was removed; consumers of it break: mark it deprecated instead and remove it in a major release',
      'version 2 of lesson.delivered was removed; consumers of it break: mark it deprecated instead and remove it in a major release',
    ]);
  });

  it('breaking envelope changes are reported; compatible changes and other scopes are not', () => {
    const envelope = 'event-envelope/schema/envelope-v1.json';
    const after = editJson(base, envelope, (s) => {
      s.properties.producer.enum = ['platform', 'growth', 'sales', 'operations'];
      s.properties.schema_version.description = 'Payload version.';
    });
    const withDocs = { ...after, 'lesson-lifecycle/README.md': `${after['lesson-lifecycle/README.md']}\nMore.\n` };
    const diagnostics = gate(base, withDocs);
    assert.deepEqual(diagnostics.map((d) => [d.rule, d.file, d.pointer]), [['compat/breaking-change', `contracts/${envelope}`, '/properties/producer/enum']]);
    assert.match(diagnostics[0].message, /^breaking change to envelope event-envelope\/schema\/envelope-v1\.json \(ENUM_ARRAY_NARROWED\)/);
  });

  it('the policy decides whether an optional property on an open object is breaking', () => {
    const open = editJson(base, PAYLOAD, (s) => void delete s.properties.attendance.items.additionalProperties);
    const after = editJson(open, PAYLOAD, (s) => void (s.properties.attendance.items.properties.note = { type: 'string' }));
    assert.deepEqual(gate(open, after, 'lenient'), []);
    assert.deepEqual(gate(open, after, 'strict').map((d) => [d.rule, d.pointer]), [['compat/breaking-change', '/properties/attendance/items/properties/note']]);
  });
});
