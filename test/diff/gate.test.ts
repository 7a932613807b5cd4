/**
 * compatibilityDiagnostics, the `check --base` gate: breaking changes to versions that exist on
 * both sides become diagnostics at the changed keyword; the same change as a new version does not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compatibilityDiagnostics } from '../../src/diff/gate.js';
import { fileIn, nth } from '../helpers.js';
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
    const text = fileIn(after, PAYLOAD);
    const line = lineOf(text, '"enum"');
    assert.deepEqual(diagnostics.map(simplify), [
      { rule: 'compat/breaking-change', severity: 'error', file: `contracts/${PAYLOAD}`, line, column: nth(text.split('\n'), line - 1).indexOf('"enum"') + 1, pointer: '/properties/attendance/items/properties/status/enum' },
    ]);
    assert.equal(
      nth(diagnostics, 0).message,
      'incompatible change to lesson.delivered v1 (ENUM_ARRAY_NARROWED): attendance[].status: enum no longer allows "absent"; the edited version rejects data it accepted before (not backward compatible), which lesson.delivered\'s compatibility mode FULL (by default) forbids; publish the change as a new version of lesson.delivered instead of editing v1',
    );
  });

  it('the same change published as a new version is not the gate\'s to report (compat/version-incompatible judges new versions)', () => {
    let after: Record<string, string> = { ...base, [PAYLOAD_V2]: fileIn(base, PAYLOAD) };
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
    const text = fileIn(after, PAYLOAD);
    // Under FULL (the default) no longer requiring delivered_at is reported too: readers of the old version reject its absence.
    assert.deepEqual(diagnostics.map(simplify), [
      { rule: 'compat/breaking-change', severity: 'error', file: `contracts/${PAYLOAD}`, line: lineOf(text, '"required"'), column: 3, pointer: '/required' },
      { rule: 'compat/breaking-change', severity: 'error', file: `contracts/${PAYLOAD}`, line: lineOf(text, '"properties"'), column: 3, pointer: '/properties' },
    ]);
    assert.match(nth(diagnostics, 0).message, /REQUIRED_ATTRIBUTE_REMOVED.*not forward compatible/);
    assert.match(nth(diagnostics, 1).message, /PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL.*not backward compatible/);
  });

  it('removed event types and versions are compat/removed, in the new registry', () => {
    const before = editJson(base, REG, (r) => {
      r.event_types['lesson.delivered'].versions['2'] = { schema: PAYLOAD };
      r.event_types['lesson.cancelled'] = { ...r.event_types['lesson.delivered'], versions: {} };
    });
    const diagnostics = gate(before, base);
    const text = fileIn(base, REG);
    assert.deepEqual(diagnostics.map(simplify), [
      { rule: 'compat/removed', severity: 'error', file: `contracts/${REG}`, line: lineOf(text, '"event_types"'), column: 3, pointer: '/event_types' },
      { rule: 'compat/removed', severity: 'error', file: `contracts/${REG}`, line: lineOf(text, '"versions"'), column: 7, pointer: '/event_types/lesson.delivered/versions' },
    ]);
    assert.deepEqual(diagnostics.map((d) => d.message), [
      'event type lesson.cancelled was removed without being deprecated first; consumers of it break without notice: restore it, set "status": "deprecated" on lesson.cancelled, release that, and remove it in a later major release',
      'version 2 of lesson.delivered was removed without being deprecated first; consumers of it break without notice: restore it, set "status": "deprecated" on version 2 of lesson.delivered, release that, and remove it in a later major release',
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
    assert.match(nth(diagnostics, 0).message, /^incompatible change to envelope event-envelope\/schema\/envelope-v1\.json \(ENUM_ARRAY_NARROWED\)/);
  });

  it('the policy decides whether an optional property on an open object is breaking', () => {
    const open = editJson(base, PAYLOAD, (s) => void delete s.properties.attendance.items.additionalProperties);
    const after = editJson(open, PAYLOAD, (s) => void (s.properties.attendance.items.properties.note = { type: 'string' }));
    assert.deepEqual(gate(open, after, 'lenient'), []);
    assert.deepEqual(gate(open, after, 'strict').map((d) => [d.rule, d.pointer]), [['compat/breaking-change', '/properties/attendance/items/properties/note']]);
  });
});

describe('compatibilityDiagnostics: compatibility modes', () => {
  const withMode = (files: Record<string, string>, mode: string | undefined, where: 'entry' | 'registry' = 'entry') =>
    editJson(files, REG, (r) => {
      if (where === 'registry') r.compatibility = mode;
      else r.event_types['lesson.delivered'].compatibility = mode;
    });
  const gateWith = (before: Record<string, string>, after: Record<string, string>, compatibility?: Parameters<typeof compatibilityDiagnostics>[2]['compatibility']) =>
    compatibilityDiagnostics(modelOf(before), modelOf(after), { displayRoot: 'contracts', policy: 'lenient', ...(compatibility ? { compatibility } : {}) });
  // A new enum value: old readers reject it (forward-incompatible), new readers accept all old data.
  const widenEnum = (files: Record<string, string>) => editJson(files, PAYLOAD, (s) => void s.properties.attendance.items.properties.status.enum.push('excused'));
  // A property added to a closed object: the same, for an object.
  const addToClosed = (files: Record<string, string>) => editJson(files, PAYLOAD, (s) => void (s.properties.note = { type: 'string' }));
  const narrowEnum = (files: Record<string, string>) => editJson(files, PAYLOAD, (s) => void (s.properties.attendance.items.properties.status.enum = ['present']));

  it('under FULL (the default), a new enum value in an existing version fails: readers of the old version reject it', () => {
    const diagnostics = gate(base, widenEnum(base));
    assert.deepEqual(diagnostics.map((d) => [d.rule, d.severity, d.pointer]), [['compat/breaking-change', 'error', '/properties/attendance/items/properties/status/enum']]);
    assert.match(nth(diagnostics, 0).message, /ENUM_ARRAY_EXTENDED.*readers of the old version reject data the edited one accepts \(not forward compatible\), which lesson\.delivered's compatibility mode FULL \(by default\) forbids/);
  });

  it('under FULL, a property added to a closed object in an existing version fails', () => {
    const diagnostics = gate(base, addToClosed(base));
    assert.deepEqual(diagnostics.map((d) => [d.rule, d.pointer]), [['compat/breaking-change', '/properties/note']]);
    assert.match(nth(diagnostics, 0).message, /PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL/);
  });

  it('each mode forbids exactly its directions; the _TRANSITIVE variants judge an edit the same way', () => {
    const cases: Array<[string, number, number]> = [
      // mode, findings for a widening, findings for a narrowing
      ['BACKWARD', 0, 1],
      ['BACKWARD_TRANSITIVE', 0, 1],
      ['FORWARD', 1, 0],
      ['FORWARD_TRANSITIVE', 1, 0],
      ['FULL', 1, 1],
      ['FULL_TRANSITIVE', 1, 1],
      ['NONE', 0, 0],
    ];
    for (const [mode, widening, narrowing] of cases) {
      const before = withMode(base, mode);
      assert.equal(gate(before, widenEnum(before)).length, widening, `${mode}: widening`);
      assert.equal(gate(before, narrowEnum(before)).length, narrowing, `${mode}: narrowing`);
    }
  });

  it('the mode comes from the entry, else the registry default, else FULL; the configuration wins over the registry', () => {
    const registryBackward = withMode(base, 'BACKWARD', 'registry');
    assert.deepEqual(gate(registryBackward, widenEnum(registryBackward)), [], 'registry default BACKWARD allows a widening');
    const entryFull = withMode(registryBackward, 'FULL');
    assert.match(nth(gate(entryFull, widenEnum(entryFull)), 0).message, /mode FULL \(set in its registry entry\)/, 'the entry wins over the registry default');
    const narrowed = gate(registryBackward, narrowEnum(registryBackward));
    assert.match(nth(narrowed, 0).message, /mode BACKWARD \(the registry's default\)/);
    // The configuration: its per-type setting wins over the entry, its default over the registry's default.
    assert.deepEqual(gateWith(entryFull, widenEnum(entryFull), { eventTypes: new Map([['lesson.delivered', 'BACKWARD']]) }), []);
    assert.match(nth(gateWith(entryFull, widenEnum(entryFull), { eventTypes: new Map([['lesson.delivered', 'FORWARD']]) }), 0).message, /mode FORWARD \(set in the configuration\)/);
    assert.deepEqual(gateWith(base, widenEnum(base), { default: 'BACKWARD' }), []);
    assert.equal(gateWith(entryFull, widenEnum(entryFull), { default: 'BACKWARD' }).length, 1, 'the configuration default does not override an entry');
  });

  it('the mode is read from the new registry, so a pull request can loosen it (the registry change is reviewed with it)', () => {
    const after = withMode(narrowEnum(base), 'NONE');
    assert.deepEqual(gate(base, after), []);
  });

  it('an invalid mode in the registry falls back to the default instead of switching checking off (registry/shape reports it)', () => {
    const before = withMode(base, 'none');
    assert.equal(gate(before, widenEnum(before)).length, 1);
  });

  it('the envelope follows the registry default mode', () => {
    const envelope = 'event-envelope/schema/envelope-v1.json';
    const widen = (files: Record<string, string>) => editJson(files, envelope, (s) => void s.properties.producer.enum.push('finance'));
    assert.equal(gate(base, widen(base)).length, 1);
    const backward = withMode(base, 'BACKWARD', 'registry');
    assert.deepEqual(gate(backward, widen(backward)), []);
  });
});

describe('compatibilityDiagnostics: deprecate, then remove', () => {
  const twoTypes = editJson(base, REG, (r) => {
    r.event_types['lesson.cancelled'] = { ...r.event_types['lesson.delivered'], versions: { '1': { schema: PAYLOAD } } };
  });
  const removeCancelled = (files: Record<string, string>) => editJson(files, REG, (r) => void delete r.event_types['lesson.cancelled']);

  it('removing an event type the base marks deprecated is info, and says which registry_version the major release is', () => {
    const before = editJson(twoTypes, REG, (r) => void (r.event_types['lesson.cancelled'].status = 'deprecated'));
    const after = removeCancelled(before);
    const diagnostics = gate(before, after);
    assert.deepEqual(diagnostics.map(simplify), [{ rule: 'compat/removed-deprecated', severity: 'info', file: `contracts/${REG}`, line: lineOf(fileIn(after, REG), '"event_types"'), column: 3, pointer: '/event_types' }]);
    assert.equal(nth(diagnostics, 0).message, 'event type lesson.cancelled was removed; allowed, as the base marks lesson.cancelled deprecated, but consumers still on it break, so this needs a major release: set registry_version to 2.0.0');
    const released = editJson(removeCancelled(before), REG, (r) => void (r.registry_version = '2.0.0'));
    assert.match(nth(gate(before, released), 0).message, /needs a major release \(registry_version 1\.0\.0 → 2\.0\.0 is one\)$/);
  });

  it('removing a version the base marks deprecated is info; a version of a deprecated type too', () => {
    const withV2 = editJson(base, REG, (r) => void (r.event_types['lesson.delivered'].versions['2'] = { schema: PAYLOAD, status: 'deprecated' }));
    const dropV2 = editJson(withV2, REG, (r) => void delete r.event_types['lesson.delivered'].versions['2']);
    assert.deepEqual(gate(withV2, dropV2).map((d) => [d.rule, d.severity]), [['compat/removed-deprecated', 'info']]);
    assert.match(nth(gate(withV2, dropV2), 0).message, /as the base marks v2 deprecated/);
    const typeDeprecated = editJson(withV2, REG, (r) => {
      r.event_types['lesson.delivered'].status = 'deprecated';
      delete r.event_types['lesson.delivered'].versions['2'].status;
    });
    const dropped = editJson(typeDeprecated, REG, (r) => void delete r.event_types['lesson.delivered'].versions['2']);
    assert.deepEqual(gate(typeDeprecated, dropped).map((d) => [d.rule, d.severity]), [['compat/removed-deprecated', 'info']]);
  });

  it('removing one that is not deprecated stays an error, and deprecating it in the same change does not help', () => {
    assert.deepEqual(gate(twoTypes, removeCancelled(twoTypes)).map((d) => [d.rule, d.severity]), [['compat/removed', 'error']]);
    // Deprecated only on the new side: the base (what consumers had) never announced it.
    const withV2 = editJson(base, REG, (r) => void (r.event_types['lesson.delivered'].versions['2'] = { schema: PAYLOAD }));
    const dropV2 = editJson(withV2, REG, (r) => {
      delete r.event_types['lesson.delivered'].versions['2'];
      r.event_types['lesson.delivered'].status = 'deprecated';
    });
    assert.deepEqual(gate(withV2, dropV2).map((d) => [d.rule, d.severity]), [['compat/removed', 'error']]);
  });
});
