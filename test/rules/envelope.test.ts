/**
 * Variants of the envelope/* rules that one fixture per rule cannot hold: each test takes the
 * clean minimal tree, changes one file in memory, and runs a single rule.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { globSync } from 'glob';
import { checkModel } from '../../src/check.js';
import { loadContractSet } from '../../src/load/loader.js';
import { MemorySource } from '../../src/load/source.js';
import { findRule } from '../../src/rules/index.js';
import { nth } from '../helpers.js';

const MINIMAL = join(import.meta.dirname, '..', '..', 'fixtures', 'minimal', 'contracts');
const ENVELOPE = 'event-envelope/schema/envelope-v1.json';
const IDS = 'event-envelope/schema/ids-v1.json';
const REGISTRY = 'event-types-registry.json';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

type Change = string | ((json: any) => void) | null;

/** The minimal tree with files replaced (text), edited (a function over the parsed JSON) or removed (null). */
function run(ruleId: string, changes: Record<string, Change> = {}) {
  const files = new Map<string, Uint8Array>();
  for (const path of globSync('**/*', { cwd: MINIMAL, nodir: true, posix: true })) files.set(path, readFileSync(join(MINIMAL, path)));
  for (const [path, change] of Object.entries(changes)) {
    if (change === null) files.delete(path);
    else if (typeof change === 'string') files.set(path, new TextEncoder().encode(change));
    else {
      const json = JSON.parse(new TextDecoder().decode(files.get(path)));
      change(json);
      files.set(path, new TextEncoder().encode(JSON.stringify(json, null, 2)));
    }
  }
  const rule = findRule(ruleId);
  assert.ok(rule, `no rule ${ruleId}`);
  const model = loadContractSet(new MemorySource('contracts', files));
  return checkModel(model, { displayRoot: 'contracts', rules: [rule] }).diagnostics.map(({ file, line, column, message, severity, pointer }) => ({ file, line, column, severity, pointer, message }));
}

describe('envelope rules on the clean minimal tree', () => {
  for (const id of ['envelope/missing', 'envelope/required-fields', 'envelope/actor-pattern', 'envelope/subject-pattern', 'envelope/id-definitions']) {
    it(`${id} reports nothing`, () => assert.deepEqual(run(id), []));
  }
});

describe('envelope/missing', () => {
  it('reports at the contracts root when there is no registry either', () => {
    const found = run('envelope/missing', { [ENVELOPE]: null, [REGISTRY]: null });
    assert.equal(found.length, 1);
    assert.equal(nth(found, 0).file, 'contracts');
  });
  it('names a near miss', () => {
    const text = readFileSync(join(MINIMAL, ENVELOPE), 'utf8');
    const found = run('envelope/missing', { [ENVELOPE]: null, 'event-envelope/schema/envelope.json': text });
    assert.equal(found.length, 1);
    assert.match(nth(found, 0).message, /event-envelope\/schema\/envelope\.json is not recognised: name it event-envelope\/schema\/envelope-v<N>\.json/);
  });
  it('stays quiet when the (highest) envelope exists but does not parse', () => {
    assert.deepEqual(run('envelope/missing', { 'event-envelope/schema/envelope-v2.json': '{' }), []);
  });
});

describe('envelope/required-fields', () => {
  it('stays quiet when the envelope does not parse (json/syntax reports it)', () => {
    assert.deepEqual(run('envelope/required-fields', { [ENVELOPE]: '{ "required": [' }), []);
  });
  it('reports a missing required list once, at the root', () => {
    const found = run('envelope/required-fields', { [ENVELOPE]: (s) => delete s.required });
    assert.deepEqual(found.map((f) => [f.pointer, f.line]), [['', 1]]);
    assert.match(nth(found, 0).message, /no "required" list/);
  });
  it('reports a field that is not an envelope field', () => {
    const found = run('envelope/required-fields', { [ENVELOPE]: (s) => s.required.push('tenant_id') });
    assert.deepEqual(found.map((f) => f.pointer), ['/required/7']);
    assert.match(nth(found, 0).message, /^"tenant_id" is required, but it is not an envelope field/);
  });
  it('reports each undefined property at "properties"', () => {
    const found = run('envelope/required-fields', {
      [ENVELOPE]: (s) => {
        delete s.properties.correlation_id;
        delete s.properties.payload;
      },
    });
    assert.deepEqual(found.map((f) => [f.pointer, f.message]), [
      ['/properties', 'the envelope does not define its optional field "correlation_id" in "properties"; add a schema for it'],
      ['/properties', 'the envelope does not define its required field "payload" in "properties"; add a schema for it'],
    ]);
  });
  it('checks the four type facts, pointing at the keyword', () => {
    const found = run('envelope/required-fields', {
      [ENVELOPE]: (s) => {
        s.properties.schema_version.type = 'number';
        delete s.properties.occurred_at.format;
        s.properties.payload.type = ['object', 'null'];
        s.properties.producer.enum = [];
      },
    });
    assert.deepEqual(
      found.map((f) => [f.pointer, f.message]),
      [
        ['/properties/schema_version/type', 'envelope field "schema_version": "type" is "number"; it must be "integer" (schema versions are whole numbers: 1, 2, …)'],
        ['/properties/occurred_at', 'envelope field "occurred_at": "format" is not set; it must be "date-time", so timestamps are validated as RFC 3339'],
        ['/properties/producer/enum', 'envelope field "producer": "enum" is []; it must be a non-empty list of producer names (e.g. ["platform", "growth", …]) that registry entries choose from'],
        ['/properties/payload/type', 'envelope field "payload": "type" is ["object","null"]; it must be "object" (the event-specific body, validated by its payload schema)'],
      ],
    );
  });
  it('follows $ref to find a keyword, and stays quiet on a reference that does not resolve', () => {
    const ok = run('envelope/required-fields', {
      [ENVELOPE]: (s) => (s.properties.schema_version = { $ref: 'ids-v1.json#/$defs/version' }),
      [IDS]: (s) => (s.$defs.version = { type: 'integer', minimum: 1 }),
    });
    assert.deepEqual(ok, []);
    const quiet = run('envelope/required-fields', { [ENVELOPE]: (s) => (s.properties.schema_version = { $ref: 'ids-v1.json#/$defs/nope' }) });
    assert.deepEqual(quiet, []);
    const bad = run('envelope/required-fields', {
      [ENVELOPE]: (s) => (s.properties.schema_version = { $ref: 'ids-v1.json#/$defs/version' }),
      [IDS]: (s) => (s.$defs.version = { type: 'string' }),
    });
    assert.deepEqual(bad.map((f) => [f.file, f.pointer]), [['contracts/' + IDS, '/$defs/version/type']]);
  });
});

describe('envelope/actor-pattern', () => {
  const withActor = (pattern: string | undefined) => ({
    [ENVELOPE]: (s: any) => {
      if (pattern === undefined) delete s.properties.actor.pattern;
      else s.properties.actor.pattern = pattern;
    },
  });
  it('catches a missing start anchor', () => {
    const found = run('envelope/actor-pattern', withActor(`(per_${UUID}|system:(platform|growth|sales|operations|revenue))$`));
    assert.equal(found.length, 1);
    assert.equal(nth(found, 0).pointer, '/properties/actor/pattern');
    assert.match(nth(found, 0).message, /but it accepts "xsystem:platform" and "xper_01937b2e-4c1a-7d3e-9f10-2a3b4c5d6e7f";/);
  });
  it('catches a pattern that accepts any person-like prefix and non-v7 UUIDs', () => {
    const found = run('envelope/actor-pattern', withActor(`^([a-z]{3}_[0-9a-f-]{36}|system:(platform|growth|sales|operations|revenue))$`));
    assert.match(nth(found, 0).message, /but it accepts "zzz_01937b2e-4c1a-7d3e-9f10-2a3b4c5d6e7f", "per_01937b2e-4c1a-4d3e-9f10-2a3b4c5d6e7f", "qer_01937b2e-4c1a-7d3e-9f10-2a3b4c5d6e7f", "pfr_01937b2e-4c1a-7d3e-9f10-2a3b4c5d6e7f" and 1 more;/);
  });
  it('catches an actor without any pattern, pointing at the property', () => {
    const found = run('envelope/actor-pattern', withActor(undefined));
    assert.equal(nth(found, 0).pointer, '/properties/actor');
    assert.match(nth(found, 0).message, /accepts "system:", "system:unknown", "system:platformx", "xsystem:platform" and 7 more;/);
  });
  it('tests only the system samples when the registry has no person kind', () => {
    const found = run('envelope/actor-pattern', {
      [REGISTRY]: (r) => delete r.id_kinds.person,
      [ENVELOPE]: (s) => (s.properties.actor.pattern = '^system:(platform|growth)$'),
    });
    assert.equal(found.length, 1);
    assert.match(nth(found, 0).message, /^the actor pattern must accept exactly <person_id> or system:<producer> .* but it rejects "system:sales", "system:operations" and "system:revenue"; use "pattern": "\^\(<person_id pattern>\|system:\(platform\|growth\|sales\|operations\|revenue\)\)\$"$/);
  });
  it('stays quiet on an invalid regular expression (the schema rules report it) and on a missing actor', () => {
    assert.deepEqual(run('envelope/actor-pattern', withActor('^(per_')), []);
    assert.deepEqual(run('envelope/actor-pattern', { [ENVELOPE]: (s) => delete s.properties.actor }), []);
  });
  it('is not silenced by an unresolved reference elsewhere in the envelope', () => {
    const found = run('envelope/actor-pattern', {
      [ENVELOPE]: (s) => {
        s.properties.event_id.$ref = 'ids-v1.json#/$defs/nope';
        s.properties.actor.pattern = '^system:platform$';
      },
    });
    assert.equal(found.length, 1);
    assert.match(nth(found, 0).message, /but it rejects "per_01937b2e-4c1a-7d3e-9f10-2a3b4c5d6e7f", "system:growth", "system:sales", "system:operations" and 1 more;/);
  });
  it('follows the producer enum through $ref', () => {
    const found = run('envelope/actor-pattern', {
      [ENVELOPE]: (s) => (s.properties.producer = { $ref: 'ids-v1.json#/$defs/producer' }),
      [IDS]: (s) => (s.$defs.producer = { enum: ['platform', 'growth', 'sales', 'operations', 'revenue', 'delivery'] }),
    });
    assert.equal(found.length, 1);
    assert.match(nth(found, 0).message, /rejects "system:delivery"/);
  });
});

describe('envelope/subject-pattern', () => {
  it('names the kind, its prefix and the event types using it when their IDs are rejected', () => {
    const found = run('envelope/subject-pattern', { [ENVELOPE]: (s) => (s.properties.subject.pattern = `^per_${UUID}$`) });
    assert.deepEqual(found.map((f) => [f.pointer, f.message]), [
      ['/properties/subject/pattern', `the subject pattern rejects lesson IDs (prefix "les_"), but "lesson.delivered" uses "lesson" as subject; accept them, e.g. add a branch { "pattern": "^les_${UUID}$" }`],
    ]);
  });
  it('reads anyOf branches and points at them', () => {
    const found = run('envelope/subject-pattern', {
      [ENVELOPE]: (s) => {
        delete s.properties.subject.pattern;
        s.properties.subject.anyOf = [{ pattern: `^per_${UUID}$` }, { pattern: `^evt_${UUID}$` }];
      },
    });
    assert.deepEqual(found.map((f) => f.pointer), ['/properties/subject/anyOf']);
    assert.match(nth(found, 0).message, /rejects lesson IDs/);
    const fixed = run('envelope/subject-pattern', {
      [ENVELOPE]: (s) => {
        delete s.properties.subject.pattern;
        s.properties.subject.oneOf = [{ pattern: `^per_${UUID}$` }, { pattern: `^les_${UUID}$` }];
      },
    });
    assert.deepEqual(fixed, []);
  });
  it('catches near-miss prefixes that an over-broad branch accepts', () => {
    const found = run('envelope/subject-pattern', { [ENVELOPE]: (s) => (s.properties.subject.pattern = `^([a-z]es|per)_${UUID}$`) });
    assert.equal(found.length, 1);
    assert.match(nth(found, 0).message, /^the subject pattern accepts "mes_01937b2e-4c1a-7d3e-9f10-2a3b4c5d6e7f", an ID whose prefix no id kind registers;/);
  });
  it('ignores subject kinds the registry does not define (registry rules report them)', () => {
    assert.deepEqual(run('envelope/subject-pattern', { [REGISTRY]: (r) => (r.event_types['lesson.delivered'].subject = 'coach') }), []);
  });
  it('stays quiet when the registry does not parse', () => {
    assert.deepEqual(run('envelope/subject-pattern', { [REGISTRY]: '{', [ENVELOPE]: (s) => (s.properties.subject.pattern = '.*') }), []);
  });
});

describe('envelope/id-definitions', () => {
  it('reports a missing ID schema once, at the registry id_kinds key', () => {
    const found = run('envelope/id-definitions', { [IDS]: null });
    assert.deepEqual(found.map((f) => [f.file, f.line, f.column, f.pointer]), [['contracts/' + REGISTRY, 3, 3, '/id_kinds']]);
    assert.match(nth(found, 0).message, /^no shared ID schema: the registry declares 3 id kinds but event-envelope\/schema\/ids-v<N>\.json does not exist/);
  });
  it('reports a missing definition with the pattern to add', () => {
    const found = run('envelope/id-definitions', { [IDS]: (s) => delete s.$defs.event_id });
    assert.deepEqual(found.map((f) => [f.pointer, f.message]), [
      ['/$defs', `no $defs/event_id for id kind "event" (prefix "evt_"); payload schemas cannot reference its IDs: add "event_id": { "type": "string", "pattern": "^evt_${UUID}$" }`],
    ]);
  });
  it('catches a pattern that accepts another registered prefix or a non-v7 UUID', () => {
    const found = run('envelope/id-definitions', { [IDS]: (s) => (s.$defs.person_id.pattern = '^(per|les)_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$') });
    assert.equal(found.length, 1);
    assert.equal(nth(found, 0).pointer, '/$defs/person_id/pattern');
    assert.match(nth(found, 0).message, /^person_id must accept exactly "per_" followed by a lower-case UUID v7, but it accepts "les_01937b2e-4c1a-7d3e-9f10-2a3b4c5d6e7f" and "per_01937b2e-4c1a-4d3e-9f10-2a3b4c5d6e7f";/);
  });
  it('catches a pattern that accepts unregistered prefixes one character away', () => {
    const found = run('envelope/id-definitions', { [IDS]: (s) => (s.$defs.lesson_id.pattern = `^le[a-z]_${UUID}$`) });
    assert.equal(found.length, 1);
    assert.match(nth(found, 0).message, /but it accepts "let_01937b2e-4c1a-7d3e-9f10-2a3b4c5d6e7f";/);
  });
  it('reads draft-07 definitions', () => {
    const found = run('envelope/id-definitions', {
      [IDS]: (s) => {
        s.$schema = 'http://json-schema.org/draft-07/schema#';
        s.definitions = s.$defs;
        delete s.$defs;
        s.definitions.lesson_id.pattern = `^lez_${UUID}$`;
      },
    });
    assert.deepEqual(found.map((f) => f.pointer), ['/definitions/lesson_id/pattern']);
    assert.match(nth(found, 0).message, /but it rejects "les_01937b2e-4c1a-7d3e-9f10-2a3b4c5d6e7f";/);
  });
  it('handles a __proto__ id kind as an ordinary name', () => {
    const found = run('envelope/id-definitions', { [REGISTRY]: '{"registry_version":"1.0.0","id_kinds":{"__proto__":{"prefix":"pro_","description":"x"}},"event_types":{}}' });
    assert.deepEqual(found.map((f) => [f.severity, f.pointer]), [
      ['error', '/$defs'],
      ['warning', '/$defs/event_id'],
      ['warning', '/$defs/lesson_id'],
      ['warning', '/$defs/person_id'],
    ]);
    assert.match(nth(found, 0).message, /^no \$defs\/__proto___id for id kind "__proto__"/);
  });
});
