/**
 * compat/version-incompatible: the versions of one event type inside one contract set, judged by
 * the type's compatibility mode, each against the previous version or, under a _TRANSITIVE mode,
 * against every earlier one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffSchemaFiles } from '../../src/diff/contract-diff.js';
import { versionIncompatibilities } from '../../src/diff/version-compat.js';
import { requirementsOf, violations, type CompatibilityMode } from '../../src/model/compatibility.js';
import { checkModel } from '../../src/check.js';
import compatRules from '../../src/rules/compat/index.js';
import { editJson, MINIMAL, modelOf, readTree } from './helpers.js';
import { fileIn, nth } from '../helpers.js';

const REG = 'event-types-registry.json';
const payload = (v: number) => `lesson-lifecycle/schema/payloads/lesson.delivered-v${v}.json`;
const base = readTree(MINIMAL);

/** lesson.delivered with one version per enum list given, and an optional mode. */
function versions(enums: string[][], mode?: string): Record<string, string> {
  let files: Record<string, string> = { ...base };
  enums.forEach((values, i) => {
    const v = i + 1;
    files[payload(v)] = fileIn(base, payload(1));
    files = editJson(files, payload(v), (s) => {
      s.$id = s.$id.replace('-v1', `-v${v}`);
      s.properties.attendance.items.properties.status.enum = values;
    });
  });
  return editJson(files, REG, (r) => {
    const entry = r.event_types['lesson.delivered'];
    entry.versions = Object.fromEntries(enums.map((_, i) => [String(i + 1), { schema: payload(i + 1) }]));
    if (mode) entry.compatibility = mode;
  });
}
const pairs = (files: Record<string, string>, settings?: Parameters<typeof versionIncompatibilities>[1]) =>
  versionIncompatibilities(modelOf(files), settings).map((f) => `v${f.newer.version}→v${f.older.version} ${f.directions.join('+')} ${f.change.kind}`);

describe('versionIncompatibilities', () => {
  it('FULL (the default) reports a new version that widens or narrows the previous one', () => {
    assert.deepEqual(pairs(versions([['present', 'absent'], ['present', 'absent', 'excused']])), ['v2→v1 forward ENUM_ARRAY_EXTENDED']);
    assert.deepEqual(pairs(versions([['present', 'absent'], ['present']])), ['v2→v1 backward ENUM_ARRAY_NARROWED']);
    assert.deepEqual(pairs(versions([['present', 'absent'], ['present', 'absent']])), []);
  });

  it('BACKWARD allows widening, FORWARD narrowing, NONE anything', () => {
    assert.deepEqual(pairs(versions([['present', 'absent'], ['present', 'absent', 'excused']], 'BACKWARD')), []);
    assert.deepEqual(pairs(versions([['present', 'absent'], ['present']], 'BACKWARD')), ['v2→v1 backward ENUM_ARRAY_NARROWED']);
    assert.deepEqual(pairs(versions([['present', 'absent'], ['present']], 'FORWARD')), []);
    assert.deepEqual(pairs(versions([['present', 'absent'], ['excused']], 'NONE')), []);
  });

  it('a non-transitive mode checks each version against the previous one; a _TRANSITIVE mode against every earlier one', () => {
    const three = [['present', 'absent'], ['present'], ['present']];
    assert.deepEqual(pairs(versions(three, 'BACKWARD')), ['v2→v1 backward ENUM_ARRAY_NARROWED']);
    assert.deepEqual(pairs(versions(three, 'BACKWARD_TRANSITIVE')), ['v2→v1 backward ENUM_ARRAY_NARROWED', 'v3→v1 backward ENUM_ARRAY_NARROWED']);
    assert.deepEqual(pairs(versions(three, 'FULL_TRANSITIVE')), ['v2→v1 backward ENUM_ARRAY_NARROWED', 'v3→v1 backward ENUM_ARRAY_NARROWED']);
    assert.deepEqual(pairs(versions(three, 'FORWARD_TRANSITIVE')), []);
  });

  it('the configuration overrides the registry, per type or as the default', () => {
    const files = versions([['present', 'absent'], ['present']], 'BACKWARD');
    assert.deepEqual(pairs(files, { settings: { eventTypes: new Map([['lesson.delivered', 'NONE']]) } }), []);
    assert.equal(pairs(files, { settings: { default: 'NONE' } }).length, 1, 'a default does not override the entry');
    assert.deepEqual(pairs(versions([['present', 'absent'], ['present']]), { settings: { default: 'FORWARD' } }), []);
  });

  it('skips versions whose schema is missing or does not parse (other rules report those)', () => {
    const files = versions([['present', 'absent'], ['present']]);
    assert.deepEqual(pairs({ ...files, [payload(2)]: '{ not json' }), []);
    const missing = { ...files };
    delete missing[payload(1)];
    assert.deepEqual(pairs(missing), []);
  });
});

describe('versionIncompatibilities verifies only the directions the mode requires', () => {
  // A mode that requires one direction skips the other's witness and counterexample searches;
  // what it reports must be what the full two-direction diff says about the required direction.
  const edits: Array<[string, (s: any) => void]> = [
    ['enum widened', (s) => s.properties.attendance.items.properties.status.enum.push('excused')],
    ['enum narrowed', (s) => s.properties.attendance.items.properties.status.enum.pop()],
    ['enum replaced', (s) => (s.properties.attendance.items.properties.status.enum = ['present', 'excused'])],
    ['property added', (s) => (s.properties.note = { type: 'string' })],
    ['property required', (s) => s.required.push('note') && (s.properties.note = { type: 'string' })],
    ['type changed', (s) => (s.properties.attendance.items.properties.status = { type: 'integer' })],
    ['open object', (s) => delete s.properties.attendance.items.additionalProperties],
  ];
  for (const mode of ['BACKWARD', 'FORWARD', 'FULL'] as CompatibilityMode[]) {
    for (const [name, edit] of edits) {
      it(`${mode}, ${name}`, () => {
        const files = editJson(versions([['present', 'absent'], ['present', 'absent']], mode), payload(2), edit);
        const model = modelOf(files);
        const full = diffSchemaFiles(model, payload(1), model, payload(2)).flatMap((change) => {
          const directions = violations(requirementsOf(mode), change);
          return directions.length ? [`${directions.join('+')} ${change.kind} ${change.pointer} ${change.message}`] : [];
        });
        const found = versionIncompatibilities(model).map((f) => `${f.directions.join('+')} ${f.change.kind} ${f.change.pointer} ${f.change.message}`);
        assert.deepEqual(found, full);
      });
    }
  }
});

describe('compat/version-incompatible', () => {
  const run = (files: Record<string, string>, context = {}) => checkModel(modelOf(files), { displayRoot: 'contracts', rules: compatRules, context }).diagnostics;

  it('reports at the change in the newer schema, naming the mode, where it comes from, and the mode that would allow the break', () => {
    const files = versions([['present', 'absent'], ['present', 'excused']]);
    const found = run(files);
    // "absent" removed and "excused" added: one change that breaks both directions.
    assert.deepEqual(found.map((d) => [d.rule, d.file, d.pointer]), [['compat/version-incompatible', `contracts/${payload(2)}`, '/properties/attendance/items/properties/status/enum']]);
    assert.match(nth(found, 0).message, /^lesson\.delivered v2 is not backward compatible: a reader of v2 rejects data valid under v1; not forward compatible: a reader of v1 rejects data valid under v2 \(ENUM_ARRAY_CHANGED: /);
    assert.match(nth(found, 0).message, /its compatibility mode is FULL \(by default\): make v2 compatible with v1, or set "compatibility": "NONE" on lesson\.delivered in the registry if the break is intended$/);
  });

  it('suggests the mode that allows every break between the two versions', () => {
    // Two changes, one per direction: each finding suggests NONE, not the mode that fits it alone.
    let files = versions([['present', 'absent'], ['present']]);
    files = editJson(files, payload(2), (s) => void (s.properties.note = { type: 'string' }));
    const found = run(files);
    assert.equal(found.length, 2);
    for (const d of found) assert.match(d.message, /set "compatibility": "NONE"/);
    assert.match(nth(run(versions([['present', 'absent'], ['present']], 'FULL_TRANSITIVE')), 0).message, /set "compatibility": "FORWARD_TRANSITIVE"/);
  });

  it('reads the configuration and the policy from the rule context', () => {
    const files = versions([['present', 'absent'], ['present']]);
    assert.equal(run(files).length, 1);
    assert.deepEqual(run(files, { compatibility: { eventTypes: new Map([['lesson.delivered', 'FORWARD']]) } }), []);
    // Strict policy: a property declared on an open object is not backward compatible.
    let open = versions([['present', 'absent'], ['present', 'absent']], 'BACKWARD');
    open = editJson(open, payload(1), (s) => void delete s.properties.attendance.items.additionalProperties);
    open = editJson(open, payload(2), (s) => {
      delete s.properties.attendance.items.additionalProperties;
      s.properties.attendance.items.properties.note = { type: 'string' };
    });
    assert.deepEqual(run(open), []);
    assert.equal(run(open, { policy: 'strict' }).length, 1);
  });
});
