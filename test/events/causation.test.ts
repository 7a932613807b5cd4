/**
 * causation_id (envelope contract 1.1.0): createEvent's causedBy sets it to the parent's event_id
 * and correlation_id to the parent's correlation (or the parent's ID at a root); the checks
 * shared by validate, the examples rule and dist/validators.js report a bad one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEvent as distCreateEvent, validateEvent as distValidate } from '../../dist/index.js';
import { eventCheckerOf } from '../../src/events/for-model.js';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource } from '../../src/load/source.js';
import { nth, runCli } from '../helpers.js';

const BUNDLED = join(import.meta.dirname, '..', '..', 'contracts');
const checker = eventCheckerOf(loadContractSet(new FolderSource(BUNDLED)));
const lesson = { lesson_id: 'les_0193a7c4-1f00-7000-8000-000000000001', initiator: 'customer', reason_code: 'schedule_conflict', cancelled_at: '2026-03-12T09:00:00Z' };

describe('causation', () => {
  for (const [name, create, validate] of [
    ['in-process', checker.createEvent, checker.validateEvent],
    ['dist/validators.js', distCreateEvent as unknown as typeof checker.createEvent, distValidate as unknown as typeof checker.validateEvent],
  ] as const) {
    it(`createEvent({ causedBy }) builds the tree: causation_id is the parent, correlation_id the root (${name})`, () => {
      const root = create('lesson.cancelled', lesson, { actor: 'system:operations' });
      assert.equal(root.causation_id, undefined, 'a root has no parent');
      assert.equal(root.correlation_id, root.event_id);
      const child = create('lesson.cancelled', lesson, { actor: 'system:operations', causedBy: root as { event_id: string; correlation_id?: string } });
      assert.equal(child.causation_id, root.event_id);
      assert.equal(child.correlation_id, root.event_id);
      const grandchild = create('lesson.cancelled', lesson, { actor: 'system:operations', causedBy: child as { event_id: string; correlation_id?: string } });
      assert.equal(grandchild.causation_id, child.event_id);
      assert.equal(grandchild.correlation_id, root.event_id);
      // A parent given by ID only (no correlation) is taken as the root of the chain.
      const fromId = create('lesson.cancelled', lesson, { actor: 'system:operations', causedBy: { event_id: child.event_id as string } });
      assert.equal(fromId.correlation_id, child.event_id);
      assert.equal(validate(grandchild).ok, true);
    });

    it(`reports a causation_id that is not an event ID, or is the event's own ID (${name})`, () => {
      const event = create('lesson.cancelled', lesson, { actor: 'system:operations' });
      const notAnId = validate({ ...event, causation_id: 'les_0193a7c4-1f00-7000-8000-000000000001' });
      assert.equal(notAnId.ok, false);
      assert.deepEqual(!notAnId.ok && notAnId.errors.map((e) => [e.kind, e.pointer]), [['causation-id-invalid', '/causation_id']]);
      assert.match(!notAnId.ok ? nth(notAnId.errors, 0).message : '', /^causation_id "les_0193a7c4-1f00-7000-8000-000000000001" is not an event ID \(evt_ followed by a lower-case UUID v7\); set it to the event_id of the event that directly caused this one$/);
      const itself = validate({ ...event, causation_id: event.event_id });
      assert.deepEqual(!itself.ok && itself.errors.map((e) => e.kind), ['causation-id-invalid']);
      assert.match(!itself.ok ? nth(itself.errors, 0).message : '', /an event cannot cause itself/);
      const notString = validate({ ...event, causation_id: 42 });
      assert.deepEqual(!notString.ok && notString.errors.map((e) => e.kind), ['causation-id-invalid']);
    });
  }

  it('validate and the examples rule report it with a position', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sguild-causation-'));
    try {
      const contracts = join(dir, 'contracts');
      cpSync(BUNDLED, contracts, { recursive: true });
      const examplePath = join(contracts, 'lesson-lifecycle', 'examples', 'lesson.cancelled-v1.json');
      const example = JSON.parse(readFileSync(examplePath, 'utf8')) as Record<string, unknown>;
      writeFileSync(examplePath, JSON.stringify({ ...example, causation_id: 'evt_not-a-uuid' }, null, 2) + '\n');
      const check = await runCli(['check', '--contracts', contracts, '--format', 'json'], { cwd: dir });
      assert.equal(check.code, 1);
      const findings = (JSON.parse(check.stdout) as { diagnostics: { rule: string; file: string; line: number; message: string }[] }).diagnostics;
      const found = findings.filter((d) => d.rule === 'examples/invalid');
      assert.equal(found.length, 1, check.stdout);
      assert.match(nth(found, 0).message, /causation_id/);
      assert.ok(nth(found, 0).line > 1);

      const stream = join(dir, 'events.ndjson');
      writeFileSync(stream, JSON.stringify({ ...example, causation_id: example.event_id }) + '\n');
      const validated = await runCli(['validate', '--contracts', contracts, stream], { cwd: dir });
      assert.equal(validated.code, 1);
      assert.match(validated.stdout + validated.stderr, /causation-id-invalid/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
