/** The README edits behind `new event` / `new version`: rows and list items are added in place. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addVersionMention } from '../../src/author/readme.js';

describe('addVersionMention', () => {
  it('adds the version to the Versions cell', () => {
    const text = '| Event | Versions | Description |\n|---|---|---|\n| `a.created` | v1 | made |\n';
    assert.equal(addVersionMention(text, 'a.created', '2'), '| Event | Versions | Description |\n|---|---|---|\n| `a.created` | v1, v2 | made |\n');
  });

  it('fills in the cell of a row shorter than the header (was a TypeError)', () => {
    const text = '| Event | Description | Versions |\n|---|---|---|\n| `a.created` | made |\n';
    assert.equal(addVersionMention(text, 'a.created', '2'), '| Event | Description | Versions |\n|---|---|---|\n| `a.created` | made | v2 |\n');
  });
});
