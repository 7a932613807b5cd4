/** The plain list of configurable ids (src/rules/configurable-ids.ts) is the catalogue's, in its order. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CONFIGURABLE } from '../../src/rules/catalogue.js';
import { CONFIGURABLE_IDS } from '../../src/rules/configurable-ids.js';

it('CONFIGURABLE_IDS lists exactly the configurable ids of the catalogue', () => {
  assert.deepEqual(CONFIGURABLE_IDS, CONFIGURABLE.map((d) => d.id));
});
