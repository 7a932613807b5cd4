/**
 * Variants of the examples/* rules that one fixture each cannot show: every way an example can
 * be misplaced, and the failures examples/invalid leaves to the rules that own them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource, MemorySource } from '../../src/load/source.js';
import { findRule } from '../../src/rules/index.js';
import { runRules } from '../../src/rules/run.js';

const MINIMAL = join(import.meta.dirname, '..', '..', 'fixtures', 'minimal', 'contracts');
const EXAMPLE = 'lesson-lifecycle/examples/lesson.delivered-v1.json';

/** The minimal tree with some files replaced, added (string) or removed (null). */
function tree(changes: Record<string, string | null>) {
  const files = new Map<string, Uint8Array>();
  for (const path of new FolderSource(MINIMAL).list()) files.set(path, readFileSync(join(MINIMAL, path)));
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) files.delete(path);
    else files.set(path, Buffer.from(text));
  }
  return loadContractSet(new MemorySource('contracts', files));
}

const example = JSON.parse(readFileSync(join(MINIMAL, EXAMPLE), 'utf8')) as Record<string, unknown>;
const registry = JSON.parse(readFileSync(join(MINIMAL, 'event-types-registry.json'), 'utf8'));
const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

function run(ruleId: string, changes: Record<string, string | null>) {
  const rule = findRule(ruleId)!;
  return runRules(tree(changes), [rule], { displayRoot: 'contracts' }).map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
}

describe('examples/misplaced', () => {
  it('a file name that names no event type and version', () => {
    assert.deepEqual(run('examples/misplaced', { [EXAMPLE]: null, 'lesson-lifecycle/examples/delivered.json': json(example) }), [
      'contracts/lesson-lifecycle/examples/delivered.json:1:1 example file name "delivered.json" does not follow <event_type>-v<N>[.<label>].json, so no tool can tell which event it shows; rename it to lesson.delivered-v1.json',
    ]);
  });
  it('an event type that disagrees with the file name and is not registered', () => {
    assert.deepEqual(run('examples/misplaced', { [EXAMPLE]: json({ ...example, event_type: 'lesson.taught' }) }), [
      'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json:3:17 event type "lesson.taught" is not registered in event-types-registry.json; register it or remove the example',
      'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json:3:17 event_type "lesson.taught" does not match the file name, which names "lesson.delivered"; rename the file to lesson.taught-v1.json or fix event_type',
    ]);
  });
  it('an example in another contract\'s folder; a labelled example is fine', () => {
    assert.deepEqual(run('examples/misplaced', { 'event-envelope/examples/lesson.delivered-v1.json': json(example), 'lesson-lifecycle/examples/lesson.delivered-v1.minimal.json': json(example) }), [
      'contracts/event-envelope/examples/lesson.delivered-v1.json:3:17 this example of lesson.delivered sits in contract folder "event-envelope", but lesson.delivered belongs to contract "lesson-lifecycle"; move it to lesson-lifecycle/examples/',
    ]);
  });
  it('stays quiet on examples that are not JSON objects and without a registry', () => {
    assert.deepEqual(run('examples/misplaced', { [EXAMPLE]: '[1]' }), []);
    assert.deepEqual(run('examples/misplaced', { [EXAMPLE]: '{' }), []);
    assert.deepEqual(run('examples/invalid', { 'event-types-registry.json': '{' }), []);
  });
});

describe('examples/missing', () => {
  it('counts labelled examples, and says nothing for a contract folder that does not exist', () => {
    assert.deepEqual(run('examples/missing', { [EXAMPLE]: null, 'lesson-lifecycle/examples/lesson.delivered-v1.late.json': json(example) }), []);
    const elsewhere = { ...registry, event_types: { 'lesson.delivered': { ...registry.event_types['lesson.delivered'], contract: 'nowhere' } } };
    assert.deepEqual(run('examples/missing', { 'event-types-registry.json': json(elsewhere) }), []);
  });
  it('a misnamed example counts by what it says it is: examples/misplaced reports the name, once', () => {
    const misnamed = { [EXAMPLE]: null, 'lesson-lifecycle/examples/lesson.deliverd-v1.json': json(example) };
    assert.deepEqual(run('examples/missing', misnamed), []);
    assert.equal(run('examples/misplaced', misnamed).length, 1);
    // One that says it is another version does not stand in for this one.
    assert.equal(run('examples/missing', { [EXAMPLE]: null, 'lesson-lifecycle/examples/lesson.deliverd-v1.json': json({ ...example, schema_version: 2 }) }).length, 1);
  });
});

describe('examples/invalid', () => {
  it('reports each failure at its value, an extra property at its name', () => {
    assert.deepEqual(run('examples/invalid', { [EXAMPLE]: json({ ...example, note: 'x', actor: 'coach' }) }), [
      'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json:9:12 actor "coach" is neither a person ID (per_ followed by a lower-case UUID v7) nor "system:<producer>" (one of platform, growth, sales, operations, revenue) [actor-invalid]',
      'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json:20:3 property "note" is not allowed (envelope schema); fix the example, or the schema if the example is right [envelope]',
    ]);
  });
  it('leaves unregistered types and versions, statuses and unusable schemas to their rules', () => {
    const deprecated = { ...registry, event_types: { 'lesson.delivered': { ...registry.event_types['lesson.delivered'], status: 'deprecated' } } };
    assert.deepEqual(run('examples/invalid', { 'event-types-registry.json': json(deprecated) }), []);
    assert.deepEqual(run('examples/invalid', { [EXAMPLE]: json({ ...example, schema_version: 2 }) }), []);
    assert.deepEqual(run('examples/invalid', { [EXAMPLE]: json({ ...example, event_type: 'lesson.taught' }) }), []);
    assert.deepEqual(run('examples/invalid', { 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json': null }), []);
  });
});
