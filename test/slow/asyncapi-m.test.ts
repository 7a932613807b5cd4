/** Every service's document of the bundled set, and the bench's M set (1,000 event types, 2,000 versions, consumers and flows) exports to an AsyncAPI document that parses with zero errors. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { generate, writeTree } from '../../bench/generate.js';
import { exportAsyncApi } from '../../src/export/asyncapi.js';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource } from '../../src/load/source.js';
import { asyncApiErrors } from '../export/asyncapi-check.js';

const dir = mkdtempSync(join(tmpdir(), 'sguild-asyncapi-m-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('export asyncapi: every document parses', () => {
  const model = loadContractSet(new FolderSource(join(import.meta.dirname, '..', '..', 'contracts')));
  it('parses with zero errors for every service', async () => {
    for (const service of model.registry!.services.keys()) {
      const result = await asyncApiErrors(exportAsyncApi(model, { service }));
      assert.deepEqual(result.errors, [], service);
    }
  });


  it('the M set parses with zero errors', async () => {
    writeTree(dir, generate('M').files);
    const m = loadContractSet(new FolderSource(dir));
    const doc = exportAsyncApi(m) as { channels: object; operations: object };
    assert.equal(Object.keys(doc.channels).length, 1000);
    const result = await asyncApiErrors(doc);
    assert.deepEqual(result.errors, []);
    assert.ok(result.parsed);
  });
});
