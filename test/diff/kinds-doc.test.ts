/** docs/diff.md's kind tables are generated from the catalogue (src/diff/kinds.ts): the committed file must match. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withKindsSection } from '../../src/diff/kinds-doc.js';
import { ROOT } from './helpers.js';

describe('docs/diff.md change kinds', () => {
  it('is what `npm run docs` generates from src/diff/kinds.ts', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'diff.md'), 'utf8');
    assert.equal(doc, withKindsSection(doc), 'docs/diff.md is stale: run `npm run docs`');
  });
});

describe('the ChangeKind union', () => {
  it('every bound kind the differ can build is in the catalogue', async () => {
    const { boundKind, KINDS } = await import('../../src/diff/kinds.js');
    const keywords = ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'minContains', 'maxContains', 'minProperties', 'maxProperties'] as const;
    for (const keyword of keywords) for (const suffix of ['ADDED', 'REMOVED', 'INCREASED', 'DECREASED'] as const) assert.ok(KINDS.has(boundKind(keyword, suffix)), `${keyword} ${suffix}`);
  });
});
