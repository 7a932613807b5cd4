/**
 * `export asyncapi`: the bundled set as an AsyncAPI 3.0 document that @asyncapi/parser reads
 * with zero errors, whole and per service; channels, messages and operations follow the registry.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exportAsyncApi } from '../../src/export/asyncapi.js';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource } from '../../src/load/source.js';
import { runCli } from '../helpers.js';
import { asyncApiErrors } from './asyncapi-check.js';

const ROOT = join(import.meta.dirname, '..', '..');
const model = loadContractSet(new FolderSource(join(ROOT, 'contracts')));
type Doc = { asyncapi: string; channels: Record<string, any>; operations: Record<string, any>; components: { schemas: Record<string, any>; messages: Record<string, any> } };

describe('export asyncapi', () => {
  const doc = exportAsyncApi(model) as unknown as Doc;

  it('parses with zero errors (bundled set, whole)', async () => {
    const result = await asyncApiErrors(doc);
    assert.deepEqual(result.errors, []);
    assert.ok(result.parsed);
  });

  it('has a channel per event type, a message per version, send for the producer and receive per consumer', () => {
    const registry = model.registry!;
    assert.equal(doc.asyncapi, '3.0.0');
    assert.equal(Object.keys(doc.channels).length, registry.eventTypes.size);
    let versions = 0;
    let receives = 0;
    for (const entry of registry.eventTypes.values()) {
      versions += entry.versions.size;
      receives += entry.consumers.length;
      assert.equal(doc.channels[entry.name].address, entry.name);
      assert.deepEqual(Object.keys(doc.channels[entry.name].messages), [...entry.versions.keys()].map((v) => `${entry.name}.v${v}`));
      const send = doc.operations[`${entry.producer}.send.${entry.name}`];
      assert.equal(send.action, 'send');
      for (const c of entry.consumers) {
        const op = doc.operations[`${c.service}.receive.${entry.name}`];
        assert.equal(op.action, 'receive');
        assert.deepEqual(op.messages.map((m: { $ref: string }) => m.$ref), c.versions.map((v) => `#/channels/${entry.name}/messages/${entry.name}.v${v}`));
      }
    }
    assert.equal(Object.keys(doc.components.messages).length, versions);
    assert.equal(Object.values(doc.operations).filter((o) => o.action === 'receive').length, receives);
  });

  it('pins the envelope to the version and rewrites shared IDs to components', () => {
    const message = doc.components.messages['intake.captured.v2'];
    const [envelope, pinned] = message.payload.allOf;
    assert.equal(envelope.$ref, '#/components/schemas/envelope-v1');
    assert.deepEqual(pinned.properties.event_type, { const: 'intake.captured' });
    assert.deepEqual(pinned.properties.schema_version, { const: 2 });
    assert.deepEqual(pinned.properties.producer, { const: 'growth' });
    const payload = doc.components.schemas[pinned.properties.payload.$ref.split('/').pop()];
    assert.equal(payload.properties.form_submission_id.$ref, '#/components/schemas/form_submission_id');
    assert.equal(doc.components.schemas.form_submission_id.pattern.startsWith('^fsm_'), true);
    assert.equal(JSON.stringify(doc).includes('ids-v1.json'), false);
    assert.equal(JSON.stringify(doc).includes('"$id"'), false);
  });

  it('per service: only its channels, only its operations', () => {
    const finance = exportAsyncApi(model, { service: 'finance-mart' }) as unknown as Doc;
    assert.deepEqual(Object.keys(finance.channels), ['credit.consumed', 'credit.forfeited', 'credit.funded', 'credit.purchased', 'credit.released']);
    assert.ok(Object.values(finance.operations).every((o) => o.action === 'receive'));
    const growth = exportAsyncApi(model, { service: 'growth' }) as unknown as Doc;
    assert.deepEqual(Object.keys(growth.operations).filter((k) => k.includes('.send.')), ['growth.send.intake.captured']);
  });

  it('CLI: writes the document atomically with --out, byte-identical run to run; unknown service is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sguild-asyncapi-'));
    try {
      const a = await runCli(['export', 'asyncapi', '--out', join(dir, 'a.json')], { cwd: ROOT });
      assert.equal(a.code, 0, a.stderr);
      const b = await runCli(['export', 'asyncapi'], { cwd: ROOT });
      assert.equal(readFileSync(join(dir, 'a.json'), 'utf8'), b.stdout);
      assert.deepEqual(JSON.parse(b.stdout), JSON.parse(JSON.stringify(doc)));
      const bad = await runCli(['export', 'asyncapi', '--service', 'financemart'], { cwd: ROOT });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /unknown service "financemart"; use one of: .*finance-mart/);
      const format = await runCli(['export', 'openapi'], { cwd: ROOT });
      assert.equal(format.code, 2);
      assert.match(format.stderr, /unknown export format "openapi"; use one of: asyncapi/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
