/**
 * Cases of the registry/* rules that one fixture per rule cannot show: variants of a rule, the
 * rules staying quiet where another rule reports, and the seed's producer contradiction.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { globSync } from 'glob';
import { checkModel } from '../../src/check.js';
import { getAtPointer } from '../../src/json/pointer.js';
import { loadContractSet } from '../../src/load/loader.js';
import { MemorySource, type SourceProblem } from '../../src/load/source.js';
import { walkSchema } from '../../src/schema/walk.js';
import registryRules from '../../src/rules/registry/index.js';
import { SCHEMA_PATH, SYSTEM_ACTOR, VERSION_KEY } from '../../src/rules/registry/common.js';
import { PATTERN_HINTS, REGISTRY_SCHEMA_URL } from '../../src/rules/registry/shape.js';
import { nth, runCli } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MINIMAL = join(ROOT, 'fixtures', 'minimal', 'contracts');
const REG = 'event-types-registry.json';
const PAY = 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';

const MINIMAL_FILES = new Map(globSync('**/*', { cwd: MINIMAL, nodir: true, posix: true }).map((path) => [path, readFileSync(join(MINIMAL, path), 'utf8')] as const));
const minimalFiles = () => new Map(MINIMAL_FILES);

const minimalRegistry = () => JSON.parse(minimalFiles().get(REG)!);

/** Registry diagnostics on the minimal set with some files replaced (string), added, or removed (null). */
function check(changes: Record<string, string | object | null>, problems: SourceProblem[] = []): string[] {
  const files = minimalFiles();
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) files.delete(path);
    else files.set(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  const bytes = new Map([...files].map(([p, t]) => [p, new TextEncoder().encode(t)] as const));
  const model = loadContractSet(new MemorySource('contracts', bytes, problems));
  const { diagnostics } = checkModel(model, { displayRoot: 'contracts', rules: registryRules });
  return diagnostics.map((d) => `${d.rule} ${d.file}:${d.line}:${d.column} ${d.message}`);
}

/** The minimal registry with one event type's fields changed. */
function withEntry(change: (entry: any, registry: any) => void): string {
  const registry = minimalRegistry();
  change(registry.event_types['lesson.delivered'], registry);
  return JSON.stringify(registry, null, 2);
}

describe('registry rules', () => {
  it('report the seed contradiction: producer "delivery" is not an envelope producer', async () => {
    const dir = join(ROOT, 'fixtures', 'seed-contradiction');
    const run = await runCli(['check', '--contracts', 'contracts', '--format', 'json'], { cwd: dir });
    const registry = (JSON.parse(run.stdout).diagnostics as any[]).filter((d) => d.rule.startsWith('registry/'));
    assert.deepEqual(
      registry.map(({ rule, severity, file, line, column, message }) => ({ rule, severity, file, line, column, message })),
      [
        {
          rule: 'registry/producer-unknown',
          severity: 'error',
          file: 'contracts/event-types-registry.json',
          line: 20,
          column: 19,
          message: 'producer "delivery" of event type "lesson.delivered" is not in the envelope\'s producer enum (platform, growth, sales, operations, revenue); use one of them or add it to event-envelope/schema/envelope-v1.json',
        },
      ],
    );
    assert.equal(run.code, 1);
  });

  it('are quiet on the minimal set', () => {
    assert.deepEqual(check({}), []);
  });

  it('never throw, whatever the registry holds', () => {
    const anything = fc.jsonValue({ maxDepth: 3 });
    // Arbitrary values in every slot of a registry, keys included (__proto__ among them).
    const key = fc.oneof(fc.constantFrom('__proto__', 'lesson', '1', '01', 'system:sales', '', 'lesson.delivered'), fc.string({ maxLength: 6 }));
    const entry = fc.record(
      { contract: fc.oneof(fc.constant('lesson-lifecycle'), anything), producer: fc.oneof(fc.constant('operations'), anything), subject: fc.oneof(key, anything), actors: fc.oneof(fc.array(fc.oneof(key, anything)), anything), versions: fc.oneof(fc.dictionary(key, fc.oneof(fc.record({ schema: fc.oneof(fc.constant(PAY), fc.constant('../x.json'), fc.constant('/x.json'), anything) }), anything)), anything) },
      { requiredKeys: [] },
    );
    const root = fc.record({ registry_version: anything, id_kinds: fc.oneof(fc.dictionary(key, fc.oneof(fc.record({ prefix: fc.oneof(fc.constant('les_'), anything) }), anything)), anything), event_types: fc.oneof(fc.dictionary(key, entry), anything) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(root, anything), (value) => {
        const found = check({ [REG]: JSON.stringify(value) });
        assert.deepEqual(found.filter((d) => d.startsWith('internal/')), []);
      }),
      { seed: 20260504, numRuns: 300 },
    );
  });

  it('are quiet on the bundled contracts/ set', async () => {
    const run = await runCli(['check', '--contracts', 'contracts', '--format', 'json'], { cwd: ROOT });
    assert.deepEqual((JSON.parse(run.stdout).diagnostics as any[]).filter((d) => d.rule.startsWith('registry/')), []);
  });
});

describe('registry/shape', () => {
  it('has a hint for every pattern of the schema, and agrees with the rules on the shared grammars', () => {
    const schema = JSON.parse(readFileSync(REGISTRY_SCHEMA_URL, 'utf8'));
    const patterns: string[] = [];
    walkSchema(schema, (node) => void (typeof node.pattern === 'string' && patterns.push(node.pattern)));
    assert.deepEqual([...new Set(patterns)].sort(), Object.keys(PATTERN_HINTS).sort());
    assert.equal(getAtPointer(schema, '/$defs/eventType/properties/versions/propertyNames/pattern').value, VERSION_KEY.source);
    assert.equal(getAtPointer(schema, '/$defs/version/properties/schema/pattern').value, SCHEMA_PATH.source);
    assert.ok(SYSTEM_ACTOR.test('system:operations') && !SYSTEM_ACTOR.test('system:') && !SYSTEM_ACTOR.test('system'));
  });

  it('stays quiet when the registry does not parse (json/syntax reports it)', () => {
    assert.deepEqual(check({ [REG]: '{ "registry_version": "1.0.0", }' }), []);
  });

  it('reports a root that is not an object, and nothing else', () => {
    assert.deepEqual(check({ [REG]: '[]' }), ['registry/shape contracts/event-types-registry.json:1:1 the registry must be an object, not an array']);
  });

  it('reports missing, unknown, mistyped and malformed fields at the offending key or value', () => {
    const registry = minimalRegistry();
    delete registry.registry_version;
    registry.extra = true;
    registry.id_kinds.lesson.prefix = 'LES';
    registry.id_kinds.Person = registry.id_kinds.person;
    delete registry.id_kinds.person;
    const entry = registry.event_types['lesson.delivered'];
    entry.status = 'actve';
    entry.actors = ['person', 'robot', 'person'];
    entry.description = '';
    entry.versions = { v1: entry.versions['1'] };
    registry.event_types['lesson.cancelled'] = { contract: 'lesson-lifecycle', producer: 'operations', actors: [], status: 'active', description: 'x', versions: 3 };
    const text = JSON.stringify(registry, null, 2);
    assert.deepEqual(check({ [REG]: text }), [
      'registry/shape contracts/event-types-registry.json:1:1 the registry is missing required property "registry_version"; add it',
      'registry/shape contracts/event-types-registry.json:8:17 id kind "lesson": prefix "LES" is not valid: it must be lower-case letters and digits ending in "_", such as "les_"',
      'registry/shape contracts/event-types-registry.json:11:5 id_kinds has an invalid key "Person": keys must be lower-case letters, digits and "_", starting with a letter, such as "service_area"',
      'registry/shape contracts/event-types-registry.json:23:9 event type "lesson.delivered": actors[1] "robot" is not valid: it must be "person", "system" or "system:<domain>"',
      'registry/shape contracts/event-types-registry.json:24:9 event type "lesson.delivered": actors lists "person" twice (entries 0 and 2); remove the duplicate',
      'registry/shape contracts/event-types-registry.json:26:17 event type "lesson.delivered": status is "actve", which is not one of "active", "proposed", "deprecated"; did you mean "active"?',
      'registry/shape contracts/event-types-registry.json:27:22 event type "lesson.delivered": description must not be empty',
      'registry/shape contracts/event-types-registry.json:29:9 event type "lesson.delivered": versions has an invalid key "v1": keys must be a positive integer without leading zeros: "1", "2", …; did you mean "1"?',
      'registry/shape contracts/event-types-registry.json:37:17 event type "lesson.cancelled": actors must list at least 1 entry',
      'registry/shape contracts/event-types-registry.json:40:19 event type "lesson.cancelled": versions must be an object, not an integer',
      'registry/shape contracts/event-types-registry.json:43:3 the registry has unknown property "extra"; remove it (allowed: $schema, registry_version, compatibility, id_kinds, event_types, services, flows)',
    ]);
  });

  it('checks services, consumers and flows against the schema', () => {
    const registry = minimalRegistry();
    registry.services = { Finance: { owner: 'Revenue', description: 'x' }, ops: { description: 'Operations.' } };
    registry.event_types['lesson.delivered'].consumers = [{ service: 'ops', versions: ['01'] }, { service: 'ops' }];
    registry.flows = { short: { description: 'one step', steps: [{ event_type: 'lesson.delivered', producer: 'ops', via: 'x' }] } };
    const found = check({ [REG]: JSON.stringify(registry, null, 2) }).filter((d) => d.startsWith('registry/shape'));
    const messages = found.map((d) => d.replace(/^\S+ \S+ /, ''));
    assert.ok(messages.includes('services has an invalid key "Finance": keys must be lower-case letters, digits and "-", starting with a letter, such as "finance-mart"'), messages.join('\n'));
    assert.ok(messages.includes('service "ops" is missing required property "owner"; add it'), messages.join('\n'));
    assert.ok(messages.includes('event type "lesson.delivered": consumers[0].versions[0] "01" is not valid: it must be a positive integer without leading zeros: "1", "2", …'), messages.join('\n'));
    assert.ok(messages.includes('event type "lesson.delivered": consumers[1] is missing required property "versions"; add it'), messages.join('\n'));
    assert.ok(messages.includes('flow "short": steps must list at least 2 entries'), messages.join('\n'));
    assert.ok(messages.includes('flow "short": steps[0] has unknown property "via"; remove it (allowed: event_type, producer, description)'), messages.join('\n'));
  });

  it('accepts every compatibility mode, in an entry and registry-wide, and suggests the mode a bad value meant', () => {
    for (const mode of ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE']) {
      const registry = minimalRegistry();
      registry.compatibility = mode;
      registry.event_types['lesson.delivered'].compatibility = mode;
      assert.deepEqual(check({ [REG]: JSON.stringify(registry, null, 2) }), [], mode);
    }
    const registry = minimalRegistry();
    registry.compatibility = 'FULL_TRANSITIV';
    registry.event_types['lesson.delivered'].compatibility = 'backward';
    const found = check({ [REG]: JSON.stringify(registry, null, 2) });
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(nth(found, 0), /^registry\/shape contracts\/event-types-registry\.json:\d+:\d+ event type "lesson\.delivered": compatibility is "backward", which is not one of "BACKWARD", .*"NONE"; did you mean "BACKWARD"\?$/);
    assert.match(nth(found, 1), /^registry\/shape contracts\/event-types-registry\.json:\d+:\d+ compatibility is "FULL_TRANSITIV", which is not one of .*; did you mean "FULL_TRANSITIVE"\?$/);
  });

  it('reports a misspelt key once, at the typo, with the key it probably meant', () => {
    const text = withEntry((e) => {
      e.prodcuer = e.producer;
      delete e.producer;
    });
    assert.deepEqual(check({ [REG]: text }), ['registry/shape contracts/event-types-registry.json:32:7 event type "lesson.delivered" has unknown property "prodcuer"; did you mean "producer"?']);
  });

  it('treats "__proto__" as an ordinary key', () => {
    const text = minimalFiles().get(REG)!.replace('"lesson.delivered": {', '"__proto__": {');
    assert.deepEqual(check({ [REG]: text }), [
      'registry/event-type-name contracts/event-types-registry.json:9:5 event type name "__proto__" is not valid: it has only one segment; names are at least two dot-separated segments of lower-case letters, digits, "-" and "_", such as "lesson.delivered"',
    ]);
  });
});

describe('registry/missing', () => {
  it('points at a registry in a subfolder', () => {
    const files: Record<string, string | null> = { [REG]: null, [`nested/${REG}`]: minimalFiles().get(REG)! };
    assert.deepEqual(check(files), [
      'registry/missing contracts:1:1 no event-types-registry.json at the contracts root; there is one below it, at nested/event-types-registry.json: pass that folder with --contracts',
    ]);
  });

  it('explains a registry that is a symbolic link', () => {
    assert.deepEqual(check({ [REG]: null }, [{ path: REG, kind: 'skipped', message: 'symbolic link not followed' }]), [
      'registry/missing contracts:1:1 event-types-registry.json is a symbolic link or special file, which is never followed, so no registry was checked; replace it with the file itself',
    ]);
  });

  it('says so when event-types-registry.json is a folder', () => {
    assert.deepEqual(check({ [REG]: null, [`${REG}/notes.md`]: '# not a registry\n' }), [
      'registry/missing contracts:1:1 event-types-registry.json at the contracts root is a folder; the registry must be a JSON file of that name',
    ]);
  });

  it('leaves an unreadable registry to file/skipped', () => {
    assert.deepEqual(check({ [REG]: null }, [{ path: REG, kind: 'unreadable', message: 'cannot read file (EACCES)' }]), []);
  });
});

describe('registry/event-type-name', () => {
  const cases: [string, string][] = [
    ['lesson', 'it has only one segment'],
    ['Lesson.delivered', 'segment "Lesson" has upper-case letters'],
    ['lesson..delivered', 'it has an empty segment (a leading, trailing or doubled ".")'],
    ['lesson.1delivered', 'segment "1delivered" does not start with a lower-case letter'],
    ['lesson.deliv ered', 'segment "deliv ered" contains " "'],
    ['lesson.delivered-', 'segment "delivered-" ends with "-"'],
  ];
  for (const [name, problem] of cases) {
    it(`rejects ${JSON.stringify(name)}: ${problem}`, () => {
      const text = minimalFiles().get(REG)!.replace('"lesson.delivered": {', `${JSON.stringify(name)}: {`);
      const found = check({ [REG]: text }).filter((d) => d.startsWith('registry/event-type-name '));
      assert.equal(found.length, 1);
      assert.ok(nth(found, 0).includes(`is not valid: ${problem}; names are`), found[0]);
    });
  }

  it('accepts the seed names with "-" and "_" inside segments', () => {
    for (const name of ['geography.service-area.upserted', 'coaching.lesson.confirmation_decided', 'a.b2']) {
      const text = minimalFiles().get(REG)!.replace('"lesson.delivered": {', `${JSON.stringify(name)}: {`);
      assert.deepEqual(check({ [REG]: text }).filter((d) => d.startsWith('registry/event-type-name ')), []);
    }
  });
});

describe('registry/producer-unknown', () => {
  const envelopePath = 'event-envelope/schema/envelope-v1.json';
  const envelope = () => JSON.parse(minimalFiles().get(envelopePath)!);
  const delivery = withEntry((e) => (e.producer = 'delivery'));

  it('follows a $ref to the enum', () => {
    const env = envelope();
    env.$defs = { producer: { enum: ['operations', 'sales'] } };
    env.properties.producer = { $ref: '#/$defs/producer' };
    assert.deepEqual(check({ [REG]: delivery, [envelopePath]: env }), [
      'registry/producer-unknown contracts/event-types-registry.json:20:19 producer "delivery" of event type "lesson.delivered" is not in the envelope\'s producer enum (operations, sales); use one of them or add it to event-envelope/schema/envelope-v1.json',
    ]);
  });

  it('suggests a close producer', () => {
    assert.deepEqual(check({ [REG]: withEntry((e) => (e.producer = 'operation')) }), [
      'registry/producer-unknown contracts/event-types-registry.json:20:19 producer "operation" of event type "lesson.delivered" is not in the envelope\'s producer enum (platform, growth, sales, operations, revenue); did you mean "operations"? Or add it to event-envelope/schema/envelope-v1.json',
    ]);
  });

  it('stays quiet without an envelope or without a producer enum (the envelope rules report those)', () => {
    const env = envelope();
    env.properties.producer = { type: 'string' };
    assert.deepEqual(check({ [REG]: delivery, [envelopePath]: env }), []);
    assert.deepEqual(check({ [REG]: delivery, [envelopePath]: null }), []);
    assert.deepEqual(check({ [REG]: delivery, [envelopePath]: '{' }), []);
  });
});

describe('registry/subject-unknown', () => {
  it('stays quiet when id_kinds is not an object (registry/shape reports it)', () => {
    const registry = minimalRegistry();
    registry.id_kinds = [];
    assert.deepEqual(check({ [REG]: registry }), ['registry/shape contracts/event-types-registry.json:3:15 id_kinds must be an object, not an array']);
  });
});

describe('registry/system-actor-domain', () => {
  it('accepts the producer\'s own system actor and indexes the raw array', () => {
    assert.deepEqual(check({ [REG]: withEntry((e) => (e.actors = ['system:operations'])) }), []);
    const found = check({ [REG]: withEntry((e) => (e.actors = [7, 'system:growth'])) });
    assert.deepEqual(found, [
      'registry/shape contracts/event-types-registry.json:23:9 event type "lesson.delivered": actors[0] must be a string, not an integer',
      'registry/system-actor-domain contracts/event-types-registry.json:24:9 actor "system:growth" of event type "lesson.delivered" names domain "growth", but the producer is "operations"; use "system:operations" or "system", or fix the producer',
    ]);
  });
});

describe('registry/version-sequence', () => {
  const versions = (keys: string[]) =>
    withEntry((e) => {
      e.versions = Object.fromEntries(keys.map((k) => [k, { schema: PAY }]));
    });

  it('requires the first version to be "1"', () => {
    const found = check({ [REG]: versions(['2']) }).filter((d) => d.startsWith('registry/version-sequence'));
    assert.deepEqual(found, [
      'registry/version-sequence contracts/event-types-registry.json:29:9 event type "lesson.delivered" has version "2", but versions must start at "1"; an event type keeps every version it published, numbered 1, 2, 3, … without gaps: restore the missing version (to retire a version, keep it with "status": "deprecated" rather than deleting it), or renumber versions that were never released',
    ]);
  });

  it('reports only the first gap, in numeric order', () => {
    const found = check({ [REG]: versions(['10', '1', '2', '4']) }).filter((d) => d.startsWith('registry/version-sequence'));
    assert.deepEqual(found, [
      'registry/version-sequence contracts/event-types-registry.json:35:9 event type "lesson.delivered" has version "4", but "3" is missing; an event type keeps every version it published, numbered 1, 2, 3, … without gaps: restore the missing version (to retire a version, keep it with "status": "deprecated" rather than deleting it), or renumber versions that were never released',
    ]);
  });

  it('leaves keys that are not positive integers to registry/shape', () => {
    const found = check({ [REG]: versions(['1', '02']) });
    assert.deepEqual(found.filter((d) => d.startsWith('registry/version-sequence')), []);
    assert.equal(found.filter((d) => d.startsWith('registry/shape')).length, 1);
  });
});

describe('registry/payload-missing', () => {
  const pointing = (schema: string) => withEntry((e) => (e.versions['1'].schema = schema));
  const cases: [string, string][] = [
    ['/etc/passwd.json', 'the payload schema "/etc/passwd.json" of event type "lesson.delivered" version 1 is an absolute path; write it relative to the contracts root'],
    ['C:/schemas/x.json', 'the payload schema "C:/schemas/x.json" of event type "lesson.delivered" version 1 is an absolute path; write it relative to the contracts root'],
    ['../outside/x.json', 'the payload schema "../outside/x.json" of event type "lesson.delivered" version 1 points outside the contracts root; payload schemas must be inside it'],
    ['lesson-lifecycle/../../x.json', 'the payload schema "lesson-lifecycle/../../x.json" of event type "lesson.delivered" version 1 points outside the contracts root; payload schemas must be inside it'],
    ['https://example.com/x.json', 'the payload schema "https://example.com/x.json" of event type "lesson.delivered" version 1 is a URL; payload schemas are files inside the contracts folder, never fetched'],
    ['lesson-lifecycle\\schema\\payloads\\lesson.delivered-v1.json', 'the payload schema "lesson-lifecycle\\schema\\payloads\\lesson.delivered-v1.json" of event type "lesson.delivered" version 1 uses backslashes; separate folders with "/"'],
    ['lesson-lifecycle/schema/payloads/lesson.gone-v1.json', 'the payload schema lesson-lifecycle/schema/payloads/lesson.gone-v1.json of event type "lesson.delivered" version 1 does not exist; did you mean lesson-lifecycle/schema/payloads/lesson.delivered-v1.json?'],
  ];
  for (const [schema, message] of cases) {
    it(`reports ${schema} without reading it, and nothing else`, () => {
      assert.deepEqual(check({ [REG]: pointing(schema) }), [`registry/payload-missing contracts/event-types-registry.json:30:21 ${message}`]);
    });
  }

  it('suggests creating the file when the conventional one is missing too', () => {
    assert.deepEqual(check({ [PAY]: null }), [
      'registry/payload-missing contracts/event-types-registry.json:17:26 the payload schema lesson-lifecycle/schema/payloads/lesson.delivered-v1.json of event type "lesson.delivered" version 1 does not exist; create the schema file or fix the path',
    ]);
  });
});

describe('registry/payload-unregistered', () => {
  it('stays quiet when event_types is not usable, or the entry\'s versions are broken (registry/shape reports those)', () => {
    const extra = { 'lesson-lifecycle/schema/payloads/lesson.delivered-v2.json': minimalFiles().get(PAY)! };
    const noTypes = minimalRegistry();
    delete noTypes.event_types;
    assert.deepEqual(check({ ...extra, [REG]: noTypes }).filter((d) => !d.startsWith('registry/shape')), []);
    for (const versions of ['later', { '1': { schema: PAY }, v2: {} }]) {
      const broken = withEntry((e) => (e.versions = versions));
      assert.deepEqual(check({ ...extra, [REG]: broken }).filter((d) => !d.startsWith('registry/shape')), []);
    }
  });

  it('names the event type to register when there is none', () => {
    assert.deepEqual(check({ 'lesson-lifecycle/schema/payloads/lesson.moved-v1.json': minimalFiles().get(PAY)! }), [
      'registry/payload-unregistered contracts/lesson-lifecycle/schema/payloads/lesson.moved-v1.json:1:1 payload schema lesson-lifecycle/schema/payloads/lesson.moved-v1.json is not registered: no version in event-types-registry.json points to it; register event type "lesson.moved" with version "1", or delete it',
    ]);
  });
});

describe('registry/payload-duplicate', () => {
  it('reports a copy-pasted path once: the file the version is named for is not also reported as unregistered', () => {
    const v2 = 'lesson-lifecycle/schema/payloads/lesson.delivered-v2.json';
    const registry = minimalRegistry();
    registry.event_types['lesson.delivered'].versions['2'] = { schema: PAY };
    assert.deepEqual(check({ [REG]: registry, [v2]: minimalFiles().get(PAY)! }), [
      `registry/payload-duplicate contracts/event-types-registry.json:33:21 the payload schema ${PAY} of event type "lesson.delivered" version 2 is already registered by event type "lesson.delivered" version 1; point it at its own schema file, ${v2}`,
    ]);
  });

  it('reports the version that is not the file\'s owner, whichever comes first', () => {
    const registry = minimalRegistry();
    const delivered = registry.event_types['lesson.delivered'];
    // lesson.cancelled comes first in the registry but the file is named for lesson.delivered.
    registry.event_types = { 'lesson.cancelled': { ...delivered }, 'lesson.delivered': delivered };
    assert.deepEqual(check({ [REG]: registry }), [
      'registry/payload-duplicate contracts/event-types-registry.json:30:21 the payload schema lesson-lifecycle/schema/payloads/lesson.delivered-v1.json of event type "lesson.cancelled" version 1 is already registered by event type "lesson.delivered" version 1; give this version its own schema file, lesson-lifecycle/schema/payloads/lesson.cancelled-v1.json',
    ]);
  });

  it('keeps the first registration as owner when no version is named for the file, and reports it as misplaced', () => {
    const path = 'lesson-lifecycle/schema/payloads/shared.json';
    const registry = minimalRegistry();
    registry.event_types['lesson.delivered'].versions = { '1': { schema: path }, '2': { schema: path } };
    assert.deepEqual(check({ [REG]: registry, [path]: minimalFiles().get(PAY)!, [PAY]: null }), [
      `registry/payload-misplaced contracts/event-types-registry.json:30:21 the payload schema of event type "lesson.delivered" version 1 is registered as ${path}, but it must be ${PAY}; move or rename the file, or fix the path`,
      `registry/payload-duplicate contracts/event-types-registry.json:33:21 the payload schema ${path} of event type "lesson.delivered" version 2 is already registered by event type "lesson.delivered" version 1; give this version its own schema file, lesson-lifecycle/schema/payloads/lesson.delivered-v2.json`,
    ]);
  });
});

describe('registry/payload-misplaced', () => {
  it('leaves a version numbered after a gap to registry/version-sequence', () => {
    const registry = minimalRegistry();
    registry.event_types['lesson.delivered'].versions = { '2': { schema: PAY } };
    assert.deepEqual(check({ [REG]: registry }), [
      'registry/version-sequence contracts/event-types-registry.json:29:9 event type "lesson.delivered" has version "2", but versions must start at "1"; an event type keeps every version it published, numbered 1, 2, 3, … without gaps: restore the missing version (to retire a version, keep it with "status": "deprecated" rather than deleting it), or renumber versions that were never released',
    ]);
  });
});

describe('schemas/registry.schema.json', () => {
  it('is a valid 2020-12 schema (registry/shape compiles it without meta-validation, so this test vouches for it)', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ strict: false, logger: false });
    const schema = JSON.parse(readFileSync(REGISTRY_SCHEMA_URL, 'utf8')) as object;
    assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
    assert.equal(ajv.validateSchema({ type: 'objekt' }), false); // the check itself can fail
  });
});
