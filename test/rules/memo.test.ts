/**
 * The per-unit memo of the rules (src/rules/memo.ts): over a series of edits, a check that
 * reuses the findings remembered from the previous runs reports exactly what a check without
 * any memo reports, and it does reuse them (only the units reading an edited file are redone).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildModel } from '../../src/build/build.js';
import { checkModel } from '../../src/check.js';
import { folderCache } from '../../src/core/content-cache.js';
import { StoredRuleMemo } from '../../src/rules/memo.js';
import { editJson, MINIMAL, modelOf, readTree } from '../diff/helpers.js';
import { fileIn } from '../helpers.js';

const REG = 'event-types-registry.json';
const IDS = 'event-envelope/schema/ids-v1.json';
const payload = (v: number) => `lesson-lifecycle/schema/payloads/lesson.delivered-v${v}.json`;
const example = (v: number) => `lesson-lifecycle/examples/lesson.delivered-v${v}.json`;

/** The minimal set with three versions of lesson.delivered, each with its example. */
function threeVersions(): Record<string, string> {
  const base = readTree(MINIMAL);
  let files: Record<string, string> = { ...base };
  for (const v of [2, 3]) {
    files[payload(v)] = fileIn(base, payload(1));
    files = editJson(files, payload(v), (s) => void (s.$id = s.$id.replace('-v1', `-v${v}`)));
    files[example(v)] = fileIn(base, example(1));
    files = editJson(files, example(v), (e) => void (e.schema_version = v));
  }
  return editJson(files, REG, (r) => void (r.event_types['lesson.delivered'].versions = { 1: { schema: payload(1) }, 2: { schema: payload(2) }, 3: { schema: payload(3) } }));
}

/** Each step edits the set the previous step left. */
const EDITS: Array<[string, (files: Record<string, string>) => Record<string, string>]> = [
  ['nothing', (f) => f],
  ['v2 narrows an enum (compat/version-incompatible)', (f) => editJson(f, payload(2), (s) => void s.properties.attendance.items.properties.status.enum.pop())],
  ['the v3 example breaks its schema (examples/invalid)', (f) => editJson(f, example(3), (e) => void (e.payload.attendance[0].status = 'late'))],
  ['a description changes (nothing to find)', (f) => editJson(f, payload(1), (s) => void (s.description = 'edited'))],
  ['the shared ID definitions change (every schema that references them)', (f) => editJson(f, IDS, (s) => void (s.$defs.person_id.pattern = '^per_[0-9a-f]+$'))],
  ['a schema gets an unknown keyword (schema/invalid)', (f) => editJson(f, payload(3), (s) => void (s.properties.attendance.maxItem = 3))],
  ['the registry changes the mode (every pair of the type)', (f) => editJson(f, REG, (r) => void (r.event_types['lesson.delivered'].compatibility = 'BACKWARD_TRANSITIVE'))],
  ['v2 is put back', (f) => ({ ...f, [payload(2)]: fileIn(threeVersions(), payload(2)) })],
  ['an example names another version', (f) => editJson(f, example(1), (e) => void (e.schema_version = 2))],
  ['the v3 schema is removed', (f) => Object.fromEntries(Object.entries(f).filter(([path]) => path !== payload(3)))],
];

describe('rule memo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sguild-memo-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a check reusing remembered findings reports exactly what a fresh check reports, edit after edit', () => {
    const cache = folderCache(dir);
    let files = threeVersions();
    const seen = new Set<string>();
    let reused = 0;
    for (const [name, edit] of EDITS) {
      files = edit(files);
      const fresh = checkModel(modelOf(files), { displayRoot: 'contracts' }).diagnostics;
      const memo = new StoredRuleMemo(cache, 'contracts');
      const remembered = checkModel(modelOf(files), { displayRoot: 'contracts', context: { memo } }).diagnostics;
      memo.save();
      assert.deepEqual(remembered, fresh, `after: ${name}`);
      for (const d of fresh) seen.add(d.rule);
      if (name !== 'nothing') {
        assert.ok(memo.hits > 0, `after "${name}" some units are reused`);
        reused += memo.hits;
      }
      // Run again unchanged: everything comes from the memo, and the findings are the same.
      const again = new StoredRuleMemo(cache, 'contracts');
      assert.deepEqual(checkModel(modelOf(files), { displayRoot: 'contracts', context: { memo: again } }).diagnostics, fresh, `again after: ${name}`);
      assert.equal(again.misses, 0, `nothing to redo after "${name}"`);
    }
    // The edits did produce the findings of every memoized rule.
    for (const rule of ['compat/version-incompatible', 'examples/invalid', 'schema/invalid']) assert.ok(seen.has(rule), rule);
    assert.ok(reused > 0);
  });

  it('an edit redoes only the units that read the edited file', () => {
    const cache = folderCache(mkdtempSync(join(dir, 'units-')));
    const files = threeVersions();
    const first = new StoredRuleMemo(cache, 'contracts');
    checkModel(modelOf(files), { displayRoot: 'contracts', context: { memo: first } });
    first.save();
    // The v3 example: its own unit of examples/invalid, nothing else.
    const memo = new StoredRuleMemo(cache, 'contracts');
    checkModel(modelOf(editJson(files, example(3), (e) => void (e.occurred_at = '2026-05-05T16:00:00Z'))), { displayRoot: 'contracts', context: { memo } });
    assert.equal(memo.misses, 1);
  });

  it('a damaged table is a miss, never a wrong finding', () => {
    const store = new Map<string, unknown>();
    const cache = { get: <T>(key: string, schema: (v: unknown) => v is T) => (schema(store.get(key)) ? (store.get(key) as T) : undefined), set: (key: string, value: unknown) => void store.set(key, value) };
    const files = editJson(threeVersions(), payload(2), (s) => void s.properties.attendance.items.properties.status.enum.pop());
    const fresh = checkModel(modelOf(files), { displayRoot: 'contracts' }).diagnostics;
    const first = new StoredRuleMemo(cache, 'contracts');
    checkModel(modelOf(files), { displayRoot: 'contracts', context: { memo: first } });
    first.save();
    for (const [key, value] of store) store.set(key, { units: Object.fromEntries(Object.keys((value as { units: object }).units).map((k) => [k, [{ file: 42 }]])) });
    const memo = new StoredRuleMemo(cache, 'contracts');
    assert.deepEqual(checkModel(modelOf(files), { displayRoot: 'contracts', context: { memo } }).diagnostics, fresh);
    assert.equal(memo.hits, 0);
  });

  it('build, with a cache, stops on exactly the findings of an uncached build after each edit', async () => {
    const cache = folderCache(mkdtempSync(join(dir, 'build-')));
    let files = threeVersions();
    for (const [name, edit] of EDITS) {
      files = edit(files);
      const fresh = await buildModel(modelOf(files), { displayRoot: 'contracts', generators: [] });
      const remembered = await buildModel(modelOf(files), { displayRoot: 'contracts', generators: [], cache });
      assert.deepEqual(remembered, fresh, `after: ${name}`);
    }
  });
});
