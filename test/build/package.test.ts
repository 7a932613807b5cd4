/**
 * The generated package for the bundled contracts, used as a consumer would: Node imports
 * events.js (and requires events.cjs) and sees every registered event type; a strict
 * TypeScript project (fixtures/consumer) type-checks against it, including every bundled
 * example as an AnyEventEnvelope, and fails exactly where it must.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { runCli } from '../helpers.js';
import { BUNDLED, REPO, tempDir } from './util.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: unknown) => void;

interface Registry {
  id_kinds: Record<string, { prefix: string }>;
  event_types: Record<string, { contract: string; producer: string; subject?: string; actors: string[]; status: string; versions: Record<string, { schema: string }> }>;
}
type Events = {
  EVENT_TYPE_NAMES: readonly string[];
  EVENT_TYPES: Record<string, { name: string; contract: string; producer: string; subject: string | null; actors: string[]; status: string; currentVersion: number; versions: Record<string, { schema: unknown }> }>;
  ID_KINDS: Record<string, { prefix: string }>;
  isEventType(value: unknown): boolean;
  getEventType(type: string): unknown;
  payloadSchema(type: string, version?: number): unknown;
};

const registry = JSON.parse(readFileSync(join(BUNDLED, 'event-types-registry.json'), 'utf8')) as Registry;

/** Every bundled example: contracts/<contract>/examples/*.json. */
function examples(): { path: string; event: { event_type: string; schema_version: number; payload: unknown } }[] {
  const found = [];
  for (const contract of readdirSync(BUNDLED).sort()) {
    let names: string[];
    try {
      names = readdirSync(join(BUNDLED, contract, 'examples')).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const name of names) found.push({ path: `${contract}/examples/${name}`, event: JSON.parse(readFileSync(join(BUNDLED, contract, 'examples', name), 'utf8')) });
  }
  return found;
}

describe('the generated package for the bundled contracts', () => {
  let dir: string;
  let dist: string;
  before(async () => {
    dir = tempDir();
    dist = join(dir, 'dist');
    const run = await runCli(['build', '--contracts', BUNDLED, '--out', dist], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
  });

  it('imports in Node and lists every registered event type with its registry data', async () => {
    const events = (await import(pathToFileURL(join(dist, 'events.js')).href)) as Events;
    const names = Object.keys(registry.event_types).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert.ok(names.length > 0);
    assert.deepEqual([...events.EVENT_TYPE_NAMES], names);
    assert.deepEqual(Object.keys(events.EVENT_TYPES), names);
    for (const name of names) {
      const entry = registry.event_types[name];
      const info = events.EVENT_TYPES[name];
      assert.ok(entry && info, name);
      assert.equal(info.name, name);
      assert.equal(info.contract, entry.contract);
      assert.equal(info.producer, entry.producer);
      assert.equal(info.subject, entry.subject ?? null);
      assert.deepEqual([...info.actors], entry.actors);
      assert.equal(info.status, entry.status);
      assert.deepEqual(Object.keys(info.versions), Object.keys(entry.versions));
      assert.equal(info.currentVersion, Math.max(...Object.keys(entry.versions).map(Number)));
      assert.equal(events.isEventType(name), true);
      assert.equal(events.getEventType(name), info);
      assert.equal(events.payloadSchema(name), info.versions[String(info.currentVersion)]?.schema);
    }
    assert.deepEqual(Object.fromEntries(Object.entries(events.ID_KINDS).map(([k, v]) => [k, v.prefix])), Object.fromEntries(Object.entries(registry.id_kinds).map(([k, v]) => [k, v.prefix])));
    assert.equal(events.isEventType('credit.reserve'), false);
    assert.equal(events.isEventType('constructor'), false);
    assert.equal(events.getEventType('toString'), undefined);
    assert.equal(events.payloadSchema('credit.reserved', 99), undefined);
    assert.ok(Object.isFrozen(events.EVENT_TYPES) && Object.isFrozen(events.EVENT_TYPES['credit.reserved']?.versions['1']?.schema));
    assert.throws(() => {
      (events.EVENT_TYPES['credit.reserved'] as { producer: string }).producer = 'sales';
    }, TypeError);

    const index = await import(pathToFileURL(join(dist, 'index.js')).href);
    assert.equal(index.EVENT_TYPES, events.EVENT_TYPES);
    const require = createRequire(join(dist, 'index.cjs'));
    const cjs = require('./index.cjs') as Events;
    assert.deepEqual(cjs.EVENT_TYPE_NAMES, events.EVENT_TYPE_NAMES);
    assert.deepEqual(cjs.EVENT_TYPES, events.EVENT_TYPES);
    assert.equal(typeof cjs.payloadSchema, 'function');
  });

  it('holds self-contained payload schemas that accept every bundled example', async () => {
    const events = (await import(pathToFileURL(join(dist, 'events.js')).href)) as Events;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const all = examples();
    assert.ok(all.length > 0);
    for (const { path, event } of all) {
      const schema = events.payloadSchema(event.event_type, event.schema_version);
      assert.ok(schema, `${path}: no schema for ${event.event_type} v${event.schema_version}`);
      // No reference may leave the schema: only same-document fragments remain.
      for (const ref of JSON.stringify(schema).matchAll(/"\$ref":"([^"]*)"/g)) assert.ok(ref[1]?.startsWith('#'), `${path}: external $ref ${ref[1]}`);
      const validate = ajv.compile({ ...(schema), $id: `urn:test:${event.event_type}:${event.schema_version}` });
      assert.equal(validate(event.payload), true, `${path}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it('type-checks the consumer fixture and every bundled example with tsc', () => {
    const consumer = join(dir, 'fixtures', 'consumer');
    cpSync(join(REPO, 'fixtures', 'consumer'), consumer, { recursive: true });
    // Each example must be a valid AnyEventEnvelope as written (literal types inferred from the JSON).
    const lines = [`import type { AnyEventEnvelope } from '../../dist/index.js';`];
    examples().forEach(({ path, event }, i) => lines.push(`// ${path}`, `export const example${i}: AnyEventEnvelope = ${JSON.stringify(event)};`));
    writeFileSync(join(consumer, 'examples.ts'), lines.join('\n') + '\n');
    const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], { encoding: 'utf8' });
    assert.equal(tsc.stdout + tsc.stderr, '');
    assert.equal(tsc.status, 0);

    // The same project with the expected errors un-marked fails exactly on those lines: the checks are real.
    const source = readFileSync(join(consumer, 'consumer.ts'), 'utf8');
    writeFileSync(join(consumer, 'consumer.ts'), source.replace(/\/\/ @ts-expect-error/g, '// expected:'));
    const failing = spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], { encoding: 'utf8' });
    assert.equal(failing.status, 1);
    const errorLines = [...new Set([...failing.stdout.matchAll(/consumer\.ts\((\d+),\d+\): error TS\d+/g)].map((m) => Number(m[1])))];
    const expected = source.split('\n').flatMap((line, i) => (line.startsWith('// @ts-expect-error') ? [i + 2] : []));
    assert.ok(expected.length >= 7);
    assert.deepEqual(errorLines, expected, failing.stdout);
  });
});
