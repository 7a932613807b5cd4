/**
 * `witnesses: 'any'` (the catalog's diffs): the same changes as the default `'best'` (kinds, flags,
 * places, messages, order); only which witness a change carries may differ, and every one of
 * them is still confirmed by ajv.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diffSchemaFiles } from '../../src/diff/contract-diff.js';
import { DEFAULT_DIFF_OPTIONS, type Change } from '../../src/diff/types.js';
import { versionPairs } from '../../src/diff/version-compat.js';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource } from '../../src/load/source.js';
import { checkWitnesses, modelOf, ROOT } from './helpers.js';

const withoutWitnesses = (changes: readonly Change[]) => changes.map(({ witness: _w, reverseWitness: _r, ...rest }) => rest);

const before = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', pattern: '^[a-z]+$' },
    status: { enum: ['open', 'closed', 'held'] },
    label: { type: 'string', maxLength: 40 },
    count: { type: 'integer', minimum: 0 },
    tags: { type: 'array', items: { type: 'string' } },
  },
};
// Several breaks under one root, in both directions: the case where a change's witness is chosen among many.
const after = {
  type: 'object',
  required: ['id', 'label'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z]{2,}$' },
    status: { enum: ['open', 'closed', 'archived'] },
    label: { type: 'string', maxLength: 20 },
    count: { type: 'number', minimum: 1 },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
  },
};

describe("diff witnesses: 'any'", () => {
  it('reports the same changes as the default, each witness confirmed by ajv', () => {
    for (const [a, b] of [
      [before, after],
      [after, before],
    ]) {
      const best = diffSchemaFiles(modelOf({ 'old.json': a }), 'old.json', modelOf({ 'new.json': b }), 'new.json');
      const any = diffSchemaFiles(modelOf({ 'old.json': a }), 'old.json', modelOf({ 'new.json': b }), 'new.json', { ...DEFAULT_DIFF_OPTIONS, witnesses: 'any' });
      assert.ok(best.filter((c) => !c.backward || !c.forward).length > 1, 'several incompatible changes');
      assert.deepEqual(withoutWitnesses(any), withoutWitnesses(best));
      assert.deepEqual(any.map((c) => [c.witness === undefined, c.reverseWitness === undefined]), best.map((c) => [c.witness === undefined, c.reverseWitness === undefined]));
      assert.deepEqual(checkWitnesses(any, a, b).map((c) => c.kind), checkWitnesses(best, a, b).map((c) => c.kind));
    }
  });

  it('gives the bundled contracts’ version pairs the same changes as the default', () => {
    const model = loadContractSet(new FolderSource(join(ROOT, 'contracts')));
    const pairs = versionPairs(model);
    assert.ok(pairs.length > 0);
    for (const { older, newer } of pairs) {
      const best = diffSchemaFiles(model, older.schema, model, newer.schema);
      const any = diffSchemaFiles(model, older.schema, model, newer.schema, { ...DEFAULT_DIFF_OPTIONS, witnesses: 'any' });
      assert.deepEqual(withoutWitnesses(any), withoutWitnesses(best), `${older.schema} → ${newer.schema}`);
    }
  });
});
